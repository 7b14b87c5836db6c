"""Parse and clean: any HTML rewritten into a small, well-formed subset in one linear pass.

HTML is never given raw to a parser: Python 3.11's ``html.parser`` is quadratic on some
malformed input (200k ``<a`` took minutes). `Tokenizer` reads the body once, left to right, and
writes only known tags with a few checked attributes (links already made safe by `clean_url`),
text with "<", "&" and no-break spaces replaced by private-use stand-ins, nesting bounded by
`MAX_NESTING`, hidden elements and scripts dropped. Quote and signature containers are marked
with a tag the input cannot forge (``lemtuimark``: the input's own never survives, only known
tags do), which the layout turns into a line holding a random per-call token. Inside a quote,
text in a style of its own (a colour, a highlight, bold) is wrapped in private-use style marks,
which `_quotes` reads to find answers typed into the quoted mail and then removes.

Guarantees: time linear in the input (a flood of markup past `MAX_MARKUP` tokens or
`MAX_TAGS` emitted tags is stripped by C-speed regexes instead of read); output well formed
enough for html2text and `_layout.DirectLayout`; no attribute but href/alt/start/k reaches them.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Literal

from lemtui.mail.render._links import MAX_LINK_TEXT, MAX_URL_CHARS, clean_url
from lemtui.text import clean_line

__all__ = [
    "MARK",
    "MAX_NESTING",
    "MAX_TAGS",
    "PH_NL",
    "STYLE_CLOSE",
    "STYLE_OPEN",
    "Tokenizer",
    "unplace",
]

MAX_NESTING = 12
"""Lists, blockquotes and tables nested deeper than this are flattened (html2text's list and
quote prefixes grow with depth, so 8,000 nested lists would cost quadratic time and space)."""


_VOID = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "image",
        "input",
        "keygen",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
        "frame",
    ]
)
_AS_DIV = frozenset(
    [
        "div",
        "section",
        "article",
        "header",
        "footer",
        "main",
        "nav",
        "aside",
        "center",
        "address",
        "figure",
        "figcaption",
        "details",
        "summary",
        "fieldset",
        "legend",
        "form",
        "caption",
        "hgroup",
        "noscript",
        "listing",
        "xmp",
        "plaintext",
    ]
)
_KEPT = frozenset(
    [
        "p",
        "br",
        "hr",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "blockquote",
        "ul",
        "ol",
        "li",
        "dl",
        "dt",
        "dd",
        "table",
        "tr",
        "td",
        "th",
        "pre",
        "a",
        "img",
        "q",
    ]
)
_BLOCKS = _AS_DIV | (_KEPT - {"a", "img", "q", "td", "th"})
# Emitted tags after which whitespace-only text still matters (inline content, <pre>).
_INLINE_EDGES = ("<a ", "</a", "<img", "<q", "</q", "<pre", "</pre")
_RENAMED = {"menu": "ul", "dir": "ul", "image": "img"}
_RAW_TEXT = frozenset({"script", "style", "title", "template", "noembed", "noframes"})
_RAW_CLOSE = {name: re.compile(f"</{name}", re.IGNORECASE) for name in _RAW_TEXT}
_NESTED_GROUP = {"ul": "list", "ol": "list", "blockquote": "blockquote", "table": "table"}
_TABLE_PARTS = frozenset({"tr", "td", "th"})
_WANTED_ATTRS = frozenset(
    [
        "href",
        "src",
        "alt",
        "class",
        "id",
        "type",
        "style",
        "width",
        "height",
        "start",
        "hidden",
        "background",
        "color",
    ]
)
# Inline tags that carry nothing for a terminal; attribute-less ones are stripped in bulk (fast
# on tag floods), so none of them may open a hidden or quote region. The emphasis tags become
# style marks first (`_EMPHASIS_OPEN_RE`).
_BULK = [
    "small",
    "big",
    "sup",
    "sub",
    "tt",
    "kbd",
    "code",
    "s",
    "strike",
    "del",
    "ins",
    "mark",
    "abbr",
    "cite",
    "nobr",
    "bdi",
    "wbr",
    "tbody",
    "thead",
    "tfoot",
    "o:p",
]


def _alternation(words: list[str]) -> str:
    """Words as a regex alternation grouped by first letter (sre tries 27 branches at each "<"
    otherwise; this takes a third off the pass)."""
    groups: dict[str, list[str]] = {}
    for word in words:
        groups.setdefault(word[0], []).append(re.escape(word[1:]))
    return "|".join(
        re.escape(first)
        + (f"(?:{'|'.join(sorted(rests, key=len, reverse=True))})" if rests != [""] else "")
        for first, rests in groups.items()
    )


# Tags whose end tag never reaches the tokenizer (stripped in bulk, or made a style close): one
# of them cannot hide what it holds, since nothing would end the hiding ("when unsure, show").
_EMPHASIS_NAMES = ["b", "strong", "i", "em", "u", "mark"]
_UNCLOSED = frozenset([*_BULK, *_EMPHASIS_NAMES, "font"])


def _bulk_re(*, emphasis: bool, font_end: bool) -> re.Pattern[str]:
    """The bulk strip: attribute-less inline tags, the emphasis tags too when no quote can hold
    style marks, and `</font>` too unless a `<font color=…>` needs it to close its mark."""
    names = _BULK + (_EMPHASIS_NAMES if emphasis else []) + ([] if font_end else ["font"])
    font_start = "|<font\\s*/?>" if font_end else ""
    return re.compile(f"</?(?:{_alternation(names)})\\s*/?>{font_start}", re.IGNORECASE)


_BULK_RES = {
    (emphasis, font_end): _bulk_re(emphasis=emphasis, font_end=font_end)
    for emphasis in (False, True)
    for font_end in (False, True)
}
_FONT_COLOR_RE = re.compile(r"<font\b[^<>]{0,500}?\bcolor", re.IGNORECASE)
# What every quote region's opening tag holds (`_regions`): a blockquote, a quote class, an
# Outlook header's border, a reply id. Looked for with `in` on the lowered body: an
# IGNORECASE alternation scans twenty times slower.
_QUOTE_HINTS = (
    "blockquote",
    "_quote",
    "border-top",
    "rplyfwdmsg",
    "appendonsend",
    "moz-cite-prefix",
    "zmail_extra",
)
_QUOTE_CLASSES = frozenset(
    {
        "gmail_quote",
        "gmail_quote_container",
        "yahoo_quoted",
        "moz-cite-prefix",
        "protonmail_quote",
        "zmail_extra",
    }
)
_QUOTE_TO_END_IDS = frozenset(
    {"divrplyfwdmsg", "x_divrplyfwdmsg", "appendonsend", "x_appendonsend"}
)
_SIGNATURE_CLASSES = frozenset({"gmail_signature", "moz-signature"})
_SIGNATURE_IDS = frozenset(
    {"signature", "x_signature", "applemailsignature", "ms-outlook-mobile-signature"}
)
_OUTLOOK_HEADER_STYLE_RE = re.compile(
    r"border-top\s*:\s*solid\s+#(?:e1e1e1|b5c4df)\s+1(?:\.0)?pt", re.IGNORECASE
)
_HIDDEN_STYLE_RE = re.compile(r"display\s*:\s*none", re.IGNORECASE)
# Style marks: inside a quote, a run with a style of its own (a colour, a highlight, bold) is
# wrapped in STYLE_OPEN + a one-character style id ... STYLE_CLOSE, so `_quotes` can tell an
# answer typed in blue between the quoted questions from the quoted text. Private-use
# characters, like the stand-ins below; the input's own become U+FFFD.
STYLE_OPEN, STYLE_CLOSE = "\ue004", "\ue005"
_STYLE_BASE = 0xE100
_MAX_STYLES = 1500
_EMPHASIS = STYLE_OPEN + chr(_STYLE_BASE)  # id 0: <b>, <strong>, <i>, <em>, <u>, <mark>
_EMPHASIS_TAGS = frozenset(_EMPHASIS_NAMES)
_EMPHASIS_OPEN_RE = re.compile(f"<(?:{'|'.join(_EMPHASIS_NAMES)})\\s*>", re.IGNORECASE)
_EMPHASIS_CLOSE_RE = re.compile(f"</(?:{'|'.join(_EMPHASIS_NAMES)})\\s*>", re.IGNORECASE)
_STYLE_MARKS_RE = re.compile("\ue004[\ue100-\ue6ff]?|\ue005")
_MAX_STYLE_DEPTH = 32
_MAX_STYLE_MARKS = 10_000
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


def _style_key(name: str, attrs: dict[str, str]) -> str:
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


_TIGHT_P_STYLE_RE = re.compile(
    r"(?:^|;)\s*margin(?:-bottom)?\s*:\s*0(?:px|pt|em|cm)?\s*(?:;|$)", re.IGNORECASE
)
MARK = "lemtuimark"
MAX_TAGS = 30_000
"""Tags handed to html2text (about 10 µs each); the rest of a tag flood is laid out simply."""
MAX_MARKUP = 60_000
"""Markup tokens read carefully (a few µs each); beyond, the rest is stripped by regexes."""
_TAIL_RAW_RE = re.compile(r"<(script|style|title)\b[^<>]*>[^<]*</\1\s*>", re.IGNORECASE)
_TAIL_BLOCK_RE = re.compile(
    r"</?(?:p|div|br|li|tr|h[1-6]|table|ul|ol|blockquote|hr|pre|section|article|header|footer"
    r"|center|dl|dt|dd)\b[^<>]*>",
    re.IGNORECASE,
)
_TAIL_TAG_RE = re.compile(r"<[/!?]?[a-zA-Z][^<>]*>|<!--|-->")

# Private-use stand-ins for "<", "&", no-break space and a forced line break while html2text
# runs: entities would cost a parser callback each. The input's own U+E000–U+E005 (with the
# style marks) become U+FFFD.
_PH_LT, _PH_AMP, _PH_NBSP, PH_NL = "\ue000", "\ue001", "\ue002", "\ue003"
_PH_INPUT_RE = re.compile("[\ue000-\ue005]")
# html.unescape's own entity pattern, minus the stand-ins (which never belong to an entity).
_ENTITY_RE = re.compile(r"&(?:#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[^\t\n\f <&#;\ue000-\ue005]{1,32};?)")


def neutralize_stand_ins(text: str) -> str:
    """The body's own U+E000–U+E005 as U+FFFD: only lemtui may write a stand-in or a mark."""
    return _PH_INPUT_RE.sub("\ufffd", text)


def _decode_entity(m: re.Match[str]) -> str:
    decoded = html.unescape(m.group())
    return _PH_INPUT_RE.sub("\ufffd", decoded) if decoded != m.group() else decoded


def _unescape(text: str) -> str:
    """`html.unescape`, except that an entity never decodes to a stand-in or a style mark
    (`&#xe004;` would forge one): those become U+FFFD, while the marks already in `text` stay."""
    return _ENTITY_RE.sub(_decode_entity, text) if "&" in text else text


def unplace(text: str) -> str:
    """The stand-ins back to what they stand for (chained replaces: ~40x faster than translate)."""
    return (
        text.replace(_PH_LT, "<").replace(_PH_AMP, "&").replace(_PH_NBSP, " ").replace(PH_NL, "\n")
    )


_TAG_START_RE = re.compile(r"<(?=[a-zA-Z/!?])")
_FAST_TAG_RE = re.compile(r"""<([a-zA-Z][^\s/>]*+)((?:[^>"']++|"[^"]*+"|'[^']*+')*+)>""")
_START_NAME_RE = re.compile(r"<([a-zA-Z][^\s/>]*+)")
_ATTR_RE = re.compile(
    r"""[\s/]*+(?:([^\s/>"'=][^\s/>=]*+)(?:\s*+=\s*+(?:"([^"]*+)"|'([^']*+)'|([^\s>]*+)))?)?"""
)
_ATTRS_RE = re.compile(
    r"""([^\s/>"'=][^\s/>=]*+)(?:\s*+=\s*+(?:"([^"]*+)"|'([^']*+)'|([^\s"'>]*+)))?"""
)
_END_TAG_RE = re.compile(r"</([a-zA-Z][^\s/>]*+)[^>]*+>?")
_BOGUS_RE = re.compile(r"<[!?/][^>]*+>?")


_PLACEHOLDER_ALTS = frozenset(
    {"image", "img", "picture", "photo", "pixel", "spacer", "tracking", "icon", "logo", "banner"}
)
_FILE_NAME_RE = re.compile(r"[\w.-]+\.(?:png|jpe?g|gif|webp|svg|bmp)", re.IGNORECASE)


def _meaningful_alt(alt: str) -> bool:
    """An alt text that says something (a heading drawn as an image), not a placeholder."""
    bare = alt.strip(" .-_*|•·[]()")
    if len(bare) < 2 or bare.lower() in _PLACEHOLDER_ALTS:
        return False
    return _FILE_NAME_RE.fullmatch(bare) is None


def _escape_text(text: str) -> str:
    return text.replace("<", _PH_LT).replace("&", _PH_AMP).replace("\xa0", _PH_NBSP)


def _escape_attr(value: str) -> str:
    return value.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")


def _attr_value(groups: tuple[str | None, ...]) -> str:
    value = groups[1] or groups[2] or groups[3] or ""
    if "\ue004" in value or "\ue005" in value:  # an emphasis tag written inside the value
        value = _STYLE_MARKS_RE.sub("", value)
    return _unescape(value[:MAX_URL_CHARS])


@dataclass(slots=True)
class _Region:
    kind: Literal["quote", "signature"]
    tag: str  # "" when the region runs to the end of the body
    depth: int = 1


@dataclass(slots=True)
class Tokenizer:
    """Rewrites any HTML into the subset `_Converter` understands, in one linear pass."""

    src: str
    token: str
    out: list[str] = field(default_factory=list)
    tags: int = 0
    images: int = 0
    pixels: int = 0
    region: _Region | None = None
    hidden_tag: str = ""
    hidden_depth: int = 0
    link_open: Literal["", "link", "text"] = ""
    tight_p: bool = False
    open_nested: dict[str, int] = field(default_factory=dict)
    dropped: dict[str, int] = field(default_factory=dict)
    missing_close: set[str] = field(default_factory=set)
    parsed: dict[str, tuple[str, dict[str, str]]] = field(default_factory=dict)
    styles: dict[str, str] = field(default_factory=dict)
    """Style marks by style key (`_style_key`), at most `_MAX_STYLES`."""
    blank_div: int = -1
    """Length of `out` when a "<div>" got only spaces (a blank line unless more follows)."""
    style_ids: dict[tuple[str, str, str], str | None] = field(default_factory=dict)
    """Style ids by (tag, style, color) as written: a newsletter repeats its spans a lot."""
    style_marks: int = _MAX_STYLE_MARKS
    style_stack: list[bool] = field(default_factory=list)
    """For each open <span>/<font> inside a quote: whether it opened a style mark."""
    block_styles: list[bool] = field(default_factory=list)
    """The same for each open <p>/<div> inside a quote."""

    @property
    def simplified(self) -> bool:
        """Whether the tag budget is spent (the rest is laid out simply)."""
        return self.tags >= MAX_TAGS

    def run(self) -> str:
        src = self.src
        if any(ph in src for ph in (_PH_LT, _PH_AMP, _PH_NBSP, PH_NL, STYLE_OPEN, STYLE_CLOSE)):
            src = neutralize_stand_ins(src)
        lowered = src.lower()
        quotes = any(hint in lowered for hint in _QUOTE_HINTS)  # no quote opens without one
        if quotes:
            src = _EMPHASIS_CLOSE_RE.sub(STYLE_CLOSE, _EMPHASIS_OPEN_RE.sub(_EMPHASIS, src))
        font_end = quotes and _FONT_COLOR_RE.search(src) is not None
        src = _BULK_RES[not quotes, font_end].sub("", src)
        n, pos, budget = len(src), 0, MAX_MARKUP
        while pos < n:
            budget -= 1
            if budget < 0:
                self._simple_tail(src[pos:])
                break
            m = _TAG_START_RE.search(src, pos)
            end = m.start() if m else n
            if end > pos and not self.hidden_depth:
                raw = src[pos:end]
                last = self.out[-1] if self.out else ""
                if (STYLE_OPEN in raw or STYLE_CLOSE in raw) and (
                    self.link_open
                    or self.region is None
                    or self.region.kind != "quote"
                    or self._spend_marks(raw.count(STYLE_OPEN)) < 0
                ):
                    raw = _STYLE_MARKS_RE.sub("", raw)  # style matters only in a quote's text
                if raw.isspace() and last[:1] == "<" and not last.startswith(_INLINE_EDGES):
                    # indentation between block tags: a parser callback saved, same text; but a
                    # "<div> </div>" is how Yandex and others write a blank line
                    if last == "<div>" and "\n" not in raw:
                        self.blank_div = len(self.out)
                elif raw:
                    self.out.append(_escape_text(_unescape(raw)))
            if m is None:
                break
            pos = self._markup(src, end)
        if self.link_open == "link":
            self._emit("</a>")
        return "".join(self.out)

    def _simple_tail(self, tail: str) -> None:
        """The rest of a markup flood, as text with line breaks, in a few C-speed passes."""
        self.tags = max(self.tags, MAX_TAGS)
        if self.link_open == "link":
            self._emit("</a>")
            self.link_open = ""
        tail = _TAIL_BLOCK_RE.sub(PH_NL, _TAIL_RAW_RE.sub("", tail))
        tail = _STYLE_MARKS_RE.sub("", _TAIL_TAG_RE.sub("", tail))
        self.out.append(_escape_text(_unescape(tail)))

    def _emit(self, tag: str) -> None:
        self.tags += 1
        self.out.append(tag)

    def _markup(self, src: str, pos: int) -> int:
        nxt = src[pos + 1]
        if nxt == "!" and src.startswith("<!--", pos):
            if "-->" not in self.missing_close:
                close = src.find("-->", pos + 4)
                if close >= 0:
                    return close + 3
                self.missing_close.add("-->")
            return pos + 4  # unclosed comment: keep what follows, like an unclosed <style>
        if nxt == "/" and (m := _END_TAG_RE.match(src, pos)):
            self._end_tag(_RENAMED.get(name := m.group(1).lower(), name))
            return m.end()
        if nxt in "!?/":
            m = _BOGUS_RE.match(src, pos)
            return m.end() if m else pos + 1
        attrs: dict[str, str] = {}
        fast = _FAST_TAG_RE.match(src, pos)
        if fast is not None:
            end = fast.end()
            whole = fast.group()
            parsed = self.parsed.get(whole)  # newsletters repeat their <td style=…> a lot
            if parsed is not None:
                name, attrs = parsed
            else:
                name = fast.group(1).lower()
                if fast.group(2):
                    for groups in _ATTRS_RE.findall(fast.group(2)):
                        attr = groups[0].lower()
                        if attr in _WANTED_ATTRS and attr not in attrs:
                            attrs[attr] = _attr_value(groups)
                self.parsed[whole] = name, attrs  # never mutated: shared by its repeats
        else:
            name, end = self._slow_tag(src, pos, attrs)
            if end < 0:
                return len(src)  # end of input inside a tag: the tag is dropped
        if name in _RAW_TEXT:
            return self._raw_text(src, name, end)
        self._start_tag(_RENAMED.get(name, name), attrs)
        return end

    @staticmethod
    def _slow_tag(src: str, pos: int, attrs: dict[str, str]) -> tuple[str, int]:
        """A start tag the fast pattern refused (a quote left open): attribute by attribute."""
        m = _START_NAME_RE.match(src, pos)
        assert m is not None
        pos, n = m.end(), len(src)
        while True:
            a = _ATTR_RE.match(src, pos)
            assert a is not None
            pos = a.end()
            if a.group(1) is None:
                if pos >= n:
                    return "", -1
                pos += 1
                if src[pos - 1] == ">":
                    return m.group(1).lower(), pos
                continue
            attr = a.group(1).lower()
            if attr in _WANTED_ATTRS and attr not in attrs:
                attrs[attr] = _attr_value(a.groups())

    def _raw_text(self, src: str, name: str, pos: int) -> int:
        """Skips a script/style/title body; when it is never closed, keeps what follows."""
        if name not in self.missing_close:
            close = _RAW_CLOSE[name].search(src, pos)
            if close is not None:
                end = src.find(">", close.end())
                return len(src) if end < 0 else end + 1
            self.missing_close.add(name)
        return pos

    def _last_tag(self) -> str:
        """The last tag emitted, looking past whitespace-only text (at most a few items)."""
        for item in reversed(self.out[-4:]):
            if item.startswith("<"):
                return item
            if item.strip():
                return ""
        return ""

    def _mark(self, kind: str) -> None:
        if self.link_open == "link":
            self._emit("</a>")
            self.link_open = ""
        if self.tags >= MAX_TAGS:  # simplified
            self.out.append(f"{PH_NL}{self.token}{kind}{PH_NL}")
        elif kind == "e" and self.out and self.out[-1].startswith(f"<{MARK}"):
            self.out.pop()  # an empty region (Gmail's empty signature div)
        else:
            self._emit(f'<{MARK} k="{kind}">')

    def _start_tag(self, name: str, attrs: dict[str, str]) -> None:
        is_image = name == "img" or (name == "input" and attrs.get("type", "").lower() == "image")
        pixel = False
        if is_image and attrs.get("src", "").strip():
            pixel = self._count_image(attrs)
        if (attrs.get("background") or "").strip():
            self.images += 1
        if self.hidden_depth:
            if name == self.hidden_tag:
                self.hidden_depth += 1
            return
        if (
            attrs
            and name not in _VOID
            and name not in _UNCLOSED
            and ("hidden" in attrs or _HIDDEN_STYLE_RE.search(attrs.get("style") or ""))
        ):
            self.hidden_tag, self.hidden_depth = name, 1
            return
        if self.region is not None and self.region.kind == "quote":
            if name in ("span", "font"):
                self._open_style(name, attrs)
            elif name in _EMPHASIS_TAGS and not self.link_open and self._spend_marks(1) >= 0:
                self.out.append(_EMPHASIS)  # "<b style=…>": its "</b>" is a style close already
        self._regions(name, attrs)
        if self.tags >= MAX_TAGS:  # simplified
            if name in _BLOCKS:
                self.out.append(PH_NL)
            elif name in ("td", "th"):
                self.out.append(" ")
            return
        if name in _AS_DIV:
            self._emit("<div>")
            self._open_block_style(attrs)
        elif name == "p":
            tight = "msonormal" in (attrs.get("class") or "").lower() or _TIGHT_P_STYLE_RE.search(
                attrs.get("style") or ""
            )
            self.tight_p = bool(tight)
            self._emit("<div>" if tight else "<p>")
            self._open_block_style(attrs)
        elif name == "a":
            if self.link_open == "link":
                self._emit("</a>")
            url = clean_url(attrs["href"]) if "href" in attrs else None
            self.link_open = "text" if url is None else "link"
            if url is not None:
                self._emit(f'<a href="{_escape_attr(url)}">')
        elif name == "img":
            alt = clean_line(attrs.get("alt") or "")[:MAX_LINK_TEXT]
            if self.link_open == "link" and alt:
                self._emit(f'<img alt="{_escape_attr(alt)}">')
            elif not pixel and _meaningful_alt(alt):
                self.out.append(_escape_text(f"[{alt}]"))  # as w3m shows it
        elif name in ("br", "hr"):
            last = self._last_tag()
            if name == "hr" and last == "<hr>":
                return
            if name == "br" and last == "<br>" and self.out[-2:] == ["<br>", "<br>"]:
                return
            self._emit(f"<{name}>")
        elif name in _NESTED_GROUP:
            group = _NESTED_GROUP[name]
            if self.open_nested.get(group, 0) >= MAX_NESTING:
                self.dropped[name] = self.dropped.get(name, 0) + 1
                return
            self.open_nested[group] = self.open_nested.get(group, 0) + 1
            self.open_nested[name] = self.open_nested.get(name, 0) + 1
            start = attrs.get("start", "")
            if name == "ol" and start.isdigit() and len(start) < 9:
                self._emit(f'<ol start="{start}">')
            else:
                self._emit(f"<{name}>")
        elif name in _TABLE_PARTS:
            if not self.dropped.get("table"):
                self._emit(f"<{name}>")
        elif name in _KEPT:
            self._emit(f"<{name}>")

    def _open_block_style(self, attrs: dict[str, str]) -> None:
        """A style mark for a <p>/<div> in a quote written in a colour of its own."""
        if self.region is None or self.region.kind != "quote":
            return
        self._open_style("div", attrs)
        self.block_styles.append(self.style_stack.pop())

    def _spend_marks(self, count: int) -> int:
        """Takes `count` style marks from the body's budget; what is left (negative: none)."""
        self.style_marks -= count
        return self.style_marks

    def _open_style(self, name: str, attrs: dict[str, str]) -> None:
        """A style mark for a <span>/<font> in a quote whose text looks different (`_style_key`)."""
        ident = None
        if attrs and len(self.style_stack) < _MAX_STYLE_DEPTH:
            raw = (name, attrs.get("style", ""), attrs.get("color", ""))
            if raw in self.style_ids:
                ident = self.style_ids[raw]
            elif len(self.style_ids) < _MAX_STYLES:  # past that, a new spelling is plain text
                key = _style_key(name, attrs)
                ident = self.styles.get(key) if key else None
                if key and ident is None and len(self.styles) < _MAX_STYLES:
                    ident = self.styles[key] = chr(_STYLE_BASE + 1 + len(self.styles))
                self.style_ids[raw] = ident
        opened = ident is not None and not self.link_open and self._spend_marks(1) >= 0
        if opened:
            self.out.append(STYLE_OPEN + str(ident))
        self.style_stack.append(opened)

    def _count_image(self, attrs: dict[str, str]) -> bool:
        """Counts a remote image; True when it is a tracking pixel."""
        self.images += 1
        sizes = {attrs.get("width", "").strip(), attrs.get("height", "").strip()}
        if sizes <= {"0", "1", "0px", "1px"} or _HIDDEN_STYLE_RE.search(attrs.get("style", "")):
            self.pixels += 1
            return True
        return False

    def _regions(self, name: str, attrs: dict[str, str]) -> None:
        region = self.region
        if region is not None:
            if region.tag and name == region.tag:
                region.depth += 1
            if region.kind == "quote":
                return
        if name in _VOID:
            return
        if name == "blockquote":
            # A mail client's quote says so (type=cite, a quote class); a bare blockquote may
            # be mere indentation, which `_quotes` decides from what surrounds it.
            cited = (attrs.get("type") or "").lower() == "cite" or bool(
                set((attrs.get("class") or "").lower().split()) & _QUOTE_CLASSES
            )
            self._mark("q" if cited else "w")
            self.region = _Region("quote", name)
            return
        if "class" not in attrs and "id" not in attrs and (name != "div" or "style" not in attrs):
            return  # nothing below can match
        classes = set((attrs.get("class") or "").lower().split())
        ident = (attrs.get("id") or "").lower()
        if ident in _QUOTE_TO_END_IDS or (
            name == "div" and _OUTLOOK_HEADER_STYLE_RE.search(attrs.get("style") or "")
        ):
            self._mark("q")
            self.region = _Region("quote", "")
        elif classes & _QUOTE_CLASSES:
            self._mark("q")
            self.region = _Region("quote", name)
        elif region is None and (classes & _SIGNATURE_CLASSES or ident in _SIGNATURE_IDS):
            self._mark("s")
            self.region = _Region("signature", name)

    def _end_tag(self, name: str) -> None:
        if self.hidden_depth:
            if name == self.hidden_tag:
                self.hidden_depth -= 1
            return
        if name in ("span", "font") and self.style_stack:
            opened = self.style_stack.pop()
            if opened and not self.link_open:
                self.out.append(STYLE_CLOSE)
        if self.tags >= MAX_TAGS:  # simplified
            if name in _BLOCKS:
                self.out.append(PH_NL)
        elif name == "a":
            if self.link_open == "link":
                self._close("a")
            self.link_open = ""
        elif name == "br":
            self._start_tag("br", {})  # browsers read </br> as <br>
        elif name in _NESTED_GROUP:
            if self.dropped.get(name):
                self.dropped[name] -= 1
            elif self.open_nested.get(name):
                self.open_nested[name] -= 1
                self.open_nested[_NESTED_GROUP[name]] -= 1
                self._close(name)
        elif name in _TABLE_PARTS:
            if not self.dropped.get("table"):
                self._close(name)
        elif name in _AS_DIV or name == "p":
            if self.block_styles and self.block_styles.pop():
                if self.out and self.out[-1].startswith(STYLE_OPEN):
                    self.out.pop()  # an empty styled block
                else:
                    self.out.append(STYLE_CLOSE)
            self._close("div" if name in _AS_DIV or self.tight_p else "p")
        elif name in _KEPT and name not in _VOID:
            self._close(name)
        region = self.region
        if region is not None and region.tag == name:
            region.depth -= 1
            if region.depth == 0:
                self.region = None
                self.style_stack.clear()
                self.block_styles.clear()
                self._mark("e")

    def _close(self, name: str) -> None:
        last = self.out[-1] if self.out else ""
        if name == "div" and last == "<div>" and self.blank_div == len(self.out):
            self.out[-1] = "<br>"  # "<div> </div>": a blank line
        elif last == f"<{name}>" or (name == "a" and last.startswith("<a ")):
            self.out.pop()  # an empty element: emit neither tag
        else:
            self._emit(f"</{name}>")
