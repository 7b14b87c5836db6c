"""Mail bodies as safe, readable terminal text: HTML → text, quotes and signatures folded.

Pure functions, stdlib and html2text only: no UI import, no I/O, no network (images are never
fetched). Every string this module returns has passed through `lemtui.text.clean_text`, so it
holds no terminal control sequence, no C0/C1 control but newline and tab, no zero-width or bidi
control.

HTML is never given raw to a parser: Python 3.11's ``html.parser`` is quadratic on some malformed
input (200k ``<a`` took minutes). A linear tokenizer first rewrites the body into a small,
well-formed subset (known tags, a few checked attributes, escaped text, bounded nesting), which
html2text then lays out. Bodies over `DIRECT_LAYOUT_CHARS` (100 KB: newsletters; Gmail clips
replies at 102 KB) skip html2text, whose parser costs ~15 µs a tag: `_Layout` lays the subset
out directly in the same shape (the corpus renders identically either way). Quotes and
signatures are marked during the rewrite with a tag the input cannot forge, turned into a
random per-call token line, and split on after conversion.

Speed notes: every pass over a whole body is a C-speed str method or a regex whose character
classes sre can test with one table lookup (BMP-only classes; astral ranges are tested one by
one, so `_CLEAN_RE` matches any astral character and sorts them out in Python).
"""

from __future__ import annotations

import html
import re
import secrets
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal
from urllib.parse import urlsplit

import html2text

from lemtui.text import clean_line, clean_text

__all__ = [
    "Block",
    "BlockKind",
    "Link",
    "RenderedBody",
    "render_body",
]

BlockKind = Literal["text", "quote", "signature"]

MAX_INPUT_CHARS = 2_000_000
"""Bodies longer than this are cut (at a tag boundary when one is near) before conversion."""
MAX_LINE_CHARS = 10_000
"""Longer output lines are hard-wrapped: terminals and widgets choke on 300k-cell lines."""
MAX_NESTING = 12
"""Lists, blockquotes and tables nested deeper than this are flattened (html2text's list and
quote prefixes grow with depth, so 8,000 nested lists would cost quadratic time and space)."""
MAX_URL_CHARS = 8_192
MAX_LINK_TEXT = 200
_MB = 1_000_000


# --------------------------------------------------------------------------------------------
# Public result types


@dataclass(frozen=True, slots=True)
class Link:
    """A link shown as ``[number]`` in the text; `url` is always http(s) or mailto."""

    number: int
    url: str
    text: str
    warning: str


@dataclass(frozen=True, slots=True)
class Block:
    """A run of the body: the message itself, quoted earlier mail, or a signature/legal footer."""

    kind: BlockKind
    text: str
    line_count: int


def _fold_line(block: Block) -> str:
    n = block.line_count
    lines = "line" if n == 1 else "lines"
    if block.kind == "quote":
        return f"… {n} quoted {lines}"
    return f"… signature ({n} {lines})"


@dataclass(frozen=True, slots=True)
class RenderedBody:
    """A body ready to show: ordered blocks, the numbered links, what was withheld and why."""

    blocks: tuple[Block, ...]
    links: tuple[Link, ...] = ()
    blocked_images: int = 0
    notes: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        """Every block, unfolded (for ``--print`` and copying)."""
        return "\n\n".join(block.text for block in self.blocks)

    def visible_text(self, *, unfold: bool = False) -> str:
        """The text as first shown: quotes and signatures folded to a single "… N …" line."""
        return "\n\n".join(
            block.text if unfold or block.kind == "text" else _fold_line(block)
            for block in self.blocks
        )


def _block(kind: BlockKind, text: str) -> Block:
    return Block(kind, text, text.count("\n") + 1 if text else 0)


# --------------------------------------------------------------------------------------------
# Links


_ALLOWED_SCHEME_RE = re.compile(r"(https?|mailto):", re.IGNORECASE)
_URL_EDGES = "".join(map(chr, range(0x21))) + "\x7f"
_URL_DROP_RE = re.compile(r"[\t\n\r]+")
_TEXT_HOST_RE = re.compile(
    r"(?:([a-z][a-z0-9+.-]{0,20}):(?://)?)?"  # scheme
    r"(?:[^\s/@:]{1,64}(?::[^\s/@]{0,64})?@)?"  # user[:pass]@ (an email address's local part)
    r"((?:[\w-]{1,63}\.){1,10}(?:[^\W\d_]{2,63}|xn--[a-z0-9-]{1,59}))\.?"
    r"(?::\d{1,5})?(?:[/?#]\S*)?",
    re.IGNORECASE,
)
_FILE_EXTENSIONS = frozenset(
    [
        "pdf",
        "doc",
        "docx",
        "xls",
        "xlsx",
        "ppt",
        "pptx",
        "odt",
        "ods",
        "jpg",
        "jpeg",
        "png",
        "gif",
        "webp",
        "svg",
        "txt",
        "csv",
        "htm",
        "html",
        "php",
        "aspx",
        "exe",
        "mp3",
        "mp4",
        "mov",
        "avi",
        "zip",
        "rar",
        "ics",
        "vcf",
        "eml",
        "msg",
    ]
)


# "scheme://host[:port]" with a plain host, no user part: its host without urlsplit (~10 µs).
_PLAIN_HOST_RE = re.compile(r"https?://([a-z0-9.-]+)(?::\d*)?(?:[/?#]|$)", re.IGNORECASE)


def _hostname(url: str) -> tuple[str, bool]:
    """urlsplit(url).hostname (lowercased, "" if none) and whether a user@ part hides it."""
    plain = _PLAIN_HOST_RE.match(url)
    if plain is not None:
        return plain.group(1).lower(), False
    parts = urlsplit(url)
    return (parts.hostname or "").lower(), "@" in parts.netloc


def _clean_url(raw: str) -> str | None:
    """The href as a safe http(s)/mailto URL, or None when it must stay text only."""
    url = raw.strip(_URL_EDGES)
    if "\t" in url or "\n" in url or "\r" in url:
        url = _URL_DROP_RE.sub("", url)  # as browsers do: "java\tscript:" too
    match = _ALLOWED_SCHEME_RE.match(url)
    if match is None or len(url) > MAX_URL_CHARS:
        return None
    url = clean_line(url).replace(" ", "%20")
    scheme = match.group(1).lower()
    url = scheme + url[len(scheme) :]
    if scheme == "mailto":
        return _safe_mailto(url)
    if scheme not in ("http", "https"):
        return None
    try:
        host = _hostname(url)[0]
    except ValueError:
        return None
    return url if host else None


_MAILTO_KEEP = frozenset({"subject", "body", "cc"})


def _safe_mailto(url: str) -> str | None:
    """A mailto link with only the harmless fields (subject, body, cc) of its query.

    Anything else (`attach=/etc/passwd`, `bcc`, …) could make a mail client attach a local file
    or copy someone in when the link is opened.
    """
    address, _, query = url[len("mailto:") :].partition("?")
    if not address and not query:
        return None
    kept = [
        field
        for field in query.split("&")
        if field and field.split("=", 1)[0].lower() in _MAILTO_KEEP
    ]
    return "mailto:" + address + ("?" + "&".join(kept) if kept else "")


def _ascii_host(host: str) -> str:
    host = host.lower().rstrip(".")
    if host.isascii():
        return host  # what the idna codec gives an ASCII name, or on error
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError:
        return host


def _same_site(a: str, b: str) -> bool:
    a, b = a.removeprefix("www."), b.removeprefix("www.")
    return a == b or a.endswith("." + b) or b.endswith("." + a)


def _href_host(url: str) -> tuple[str, bool]:
    """The host the URL really goes to, and whether it hides a user@ part before it."""
    if url.startswith("mailto:"):
        address = url[len("mailto:") :].split("?", 1)[0].split(",", 1)[0]
        return address.rpartition("@")[2].lower(), False
    try:
        return _hostname(url)
    except ValueError:
        return "", False


def _link_warning(text: str, url: str) -> str:
    """Why this link may be a trap: its text shows another host, or its host is deceptive."""
    host, has_userinfo = _href_host(url)
    if not host:
        return ""
    real = _ascii_host(host)
    shown = _TEXT_HOST_RE.fullmatch(text.strip().rstrip(".,;:!?)").lstrip("(<")[:300])
    if shown is not None:
        shown_host = shown.group(2)
        is_file_name = shown.group(1) is None and "@" not in shown.group(0)
        tld = shown_host.rsplit(".", 1)[-1].lower()
        if not (is_file_name and tld in _FILE_EXTENSIONS) and not _same_site(
            _ascii_host(shown_host), real
        ):
            return f"link text shows {shown_host.lower()} but it goes to {host}"
    if has_userinfo:
        return f"link hides its real host behind a user name: it goes to {host}"
    if real != host or any(label.startswith("xn--") for label in real.split(".")):
        return f"link goes to {real}, an international name that may imitate another"
    return ""


# --------------------------------------------------------------------------------------------
# HTML → canonical HTML (linear tokenizer)


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
    ]
)
# Inline tags that carry nothing for a terminal; attribute-less ones are stripped in bulk (fast
# on tag floods), so none of them may open a hidden or quote region.
_BULK = [
    "b",
    "i",
    "u",
    "em",
    "strong",
    "font",
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


_BULK_RE = re.compile(f"</?(?:{_alternation(_BULK)})\\s*/?>", re.IGNORECASE)
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
_TIGHT_P_STYLE_RE = re.compile(
    r"(?:^|;)\s*margin(?:-bottom)?\s*:\s*0(?:px|pt|em|cm)?\s*(?:;|$)", re.IGNORECASE
)
_MARK = "lemtuimark"
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
# runs: entities would cost a parser callback each. The input's own U+E000–U+E003 become U+FFFD.
_PH_LT, _PH_AMP, _PH_NBSP, _PH_NL = "\ue000", "\ue001", "\ue002", "\ue003"
_PH_INPUT_RE = re.compile("[\ue000-\ue003]")


def _unplace(text: str) -> str:
    """The stand-ins back to what they stand for (chained replaces: ~40x faster than translate)."""
    return (
        text.replace(_PH_LT, "<").replace(_PH_AMP, "&").replace(_PH_NBSP, " ").replace(_PH_NL, "\n")
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


def _escape_text(text: str) -> str:
    return text.replace("<", _PH_LT).replace("&", _PH_AMP).replace("\xa0", _PH_NBSP)


def _escape_attr(value: str) -> str:
    return value.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")


def _attr_value(groups: tuple[str | None, ...]) -> str:
    value = groups[1] or groups[2] or groups[3] or ""
    return html.unescape(value[:MAX_URL_CHARS]) if "&" in value else value


@dataclass(slots=True)
class _Region:
    kind: Literal["quote", "signature"]
    tag: str  # "" when the region runs to the end of the body
    depth: int = 1


@dataclass(slots=True)
class _Tokenizer:
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

    @property
    def simplified(self) -> bool:
        """Whether the tag budget is spent (the rest is laid out simply)."""
        return self.tags >= MAX_TAGS

    def run(self) -> str:
        src = self.src
        if any(ph in src for ph in (_PH_LT, _PH_AMP, _PH_NBSP, _PH_NL)):  # C-speed finds
            src = _PH_INPUT_RE.sub("\ufffd", src)
        src = _BULK_RE.sub("", src)
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
                if raw.isspace() and last[:1] == "<" and not last.startswith(_INLINE_EDGES):
                    pass  # indentation between block tags: a parser callback saved, same text
                else:
                    self.out.append(_escape_text(html.unescape(raw) if "&" in raw else raw))
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
        tail = _TAIL_BLOCK_RE.sub(_PH_NL, _TAIL_RAW_RE.sub("", tail))
        tail = _TAIL_TAG_RE.sub("", tail)
        self.out.append(_escape_text(html.unescape(tail)))

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
            self.out.append(f"{_PH_NL}{self.token}{kind}{_PH_NL}")
        elif kind == "e" and self.out and self.out[-1].startswith(f"<{_MARK}"):
            self.out.pop()  # an empty region (Gmail's empty signature div)
        else:
            self._emit(f'<{_MARK} k="{kind}">')

    def _start_tag(self, name: str, attrs: dict[str, str]) -> None:
        is_image = name == "img" or (name == "input" and attrs.get("type", "").lower() == "image")
        if is_image and attrs.get("src", "").strip():
            self._count_image(attrs)
        if (attrs.get("background") or "").strip():
            self.images += 1
        if self.hidden_depth:
            if name == self.hidden_tag:
                self.hidden_depth += 1
            return
        if (
            attrs
            and name not in _VOID
            and ("hidden" in attrs or _HIDDEN_STYLE_RE.search(attrs.get("style") or ""))
        ):
            self.hidden_tag, self.hidden_depth = name, 1
            return
        self._regions(name, attrs)
        if self.tags >= MAX_TAGS:  # simplified
            if name in _BLOCKS:
                self.out.append(_PH_NL)
            elif name in ("td", "th"):
                self.out.append(" ")
            return
        if name in _AS_DIV:
            self._emit("<div>")
        elif name == "p":
            tight = "msonormal" in (attrs.get("class") or "").lower() or _TIGHT_P_STYLE_RE.search(
                attrs.get("style") or ""
            )
            self.tight_p = bool(tight)
            self._emit("<div>" if tight else "<p>")
        elif name == "a":
            if self.link_open == "link":
                self._emit("</a>")
            url = _clean_url(attrs["href"]) if "href" in attrs else None
            self.link_open = "text" if url is None else "link"
            if url is not None:
                self._emit(f'<a href="{_escape_attr(url)}">')
        elif name == "img":
            alt = clean_line(attrs.get("alt") or "")[:MAX_LINK_TEXT]
            if self.link_open == "link" and alt:
                self._emit(f'<img alt="{_escape_attr(alt)}">')
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

    def _count_image(self, attrs: dict[str, str]) -> None:
        self.images += 1
        sizes = {attrs.get("width", "").strip(), attrs.get("height", "").strip()}
        if sizes <= {"0", "1", "0px", "1px"} or _HIDDEN_STYLE_RE.search(attrs.get("style", "")):
            self.pixels += 1

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
            self._mark("q")
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
        if self.tags >= MAX_TAGS:  # simplified
            if name in _BLOCKS:
                self.out.append(_PH_NL)
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
            self._close("div" if name in _AS_DIV or self.tight_p else "p")
        elif name in _KEPT and name not in _VOID:
            self._close(name)
        region = self.region
        if region is not None and region.tag == name:
            region.depth -= 1
            if region.depth == 0:
                self.region = None
                self._mark("e")

    def _close(self, name: str) -> None:
        last = self.out[-1] if self.out else ""
        if last == f"<{name}>" or (name == "a" and last.startswith("<a ")):
            self.out.pop()  # an empty element: emit neither tag
        else:
            self._emit(f"</{name}>")


# --------------------------------------------------------------------------------------------
# Canonical HTML → text (html2text, tuned)


@dataclass(slots=True)
class _OpenLink:
    url: str
    start: int
    alt: str = ""


@dataclass(slots=True)
class _TableRow:
    start: int = 0
    cells: int = 0


@dataclass(slots=True)
class _LinkTable:
    """Numbers links in order of appearance; one number per (URL, warning)."""

    links: list[Link] = field(default_factory=list)
    numbers: dict[tuple[str, str], int] = field(default_factory=dict)

    def number(self, link: _OpenLink, raw: str) -> tuple[str, int | None, bool]:
        """The link's shown text, its number (None: shown as itself), whether alt was used."""
        text = clean_line(raw)
        alt_shown = False
        if not text and link.alt:
            text, alt_shown = clean_line(link.alt), True
        if len(text) > MAX_LINK_TEXT:
            text = text[: MAX_LINK_TEXT - 1] + "…"
        if link.url.startswith("mailto:") and text and link.url[7:].split("?")[0] == text:
            return text, None, alt_shown  # an address shown as itself: "<a@b.c>" stays clean
        warning = clean_line(_link_warning(text, link.url))
        key = (link.url, warning)
        number = self.numbers.get(key)
        if number is None:
            number = self.numbers[key] = len(self.links) + 1
            self.links.append(Link(number, link.url, text, warning))
        return text, number, alt_shown


class _Converter(html2text.HTML2Text):
    """html2text for mail: no wrapping or markdown marks, numbered links, quiet tables."""

    def __init__(self, token: str) -> None:
        super().__init__(bodywidth=0)
        self.unicode_snob = True
        self.ignore_emphasis = True
        self.ignore_images = True
        self.inline_links = False
        self.ul_item_mark = "•"
        self.backquote_code_style = True  # no 4-space indent on <pre>; the fences are dropped
        self.token = token
        self._fence_due = False
        self.link_table = _LinkTable()
        self._open_links: list[_OpenLink] = []
        self._rows: list[_TableRow] = []
        self._pending_sep = False
        self._fresh_item = False
        self._nchars = 0
        self._last_text = 0

    def outtextf(self, s: str) -> None:
        if self._fence_due and s.endswith("```") and not s.strip("\n> ").strip("`"):
            self._fence_due = False
            return
        super().outtextf(s)
        self._nchars += len(s)
        if s.strip():
            self._last_text = self._nchars

    def handle_data(self, data: str, entity_char: bool = False) -> None:
        super().handle_data(data, entity_char=True)  # no markdown escapes (\. \- \*)

    def o(self, data: str, puredata: bool = False, force: bool | str = False) -> None:
        if data.strip() and not self.quiet:
            if self._pending_sep:
                self._pending_sep = False
                if not self.p_p and not self.start:
                    self.space = False
                    super().o(" |")
                    self.space = True
            self._fresh_item = False
        self._fence_due = self.startpre
        super().o(data, puredata, force)
        self._fence_due = False

    def handle_tag(self, tag: str, attrs: dict[str, str | None], start: bool) -> None:
        if tag == "a":
            self._link(attrs, start)
        elif tag == "img":
            if start and self._open_links and not self._open_links[-1].alt:
                self._open_links[-1].alt = attrs.get("alt") or ""
        elif tag == _MARK:
            if start:
                self._pending_sep = False
                self.p()
                self.o(f"{self.token}{attrs.get('k') or 'e'}")
                self.p()
        elif tag in ("table", "tr", "td", "th"):
            self._table(tag, start)
        elif tag in ("div", "p") and self._fresh_item:
            pass  # <li><p>item</p>: keep the item on its bullet's line
        elif tag == "div":
            self.pbr()
        elif tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self.p()
        else:
            self._fence_due = tag == "pre" and not start
            super().handle_tag(tag, attrs, start)
            self._fence_due = False
            if tag == "li" and start:
                self._fresh_item = True

    def _table(self, tag: str, start: bool) -> None:
        if tag == "table":
            self.p()
            if start:
                self._rows.append(_TableRow(self._nchars))
            elif self._rows:
                self._rows.pop()
        elif tag == "tr":
            self.pbr()
            self._pending_sep = False
            if start and self._rows:
                self._rows[-1] = _TableRow(self._nchars)
        elif start and self._rows:
            row = self._rows[-1]
            # Cells holding only inline text stay on one row, "a | b"; a cell that starts
            # a block (layout tables) breaks the line instead, which drops the separator.
            self._pending_sep = row.cells > 0 and self._last_text > row.start
            row.cells += 1

    def _link(self, attrs: dict[str, str | None], start: bool) -> None:
        if start:
            self._open_links.append(_OpenLink(attrs.get("href") or "", len(self.outtextlist)))
            return
        if not self._open_links:
            return
        link = self._open_links.pop()
        raw = _unplace("".join(self.outtextlist[link.start :]))
        text, number, alt_shown = self.link_table.number(link, raw)
        if alt_shown:
            self.o(text, puredata=True)
        if number is None:
            return
        if text:
            pending, had_space = self.p_p, self.space
            self.p_p, self.space = 0, False
            self.o(f" [{number}]")
            self.p_p, self.space = pending, had_space
        else:
            self.o(f"[{number}]")


# --------------------------------------------------------------------------------------------
# Canonical HTML → text, directly (big bodies)


DIRECT_LAYOUT_CHARS = 100_000
"""HTML bodies longer than this skip html2text (about 15 µs a tag) for `_Layout` (a few µs)."""
_CANON_SPLIT_RE = re.compile(r'<(/?)([a-z0-9]+)(?: [a-z]+="([^"]*)")?>')
_PARAGRAPH_TAGS = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6", "table", "dl"})
_LINE_TAGS = frozenset({"div", "tr", "dt"})


class _Layout:
    """Lays out `_Tokenizer`'s canonical HTML the way `_Converter` does, in one light pass.

    The subset is small and well formed (escaped text, a dozen tags, three attributes), so
    no parser is needed: a C-speed split, then a few branches a tag. The text has the same
    shape as html2text's (paragraphs, "  • " items, "> " quotes, "a | b" rows, " [n]" links,
    the same marker lines); spacing may differ in corner cases.
    """

    def __init__(self, token: str) -> None:
        self.token = token
        self.link_table = _LinkTable()
        self.out: list[str] = []
        self.newlines = 0  # pending line breaks, written before the next text
        self.space = False
        self.line_start = True
        self.depth = 0  # blockquote depth
        self.quote_start = False
        self.lists: list[list[int]] = []  # [is_ordered, next number]
        self.pre = 0
        self.fresh_item = False
        self.pending_sep = False
        self.last_text = 0
        self.rows: list[_TableRow] = []
        self.open_links: list[_OpenLink] = []

    def run(self, canonical: str) -> str:
        parts = _CANON_SPLIT_RE.split(canonical)
        text = self.text
        tag = self.tag
        for i in range(0, len(parts) - 1, 4):
            if parts[i]:
                text(parts[i])
            attr = parts[i + 3]
            tag(parts[i + 2], not parts[i + 1], html.unescape(attr) if attr else "")
        if parts[-1]:
            text(parts[-1])
        return "".join(self.out)

    def _break(self, lines: int) -> None:
        if lines > self.newlines:
            self.newlines = lines

    def _write(self, data: str) -> None:
        out = self.out
        if self.quote_start:
            self.quote_start = False
            self.newlines = 0
        if self.newlines:
            if out:
                bq = ">" * self.depth + " " if self.depth else ""
                if self.line_start and bq:
                    out.append(bq)  # the line a <br> just opened stays inside the quote
                out.append(("\n" + bq) * self.newlines)
                self.line_start = False
            self.newlines = 0
            self.space = False
        if self.line_start:
            if self.depth:
                out.append(">" * self.depth + " ")
            self.line_start = self.space = False
        elif self.space:
            out.append(" ")
            self.space = False
        out.append(data)

    def text(self, raw: str) -> None:
        if self.pre:
            data = raw
        else:  # whitespace runs to one space (str.split: C speed, the same set as regex \s)
            data = " ".join(raw.split())
            if raw[0].isspace() and not (self.fresh_item or self.quote_start):
                self.space = True  # (right after a bullet or a quote's "> ", none)
            if not data:
                return
            if raw[-1].isspace():
                data += " "
        if self.pending_sep:
            self.pending_sep = False
            if not self.newlines and self.out:
                self.out.append(" |")
                self.space = True
        self.fresh_item = False
        self._write(data)
        self.last_text = len(self.out)

    def tag(self, name: str, start: bool, attr: str) -> None:
        if name == "a":
            self._link(start, attr)
        elif name in _LINE_TAGS or name in _PARAGRAPH_TAGS:
            if name in ("div", "p") and self.fresh_item:
                return  # <li><p>item</p>: keep the item on its bullet's line
            self._break(2 if name in _PARAGRAPH_TAGS else 1)
            if name == "table":
                if start:
                    self.rows.append(_TableRow(len(self.out)))
                elif self.rows:
                    self.rows.pop()
            elif name == "tr":
                self.pending_sep = False
                if start and self.rows:
                    self.rows[-1] = _TableRow(len(self.out))
        elif name in ("td", "th"):
            if start and self.rows:
                row = self.rows[-1]
                self.pending_sep = row.cells > 0 and self.last_text > row.start
                row.cells += 1
        elif name == "br":
            self._write("")
            self.out.append("\n")
            self.line_start = True
        elif name in ("ul", "ol"):
            self._list(name, start, attr)
        elif name == "li":
            if start:
                self._item()
        elif name == "dd" and start:
            self._break(1)
            self._write("    ")
            self.fresh_item = True
        elif name == "img":
            if self.open_links and not self.open_links[-1].alt:
                self.open_links[-1].alt = attr
        elif name == _MARK:
            if start:
                self.pending_sep = False
                self._break(2)
                self._write(f"{self.token}{attr or 'e'}")
                self._break(2)
        elif name == "blockquote":
            self._quote(start)
        elif name == "pre":
            self._break(2)
            self.pre += 1 if start else -1 if self.pre else 0
        elif name == "hr":
            self._break(2)
            self._write("* * *")
            self._break(2)
        elif name == "q":
            self._write('"')

    def _quote(self, start: bool) -> None:
        self._break(2)
        if not start:
            self.depth -= 1 if self.depth else 0
            return
        if self.quote_start:  # "<blockquote><blockquote>": one line, "> > "
            self.newlines = 0
        outer = ">" * self.depth
        if self.out and self.newlines:  # the break before the quote, as html2text writes it
            if self.line_start and outer:
                self.out.append(outer + " ")
            self.out.append(("\n" + outer) * self.newlines)  # then "> ": ">> " nested
        self.depth += 1
        self.out.append("> ")
        self.newlines, self.space, self.line_start = 0, False, False
        self.quote_start = True  # breaks before the quote's first text are dropped

    def _list(self, name: str, start: bool, attr: str) -> None:
        if start:
            self._break(1 if self.lists else 2)
            number = int(attr) if attr.isdigit() and len(attr) < 9 else 1
            self.lists.append([name == "ol", number])
        elif self.lists:
            self.lists.pop()
            self._break(1 if self.lists else 2)

    def _item(self) -> None:
        self._break(1)
        lists = self.lists or [[False, 1]]  # an <li> outside a list: a bullet, no indent
        ordered, number = lists[-1]
        mark = f"{number}. " if ordered else "• "
        lists[-1][1] = number + 1
        self._write("  " * len(self.lists) + mark)
        self.space = False
        self.fresh_item = True

    def _link(self, start: bool, attr: str) -> None:
        if start:
            self.open_links.append(_OpenLink(attr, len(self.out)))
            return
        if not self.open_links:
            return
        link = self.open_links.pop()
        raw = _unplace("".join(self.out[link.start :]))
        text, number, alt_shown = self.link_table.number(link, raw)
        if alt_shown:
            self.text(text)
        if number is None:
            return
        if text:
            self.out.append(f" [{number}]")
        else:
            self._write(f"[{number}]")


# --------------------------------------------------------------------------------------------
# Text-level detection: "On … wrote:", ">" runs, forwarded headers, signatures, legal footers


_WROTE_RE = re.compile(
    r"\s*(?:"
    r"On\s.{1,300}\swrote"
    r"|Le\s.{1,300}\sa\s+écrit"
    r"|Am\s.{1,300}\sschrieb\b.{0,200}"
    r"|El\s.{1,300}\sescribió"
    r"|(?:Il|In\s+data)\s.{1,300}\sha\s+scritto"
    r"|(?:Em|No\s+dia)\s.{1,300}\sescreveu"
    r"|Op\s.{1,300}\s(?:schreef\b.{0,200}|heeft\b.{0,200}\sgeschreven)"
    r")\s?:\s*",
    re.IGNORECASE,
)
_WROTE_START_RE = re.compile(r"\s*(?:On|Le|Am|El|Il|In data|Em|No dia|Op)\s", re.IGNORECASE)
_ORIGINAL_RE = re.compile(
    r"\s*-{2,}\s*(?:original message|forwarded message|message d'origine|message transféré"
    r"|ursprüngliche nachricht|weitergeleitete nachricht|mensaje original|mensaje reenviado"
    r"|messaggio originale|messaggio inoltrato|mensagem original|mensagem encaminhada"
    r"|oorspronkelijk bericht|doorgestuurd bericht)\s*-{2,}\s*",
    re.IGNORECASE,
)
_HEADER_FROM_RE = re.compile(r"\s*(?:From|De|Von|Da|Van|Från|Fra)\s?:\s*\S", re.IGNORECASE)
_HEADER_DATE_RE = re.compile(
    r"\s*(?:Sent|Date|Envoyé|Gesendet|Datum|Enviado|Inviato|Data|Verzonden|Fecha)\s?:",
    re.IGNORECASE,
)
_HEADER_TO_RE = re.compile(
    r"\s*(?:To|À|A|An|Para|Aan|Subject|Objet|Betreff|Asunto|Oggetto|Assunto|Onderwerp)\s?:",
    re.IGNORECASE,
)
_SIG_DELIMITER = frozenset({"--", "-- ", "—", "__"})
_MOBILE_SIG_RE = re.compile(
    r"\s*(?:Sent from my \w+|Sent from (?:Outlook|Mail for Windows|Yahoo Mail)"
    r"|Get Outlook for (?:iOS|Android)|Envoyé de mon \w+|Envoyé depuis mon \w+"
    r"|Von meinem \w+ gesendet|Enviado desde mi \w+|Inviato da(?:l mio)? \w+"
    r"|Enviado do meu \w+|Verzonden (?:vanaf|met) mijn \w+)\b.{0,40}",
    re.IGNORECASE,
)
_LEGAL_START_RE = re.compile(
    r"\s*(?:confidentiality notice|disclaimer|avertissement|avis de confidentialit"
    r"|(?:this|the information (?:contained )?in this|the contents of this) "
    r"(?:e-?mail|message|communication|transmission)"
    r"|(?:ce|le présent|cet) (?:message|courriel|e-?mail|mail)"
    r"|diese (?:e-?mail|nachricht)|este (?:mensaje|correo)|questo messaggio"
    r"|deze (?:e-?mail|mail|bericht))",
    re.IGNORECASE,
)
_LEGAL_WORDS_RE = re.compile(
    r"confidential|privileged|intended (?:solely |only )?for|confidentiel|destinataire"
    r"|vertraulich|empfänger|confidencial|destinatario|riservat|vertrouwelijk",
    re.IGNORECASE,
)
_NON_BLANK_RE = re.compile(r"\S")
_CANDIDATE_RE = re.compile(
    r"^[ \t]*(?:>|On\s|Le\s|Am\s|El\s|Il\s|In\s+data|Em\s|No\s+dia|Op\s|-|_|—"
    r"|From|De\s?:|Von|Da\s?:|Van|Från|Fra|Sent|Envoy|Get Outlook|Enviado|Inviato|Verzonden"
    r"|confidential|disclaimer|avertissement|avis|this|the\s|ce\s|le\s|cet\s|diese|este"
    r"|questo|deze)",
    re.IGNORECASE | re.MULTILINE,
)
_RULE_RE = re.compile(r"\s*(?:[*_\-—─=]\s*){3,}")


def _wrote_span(lines: list[str], i: int) -> int:
    """How many lines (1 or 2) an "On … wrote:" attribution starting at line i spans, or 0."""
    line = lines[i]
    if len(line) > 600 or not _WROTE_START_RE.match(line):
        return 0
    if _WROTE_RE.fullmatch(line):
        return 1
    two = i + 1 < len(lines) and len(lines[i + 1]) < 300
    return 2 if two and _WROTE_RE.fullmatch(f"{line} {lines[i + 1]}") else 0


def _is_header_block(lines: list[str], i: int) -> bool:
    """An Outlook-style "From: … Sent: … To: …" header (or "--- Original Message ---")."""
    line = lines[i]
    if len(line) > 600:
        return False
    if _ORIGINAL_RE.fullmatch(line):
        return True
    if not _HEADER_FROM_RE.match(line):
        return False
    window = [w for w in lines[i + 1 : i + 8] if len(w) < 600]
    return any(_HEADER_DATE_RE.match(w) for w in window) and any(
        _HEADER_TO_RE.match(w) for w in window
    )


def _is_footer_start(lines: list[str], i: int) -> bool:
    line = lines[i]
    if len(line) > 2000:
        return False
    if line.rstrip() in _SIG_DELIMITER or _MOBILE_SIG_RE.fullmatch(line):
        return True
    if (i > 0 and lines[i - 1].strip()) or not _LEGAL_START_RE.match(line):
        return False
    paragraph = " ".join(lines[i : i + 4])[:2000]
    return _LEGAL_WORDS_RE.search(paragraph) is not None


def _quoted_run_end(lines: list[str], i: int) -> int:
    """End (exclusive) of the run of ">" lines starting at i, blank lines inside included."""
    end = j = i
    while j < len(lines):
        if lines[j].startswith(">"):
            end = j + 1
        elif lines[j].strip():
            break
        j += 1
    return end


def _split_text(text: str) -> Iterator[tuple[BlockKind, str]]:
    """Splits a text run into text, quote and signature parts by what its lines look like.

    Only lines that could start a quote or a footer are examined (found by one regex scan),
    so a million-line body costs a few C-speed passes, not a million Python steps.
    """
    lines = text.split("\n")
    n = len(lines)
    bounds: list[tuple[int, BlockKind]] = [(0, "text")]

    def mark(at: int, kind: BlockKind) -> None:
        if at >= n or bounds[-1][1] == kind:
            return
        if bounds[-1][0] == at:
            bounds.pop()
        bounds.append((at, kind))

    first = _NON_BLANK_RE.search(text)
    first_text = text.count("\n", 0, first.start()) if first else n
    mode: BlockKind = "text"
    resume = line_no = last = 0
    for m in _CANDIDATE_RE.finditer(text):
        line_no += text.count("\n", last, m.start())
        last, k = m.start(), line_no
        if k < resume:
            continue
        line = lines[k]
        span = _wrote_span(lines, k)
        if span:
            j = k + span
            while j < n and not lines[j].strip():
                j += 1
            end = _quoted_run_end(lines, j) if j < n and lines[j].startswith(">") else n
            mark(k, "quote")
            mark(end, "text")
            resume, mode = end, "text"
            continue
        if line.startswith(">"):
            end = _quoted_run_end(lines, k)
            if end - k >= 2 or k <= first_text:
                mark(k, "quote")
                mark(end, "text")
                resume, mode = end, "text"
                continue
        if _is_header_block(lines, k):
            mark(k, "quote")
            break
        if mode == "text" and k > first_text and _is_footer_start(lines, k):
            mode = "signature"
            mark(k, "signature")
        resume = k + 1
    for index, (start, kind) in enumerate(bounds):
        end = bounds[index + 1][0] if index + 1 < len(bounds) else n
        if end > start:
            yield kind, "\n".join(lines[start:end])


# --------------------------------------------------------------------------------------------
# Assembly


_BLANK_LINES_RE = re.compile(r"\n{3,}")
_EMPTY_QUOTE_LINES_RE = re.compile(r"^(>+)\n(?:\1\n)+", re.MULTILINE)
_LONG_LINE_RE = re.compile(f"^[^\n]{{{MAX_LINE_CHARS + 1},}}", re.MULTILINE)  # ^: linear


def _wrap_long(m: re.Match[str]) -> str:
    line, parts = m.group(), []
    while len(line) > MAX_LINE_CHARS:
        cut = line.rfind(" ", MAX_LINE_CHARS - 500, MAX_LINE_CHARS)
        cut = cut + 1 if cut > 0 else MAX_LINE_CHARS
        parts.append(line[:cut].rstrip())
        line = line[cut:]
    parts.append(line)
    return "\n".join(parts)


def _tidy(text: str, *, collapse: bool) -> str:
    # Line by line: a regex for trailing blanks tries at every space (10x slower).
    text = "\n".join([line.rstrip(" \t") for line in text.split("\n")])
    if collapse:
        if ">\n>" in text:
            text = _EMPTY_QUOTE_LINES_RE.sub(r"\1\n", text)
        if "\n\n\n" in text:
            text = _BLANK_LINES_RE.sub("\n\n", text)
    return text.strip("\n")


def _assemble(segments: list[tuple[BlockKind, str]], *, collapse: bool) -> list[Block]:
    parts: list[tuple[BlockKind, str]] = []
    for kind, raw in segments:
        raw = _tidy(raw, collapse=collapse)
        pieces = _split_text(raw) if kind == "text" else iter([(kind, raw)])
        for piece_kind, piece in pieces:
            piece = _tidy(piece, collapse=collapse)
            if not piece.strip():
                continue
            if parts and parts[-1][0] == piece_kind:
                parts[-1] = (piece_kind, f"{parts[-1][1]}\n{piece}")
            else:
                parts.append((piece_kind, piece))
    for index, (kind, text) in enumerate(parts):
        lines = text.split("\n")
        if kind == "quote":  # Outlook's <hr> above "From: … Sent: …", empty "> " lines
            while lines and (not lines[0].strip("> ") or _RULE_RE.fullmatch(lines[0])):
                lines.pop(0)
            while lines and not lines[-1].strip("> "):
                lines.pop()
        elif index + 1 < len(parts) and parts[index + 1][0] == "quote":
            while lines and (not lines[-1].strip() or _RULE_RE.fullmatch(lines[-1])):
                lines.pop()
        parts[index] = (kind, "\n".join(lines))
    return [_block(kind, text) for kind, text in parts if text.strip()]


def _size(text: str) -> float:
    return len(text.encode("utf-8", "surrogatepass")) / _MB


def _truncate(body: str) -> tuple[str, str]:
    """The body cut to `MAX_INPUT_CHARS` (before a tag when one is near) and a note, or ""."""
    if len(body) <= MAX_INPUT_CHARS:
        return body, ""
    cut = body.rfind("<", MAX_INPUT_CHARS - 10_000, MAX_INPUT_CHARS)
    kept = body[: cut if cut > 0 else MAX_INPUT_CHARS]
    return kept, f"body truncated: showed {_size(kept):.1f} MB of {_size(body):.1f} MB"


def _wrap_lines(text: str, notes: list[str]) -> str:
    if _LONG_LINE_RE.search(text) is None:
        return text
    notes.append(f"lines longer than {MAX_LINE_CHARS:,} characters were wrapped")
    return _LONG_LINE_RE.sub(_wrap_long, text)


# One compiled pattern for every call (a per-call pattern with the token in it cost ~20 % of a
# typical reply's time): the token's shape is matched, then the token itself compared.
_MARKER_RE = re.compile(r"[ \t>]*(lemtui[0-9a-f]{24})([qse])\n?")


def _convert_html(
    body: str, notes: list[str]
) -> tuple[list[tuple[BlockKind, str]], list[Link], int]:
    token = "lemtui" + secrets.token_hex(12)
    tokenizer = _Tokenizer(body, token)
    canonical = tokenizer.run()
    try:
        if len(body) > DIRECT_LAYOUT_CHARS:
            layout = _Layout(token)
            converted, links = layout.run(canonical), layout.link_table.links
        else:
            converter = _Converter(token)
            converted, links = converter.handle(canonical), converter.link_table.links
    except Exception:  # html2text has no contract on odd input; the content must still show
        notes.append("the HTML could not be laid out; shown as plain text")
        converted = html.unescape(re.sub(r"<[^<>]*>", " ", canonical))
        links = []
    text = clean_text(_unplace(converted))
    text = _wrap_lines(text, notes)
    segments: list[tuple[BlockKind, str]] = []
    kind: BlockKind = "text"
    pos = 0
    for m in _MARKER_RE.finditer(text):
        if m.group(1) != token:  # the shape matched, but not this call's secret token
            continue
        segments.append((kind, text[pos : m.start()]))
        kind = {"q": "quote", "s": "signature"}.get(m.group(2), "text")  # type: ignore[assignment]
        pos = m.end()
    segments.append((kind, text[pos:]))
    if tokenizer.simplified:
        notes.append(f"very long HTML: laid out simply after the first {MAX_TAGS:,} tags")
    if tokenizer.images:
        pixels = f" ({tokenizer.pixels} tracking)" if tokenizer.pixels else ""
        plural = "s" if tokenizer.images > 1 else ""
        notes.append(f"{tokenizer.images} remote image{plural} blocked{pixels}")
    return segments, links, tokenizer.images


def _render(body: str, is_html: bool) -> RenderedBody:
    if not isinstance(body, str):
        body = "" if body is None else str(body)
    notes: list[str] = []
    body, truncated = _truncate(body)
    links: list[Link] = []
    images = 0
    if is_html:
        segments, links, images = _convert_html(body, notes)
    else:
        segments = [("text", _wrap_lines(clean_text(body), notes))]
    blocks = _assemble(segments, collapse=is_html)
    if truncated:
        notes.insert(0, truncated)
        blocks.append(_block("text", f"[… {truncated}]"))
    return RenderedBody(
        blocks=tuple(blocks),
        links=tuple(links),
        blocked_images=images,
        notes=tuple(clean_line(note) for note in notes),
    )


def _fallback(body: object) -> RenderedBody:
    text = clean_text(str(body)[:MAX_INPUT_CHARS])
    if "<" in text:
        text = html.unescape(re.sub(r"<[^<>]*>", " ", text))
        text = clean_text(text)
    text = _LONG_LINE_RE.sub(_wrap_long, _tidy(text, collapse=True))
    blocks = (_block("text", text),) if text.strip() else ()
    return RenderedBody(blocks, notes=("this message could not be laid out; shown as plain text",))


def render_body(body: str, *, is_html: bool) -> RenderedBody:
    """Turns a message body into folded, numbered-link, terminal-safe text. Never raises.

    HTML goes through the linear tokenizer, then html2text (or `_Layout` past 100 KB); plain
    text (LinkedIn, SMS) is only cleaned, never parsed. Time and memory are bounded by the 2 MB
    input cap.
    """
    try:
        return _render(body, is_html)
    except Exception:
        try:
            return _fallback(body)
        except Exception:
            return RenderedBody((), notes=("this message could not be displayed",))
