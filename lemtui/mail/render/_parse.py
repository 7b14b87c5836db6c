"""Parse and clean: any HTML rewritten into a small, well-formed subset in one linear pass.

HTML is never given raw to a parser: Python 3.11's ``html.parser`` is quadratic on some
malformed input (200k ``<a`` took minutes). `Tokenizer` reads the body once, left to right, and
writes only known tags with a few checked attributes (links already made safe by `clean_url`),
text with "<", "&" and no-break spaces replaced by private-use stand-ins, nesting bounded by
`MAX_NESTING`, hidden elements and scripts dropped. Quote and signature containers are marked
with a tag the input cannot forge (``lemtuimark``: the input's own never survives, only known
tags do), which the layout turns into a line holding a random per-call token. Inside a quote,
text in a style of its own (a colour, a highlight, bold) is wrapped in private-use style marks,
which the quote reader (`_answers`) reads to find answers typed into the quoted mail and
then removes.

The tables it applies are in `_tags` (which HTML it knows), `_styles` (what makes a quoted run
look different) and `_stand_ins` (the private-use characters only lemtui writes).

Guarantees: time linear in the input (a flood of markup past `MAX_MARKUP` tokens or
`MAX_TAGS` emitted tags is stripped by C-speed regexes instead of read); output well formed
enough for html2text and `_layout.DirectLayout`; no attribute but href/alt/start/k reaches them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from lemtui.mail.render._links import (
    MAX_LINK_TEXT,
    MAX_URL_CHARS,
    bare_urls,
    clean_url,
    enclosed,
)
from lemtui.mail.render._stand_ins import (
    PH_NL,
    STAND_INS,
    STYLE_CLOSE,
    STYLE_OPEN,
    escape_attr,
    escape_text,
    neutralize_stand_ins,
    unescape,
)
from lemtui.mail.render._styles import (
    EMPHASIS,
    EMPHASIS_CLOSE_RE,
    EMPHASIS_OPEN_RE,
    EMPHASIS_TAGS,
    MAX_STYLE_DEPTH,
    MAX_STYLE_MARKS,
    MAX_STYLES,
    STYLE_BASE,
    STYLE_MARKS_RE,
    style_key,
)
from lemtui.mail.render._tags import (
    APPEND_MARKER_IDS,
    AS_DIV,
    BLOCKS,
    BULK_RES,
    FONT_COLOR_RE,
    HIDDEN_STYLE_RE,
    INLINE_EDGES,
    KEPT,
    NESTED_GROUP,
    OUTLOOK_HEADER_STYLE_RE,
    QUOTE_CLASSES,
    QUOTE_HINTS,
    QUOTE_TO_END_IDS,
    RAW_CLOSE,
    RAW_TEXT,
    RENAMED,
    SIGNATURE_CLASSES,
    SIGNATURE_IDS,
    TABLE_PARTS,
    TIGHT_P_STYLE_RE,
    UNCLOSED,
    VOID,
    WANTED_ATTRS,
)
from lemtui.text import clean_line

__all__ = ["MARK", "MAX_MARKUP", "MAX_NESTING", "MAX_TAGS", "Tokenizer"]

MAX_NESTING = 12
"""Lists, blockquotes and tables nested deeper than this are flattened (html2text's list and
quote prefixes grow with depth, so 8,000 nested lists would cost quadratic time and space)."""


MARK = "lemtuimark"
MAX_TAGS = 30_000
"""Tags handed to html2text (about 10 µs each); the rest of a tag flood is laid out simply."""
MAX_MARKUP = 60_000
"""Markup tokens read carefully (a few µs each); beyond, the rest is stripped by regexes."""
_TAIL_RAW_RE = re.compile(
    r"<(script|style|title|template|noembed|noframes)\b[^<>]*>[^<]*(?:</\1\s*>)?", re.IGNORECASE
)
"""A raw-text element in a markup flood's tail, closed or not: its content never shows."""
_TAIL_BLOCK_RE = re.compile(
    r"</?(?:p|div|br|li|tr|h[1-6]|table|ul|ol|blockquote|hr|pre|section|article|header|footer"
    r"|center|dl|dt|dd)\b[^<>]*>",
    re.IGNORECASE,
)
_TAIL_TAG_RE = re.compile(r"<[/!?]?[a-zA-Z][^<>]*>|<!--|-->")

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
    if bare[:4].lower() == "cid:":
        return False  # Outlook's inline part id ("cid:image001.png@01DB4A2C.5E3F1A20"): no words
    return _FILE_NAME_RE.fullmatch(bare) is None


def _attr_value(groups: tuple[str | None, ...]) -> str:
    value = groups[1] or groups[2] or groups[3] or ""
    if "\ue004" in value or "\ue005" in value:  # an emphasis tag written inside the value
        value = STYLE_MARKS_RE.sub("", value)
    return unescape(value[:MAX_URL_CHARS])


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
    """Style marks by style key (`style_key`), at most `MAX_STYLES`."""
    blank_div: int = -1
    """Length of `out` when a "<div>" got only spaces (a blank line unless more follows)."""
    style_ids: dict[tuple[str, str, str], str | None] = field(default_factory=dict)
    """Style ids by (tag, style, color) as written: a newsletter repeats its spans a lot."""
    style_marks: int = MAX_STYLE_MARKS
    style_stack: list[bool] = field(default_factory=list)
    """For each open <span>/<font> inside a quote: whether it opened a style mark."""
    block_styles: list[int] = field(default_factory=list)
    """For each open <p>/<div> inside a quote: where in `out` its style mark is (-1: none)."""
    append_pending: bool = False
    """Outlook's history marker was seen (`APPEND_MARKER_IDS`): the next `<hr>` opens the quote."""

    @property
    def simplified(self) -> bool:
        """Whether the tag budget is spent (the rest is laid out simply)."""
        return self.tags >= MAX_TAGS

    def run(self) -> str:
        src = self.src
        if any(ph in src for ph in STAND_INS):
            src = neutralize_stand_ins(src)
        lowered = src.lower()
        quotes = any(hint in lowered for hint in QUOTE_HINTS)  # no quote opens without one
        if quotes:
            src = EMPHASIS_CLOSE_RE.sub(STYLE_CLOSE, EMPHASIS_OPEN_RE.sub(EMPHASIS, src))
        font_end = quotes and FONT_COLOR_RE.search(src) is not None
        src = BULK_RES[not quotes, font_end].sub("", src)
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
                    raw = STYLE_MARKS_RE.sub("", raw)  # style matters only in a quote's text
                if raw.isspace() and last[:1] == "<" and not last.startswith(INLINE_EDGES):
                    # indentation between block tags: a parser callback saved, same text; but a
                    # "<div> </div>" is how Yandex and others write a blank line
                    if last == "<div>" and "\n" not in raw:
                        self.blank_div = len(self.out)
                elif raw:
                    self._text(unescape(raw))
            if m is None:
                break
            pos = self._markup(src, end)
        if self.link_open == "link":
            self._emit("</a>")
        return "".join(self.out)

    def _text(self, text: str) -> None:
        """Text as the layout takes it, a URL written in it made a link (numbered like one)."""
        if self.link_open or self.tags >= MAX_TAGS or ("://" not in text and "www." not in text):
            self.out.append(escape_text(text))
            return
        pos = 0
        for start, end, href in bare_urls(text):
            start, end = enclosed(text, start, end)
            self.out.append(escape_text(text[pos:start]))
            self._emit(f'<a href="{escape_attr(href)}">')
            self.out.append(escape_text(text[start:end]))
            self._emit("</a>")
            pos = end
        self.out.append(escape_text(text[pos:]))

    def _simple_tail(self, tail: str) -> None:
        """The rest of a markup flood, as text with line breaks, in a few C-speed passes."""
        self.tags = max(self.tags, MAX_TAGS)
        if self.link_open == "link":
            self._emit("</a>")
            self.link_open = ""
        tail = _TAIL_BLOCK_RE.sub(PH_NL, _TAIL_RAW_RE.sub("", tail))
        tail = STYLE_MARKS_RE.sub("", _TAIL_TAG_RE.sub("", tail))
        self.out.append(escape_text(unescape(tail)))

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
            self._end_tag(RENAMED.get(name := m.group(1).lower(), name))
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
                        if attr in WANTED_ATTRS and attr not in attrs:
                            attrs[attr] = _attr_value(groups)
                self.parsed[whole] = name, attrs  # never mutated: shared by its repeats
        else:
            name, end = self._slow_tag(src, pos, attrs)
            if end < 0:
                return len(src)  # end of input inside a tag: the tag is dropped
        if name in RAW_TEXT:
            return self._raw_text(src, name, end)
        self._start_tag(RENAMED.get(name, name), attrs)
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
            if attr in WANTED_ATTRS and attr not in attrs:
                attrs[attr] = _attr_value(a.groups())

    def _raw_text(self, src: str, name: str, pos: int) -> int:
        """Skips a script/style/title body. One never closed ends at the next tag: none of
        its content (CSS, script) shows, and the markup that follows is kept."""
        if name not in self.missing_close:
            close = RAW_CLOSE[name].search(src, pos)
            if close is not None:
                end = src.find(">", close.end())
                return len(src) if end < 0 else end + 1
            self.missing_close.add(name)
        tag = _TAG_START_RE.search(src, pos)
        return len(src) if tag is None else tag.start()

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
            and name not in VOID
            and name not in UNCLOSED
            and ("hidden" in attrs or HIDDEN_STYLE_RE.search(attrs.get("style") or ""))
        ):
            self.hidden_tag, self.hidden_depth = name, 1
            return
        if self.region is not None and self.region.kind == "quote":
            if name in ("span", "font"):
                self._open_style(name, attrs)
            elif name in EMPHASIS_TAGS and not self.link_open and self._spend_marks(1) >= 0:
                self.out.append(EMPHASIS)  # "<b style=…>": its "</b>" is a style close already
        self._regions(name, attrs)
        if self.tags >= MAX_TAGS:  # simplified
            if name in BLOCKS:
                self.out.append(PH_NL)
            elif name in ("td", "th"):
                self.out.append(" ")
            return
        if name in AS_DIV:
            self._emit("<div>")
            self._open_block_style(attrs)
        elif name == "p":
            tight = "msonormal" in (attrs.get("class") or "").lower() or TIGHT_P_STYLE_RE.search(
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
                self._emit(f'<a href="{escape_attr(url)}">')
        elif name == "img":
            alt = clean_line(attrs.get("alt") or "")[:MAX_LINK_TEXT]
            if self.link_open == "link" and alt:
                self._emit(f'<img alt="{escape_attr(alt)}">')
            elif not pixel and _meaningful_alt(alt):
                self.out.append(escape_text(f"[{alt}]"))  # as w3m shows it
        elif name in ("br", "hr"):
            last = self._last_tag()
            if name == "hr" and last == "<hr>":
                return
            if name == "br" and last == "<br>" and self.out[-2:] == ["<br>", "<br>"]:
                return
            self._emit(f"<{name}>")
        elif name in NESTED_GROUP:
            group = NESTED_GROUP[name]
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
        elif name in TABLE_PARTS:
            if not self.dropped.get("table"):
                self._emit(f"<{name}>")
        elif name in KEPT:
            self._emit(f"<{name}>")

    def _open_block_style(self, attrs: dict[str, str]) -> None:
        """A style mark for a <p>/<div> in a quote written in a colour of its own."""
        if self.region is None or self.region.kind != "quote":
            return
        self._open_style("div", attrs)
        self.block_styles.append(len(self.out) - 1 if self.style_stack.pop() else -1)

    def _spend_marks(self, count: int) -> int:
        """Takes `count` style marks from the body's budget; what is left (negative: none)."""
        self.style_marks -= count
        return self.style_marks

    def _open_style(self, name: str, attrs: dict[str, str]) -> None:
        """A style mark for a <span>/<font> in a quote whose text looks different (`style_key`)."""
        ident = None
        if attrs and len(self.style_stack) < MAX_STYLE_DEPTH:
            raw = (name, attrs.get("style", ""), attrs.get("color", ""))
            if raw in self.style_ids:
                ident = self.style_ids[raw]
            elif len(self.style_ids) < MAX_STYLES:  # past that, a new spelling is plain text
                key = style_key(name, attrs)
                ident = self.styles.get(key) if key else None
                if key and ident is None and len(self.styles) < MAX_STYLES:
                    ident = self.styles[key] = chr(STYLE_BASE + 1 + len(self.styles))
                self.style_ids[raw] = ident
        opened = ident is not None and not self.link_open and self._spend_marks(1) >= 0
        if opened:
            self.out.append(STYLE_OPEN + str(ident))
        self.style_stack.append(opened)

    def _count_image(self, attrs: dict[str, str]) -> bool:
        """Counts a remote image; True when it is a tracking pixel."""
        self.images += 1
        sizes = {attrs.get("width", "").strip(), attrs.get("height", "").strip()}
        if sizes <= {"0", "1", "0px", "1px"} or HIDDEN_STYLE_RE.search(attrs.get("style", "")):
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
        if name in VOID:
            if self.append_pending and region is None and name == "hr":
                self.append_pending = False  # the history Outlook appended at its marker
                self._mark("q")
                self.region = _Region("quote", "")
            return
        if name == "blockquote":
            # A mail client's quote says so (type=cite, a quote class); a bare blockquote may
            # be mere indentation, which `_quotes` decides from what surrounds it.
            cited = (attrs.get("type") or "").lower() == "cite" or bool(
                set((attrs.get("class") or "").lower().split()) & QUOTE_CLASSES
            )
            self._mark("q" if cited else "w")
            self.region = _Region("quote", name)
            return
        if name == "div" and (attrs.get("name") or "").lower() == "quote":  # GMX, WEB.DE
            self._mark("q")
            self.region = _Region("quote", name)
            return
        if "class" not in attrs and "id" not in attrs and (name != "div" or "style" not in attrs):
            return  # nothing below can match
        classes = set((attrs.get("class") or "").lower().split())
        ident = (attrs.get("id") or "").lower()
        if ident in APPEND_MARKER_IDS:
            self.append_pending = region is None
        elif ident in QUOTE_TO_END_IDS or (
            name == "div" and OUTLOOK_HEADER_STYLE_RE.search(attrs.get("style") or "")
        ):
            self._mark("q")
            self.region = _Region("quote", "")
        elif classes & QUOTE_CLASSES:
            self._mark("q")
            self.region = _Region("quote", name)
        elif region is None and (classes & SIGNATURE_CLASSES or ident in SIGNATURE_IDS):
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
            if name in BLOCKS:
                self.out.append(PH_NL)
        elif name == "a":
            if self.link_open == "link":
                self._close("a")
            self.link_open = ""
        elif name == "br":
            self._start_tag("br", {})  # browsers read </br> as <br>
        elif name in NESTED_GROUP:
            if self.dropped.get(name):
                self.dropped[name] -= 1
            elif self.open_nested.get(name):
                self.open_nested[name] -= 1
                self.open_nested[NESTED_GROUP[name]] -= 1
                self._close(name)
        elif name in TABLE_PARTS:
            if not self.dropped.get("table"):
                self._close(name)
        elif name in AS_DIV or name == "p":
            mark = self.block_styles.pop() if self.block_styles else -1
            if mark >= 0:
                # Only the mark itself is an empty block: text after it may start with a
                # mark of its own (a <b> answer in a red <div>) and must stay.
                if mark == len(self.out) - 1:
                    self.out.pop()  # an empty styled block
                else:
                    self.out.append(STYLE_CLOSE)
            self._close("div" if name in AS_DIV or self.tight_p else "p")
        elif name in KEPT and name not in VOID:
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
