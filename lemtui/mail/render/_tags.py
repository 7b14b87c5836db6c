"""The HTML the tokenizer knows: which tags it keeps, renames, flattens or skips, and how.

Also the attributes it reads, the inline tags it strips in bulk before reading (fast on tag
floods), and the classes, ids and styles that mark a mail client's quote or signature
container. Tables only: the tokenizer (`_parse`) applies them.

Guarantees: only tags in `KEPT` (and "<div>" for `AS_DIV`) reach html2text; no tag stripped in
bulk can open a hidden region or a quote (`UNCLOSED`), so nothing is hidden that no end tag
would ever show again.
"""

from __future__ import annotations

import re

from lemtui.mail.render._styles import EMPHASIS_NAMES

__all__ = [
    "APPEND_MARKER_IDS",
    "AS_DIV",
    "BLOCKS",
    "BULK_RES",
    "FONT_COLOR_RE",
    "HIDDEN_STYLE_RE",
    "INLINE_EDGES",
    "KEPT",
    "NESTED_GROUP",
    "OUTLOOK_HEADER_STYLE_RE",
    "QUOTE_CLASSES",
    "QUOTE_HINTS",
    "QUOTE_TO_END_IDS",
    "RAW_CLOSE",
    "RAW_TEXT",
    "RENAMED",
    "SIGNATURE_CLASSES",
    "SIGNATURE_IDS",
    "TABLE_PARTS",
    "TIGHT_P_STYLE_RE",
    "UNCLOSED",
    "VOID",
    "WANTED_ATTRS",
]

VOID = frozenset(
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
AS_DIV = frozenset(
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
KEPT = frozenset(
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
BLOCKS = AS_DIV | (KEPT - {"a", "img", "q", "td", "th"})
# Emitted tags after which whitespace-only text still matters (inline content, <pre>).
INLINE_EDGES = ("<a ", "</a", "<img", "<q", "</q", "<pre", "</pre")
RENAMED = {"menu": "ul", "dir": "ul", "image": "img"}
RAW_TEXT = frozenset({"script", "style", "title", "template", "noembed", "noframes"})
RAW_CLOSE = {name: re.compile(f"</{name}", re.IGNORECASE) for name in RAW_TEXT}
NESTED_GROUP = {"ul": "list", "ol": "list", "blockquote": "blockquote", "table": "table"}
TABLE_PARTS = frozenset({"tr", "td", "th"})
WANTED_ATTRS = frozenset(
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
        "name",
    ]
)
# Inline tags that carry nothing for a terminal; attribute-less ones are stripped in bulk (fast
# on tag floods), so none of them may open a hidden or quote region. The emphasis tags become
# style marks first (`EMPHASIS_OPEN_RE`).
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
UNCLOSED = frozenset([*_BULK, *EMPHASIS_NAMES, "font"])


def _bulk_re(*, emphasis: bool, font_end: bool) -> re.Pattern[str]:
    """The bulk strip: attribute-less inline tags, the emphasis tags too when no quote can hold
    style marks, and `</font>` too unless a `<font color=…>` needs it to close its mark."""
    names = _BULK + (EMPHASIS_NAMES if emphasis else []) + ([] if font_end else ["font"])
    font_start = "|<font\\s*/?>" if font_end else ""
    return re.compile(f"</?(?:{_alternation(names)})\\s*/?>{font_start}", re.IGNORECASE)


BULK_RES = {
    (emphasis, font_end): _bulk_re(emphasis=emphasis, font_end=font_end)
    for emphasis in (False, True)
    for font_end in (False, True)
}
FONT_COLOR_RE = re.compile(r"<font\b[^<>]{0,500}?\bcolor", re.IGNORECASE)
# What every quote region's opening tag holds (see `Tokenizer._regions`): a blockquote, a
# quote class, an Outlook header's border, a reply id. Looked for with `in` on the lowered
# body: an IGNORECASE alternation scans twenty times slower.
QUOTE_HINTS = (
    "blockquote",
    "_quote",
    "border-top",
    "rplyfwdmsg",
    "appendonsend",
    "moz-cite-prefix",
    "zmail_extra",
    "reference-message-container",
    'name="quote"',
    "name='quote'",
)
QUOTE_CLASSES = frozenset(
    {
        "gmail_quote",
        "gmail_quote_container",
        "yahoo_quoted",
        "moz-cite-prefix",
        "protonmail_quote",
        "zmail_extra",
    }
)
QUOTE_TO_END_IDS = frozenset(
    {
        "divrplyfwdmsg",
        "x_divrplyfwdmsg",
        "mail-editor-reference-message-container",  # Outlook for Mac
    }
)
# Outlook's empty `<div id="appendonsend"></div>`: where it appends the history, which then
# opens at the next `<hr>` (or its header's own div). Most often right above them; when new text
# follows it instead (a forward typed under it), that text and its signature container are the
# sender's, so the marker alone opens no quote.
APPEND_MARKER_IDS = frozenset({"appendonsend", "x_appendonsend"})
SIGNATURE_CLASSES = frozenset(
    {
        "gmail_signature",
        "moz-signature",
        "protonmail_signature_block",
        "ms-outlook-mobile-signature",
    }
)
SIGNATURE_IDS = frozenset(
    {
        "signature",
        "x_signature",
        "applemailsignature",
        "ms-outlook-mobile-signature",
        "composer_signature",  # Samsung Email ("Galaxy 스마트폰에서 보냈습니다.")
        "zm-_id_-sgn",  # Zoho Mail
    }
)
OUTLOOK_HEADER_STYLE_RE = re.compile(
    r"border-top\s*:\s*solid\s+#(?:e1e1e1|b5c4df)\s+1(?:\.0)?pt", re.IGNORECASE
)
HIDDEN_STYLE_RE = re.compile(r"display\s*:\s*none", re.IGNORECASE)

TIGHT_P_STYLE_RE = re.compile(
    r"(?:^|;)\s*margin(?:-bottom)?\s*:\s*0(?:px|pt|em|cm)?\s*(?:;|$)", re.IGNORECASE
)
