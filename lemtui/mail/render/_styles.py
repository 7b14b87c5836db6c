"""Style marks: which runs of a quote look different from the quoted text around them.

Inside a quote, a run with a style of its own (a colour, a highlight, bold) is wrapped in
`STYLE_OPEN` + a one-character style id … `STYLE_CLOSE`, so the quote reader can tell an answer
typed in blue between the quoted questions from the quoted text. `style_key` says what makes
an element's text look different; black, white and greys (pasted text, a signature's small
print) do not count.

Guarantees: bounded. At most `MAX_STYLES` style ids (U+E101 on), `MAX_STYLE_MARKS` marks a
body and `MAX_STYLE_DEPTH` nested styled elements; past them, text is written unmarked.
"""

from __future__ import annotations

import re

from lemtui.mail.render._stand_ins import STYLE_OPEN

__all__ = [
    "EMPHASIS",
    "EMPHASIS_CLOSE_RE",
    "EMPHASIS_NAMES",
    "EMPHASIS_OPEN_RE",
    "EMPHASIS_TAGS",
    "MAX_STYLES",
    "MAX_STYLE_DEPTH",
    "MAX_STYLE_MARKS",
    "STYLE_BASE",
    "STYLE_MARKS_RE",
    "style_key",
]

EMPHASIS_NAMES = ["b", "strong", "i", "em", "u", "mark"]
STYLE_BASE = 0xE100
MAX_STYLES = 1500
EMPHASIS = STYLE_OPEN + chr(STYLE_BASE)  # id 0: <b>, <strong>, <i>, <em>, <u>, <mark>
EMPHASIS_TAGS = frozenset(EMPHASIS_NAMES)
EMPHASIS_OPEN_RE = re.compile(f"<(?:{'|'.join(EMPHASIS_NAMES)})\\s*>", re.IGNORECASE)
EMPHASIS_CLOSE_RE = re.compile(f"</(?:{'|'.join(EMPHASIS_NAMES)})\\s*>", re.IGNORECASE)
STYLE_MARKS_RE = re.compile("\ue004[\ue100-\ue6ff]?|\ue005")
MAX_STYLE_DEPTH = 32
MAX_STYLE_MARKS = 10_000
"""Style marks per body: past them a flood of <b> or <span style> in a quote is plain text."""
_STYLE_PROPERTY_RE = re.compile(
    r"(?:^|;)\s*(color|background(?:-color)?|mso-highlight|font-weight|font-style"
    r"|text-decoration)\s*:\s*([^;]{1,60})",
    re.IGNORECASE,
)
_PLAIN_VALUES = frozenset(
    {"black", "#000", "#000000", "windowtext", "auto", "inherit", "initial", "currentcolor"}
    | {"white", "#fff", "#ffffff", "window", "transparent", "none", "normal", "400", "unset"}
    | {"rgb(0,0,0)", "rgb(255,255,255)"}
)


_GREY_NAMES = frozenset({"gray", "grey", "dimgray", "dimgrey", "darkgray", "darkgrey", "silver"})
_HEX_RE = re.compile(r"#([0-9a-f]{6}|[0-9a-f]{3})")
_RGB_RE = re.compile(r"rgba?\((\d{1,3}),(\d{1,3}),(\d{1,3})")


def _is_neutral(value: str) -> bool:
    """Black, white or a grey: pasted text's "rgb(34,34,34)", a signature's small print."""
    if value in _PLAIN_VALUES or value in _GREY_NAMES or value.startswith("var("):
        return True
    if m := _HEX_RE.match(value):
        digits = m.group(1) if len(m.group(1)) == 6 else "".join(c * 2 for c in m.group(1))
        rgb = [int(digits[i : i + 2], 16) for i in (0, 2, 4)]
    elif m := _RGB_RE.match(value):
        rgb = [int(m.group(i)) for i in (1, 2, 3)]
    else:
        return False
    return max(rgb) - min(rgb) < 24


def style_key(name: str, attrs: dict[str, str]) -> str:
    """What makes an inline element's text look different: colour, highlight, weight, slant."""
    parts = []
    if name == "font" and attrs.get("color"):
        color = "".join(attrs["color"].lower().split())
        if not _is_neutral(color):
            parts.append("color:" + color)
    for prop, value in _STYLE_PROPERTY_RE.findall(attrs.get("style") or ""):
        value = "".join(value.lower().replace("!important", "").split())
        if not _is_neutral(value):
            parts.append(f"{prop.lower()}:{value}")
    return ";".join(sorted(parts))
