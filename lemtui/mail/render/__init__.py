"""Mail bodies as safe, readable terminal text: new words shown, quoted history folded.

One pipeline (`_render`), pure functions, no UI import, no I/O, no network (images are never
fetched):

1. parse and clean (`_parse`): any HTML rewritten into a small well-formed subset in one linear
   pass; quote and signature containers marked with tags the input cannot forge, styled
   runs inside quotes with style marks (answers typed in blue between quoted questions);
2. convert (`_layout`): that subset laid out as text by html2text, or past
   `DIRECT_LAYOUT_CHARS` by a direct layout in the same shape; every container mark becomes a
   line with a random per-call token; then `lemtui.text.clean_text`;
3. segment (`_quotes`): the text split on those lines, then by what its lines look like
   (attributions, header blocks, ">" runs, signatures) into new text, quotes and signatures;
4. assemble: tidy each block and decide what is folded.

Every string this package returns has passed through `clean_text`: no terminal control
sequence, no C0/C1 control but newline and tab, no zero-width or bidi control.
"""

from __future__ import annotations

import html
import re
import secrets
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Literal

from lemtui.mail.render._attribution import RULE_RE
from lemtui.mail.render._forward import header_fields
from lemtui.mail.render._history import History
from lemtui.mail.render._layout import convert
from lemtui.mail.render._links import Link, link_plain_text
from lemtui.mail.render._parse import MAX_TAGS, Tokenizer
from lemtui.mail.render._quotes import segment
from lemtui.mail.render._split import Mark, Segment
from lemtui.mail.render._stand_ins import neutralize_stand_ins, unplace
from lemtui.text import clean_line, clean_text

__all__ = [
    "MAX_INPUT_CHARS",
    "NEW_KINDS",
    "Block",
    "BlockKind",
    "Link",
    "QuotesMode",
    "RenderedBody",
    "render_body",
]

BlockKind = Literal["text", "quote", "signature", "forward", "whole-quote"]
"""What a block is: `text` the sender's new words; `quote` quoted history (folded when it
trails them, shown when between them); `signature` a signature or footer; `forward` a
forwarded message sent with no note, `whole-quote` a reply with no new words: the content the
message brings, never folded. `NEW_KINDS` are what `--quotes strip` keeps."""
NEW_KINDS: tuple[BlockKind, ...] = ("text", "forward", "whole-quote")
"""The kinds that carry what a message brings: what `--quotes strip` writes."""

MAX_INPUT_CHARS = 2_000_000
"""The reader's cap: longer bodies are clipped (at a tag boundary when one is near) unless the
user asks for the rest."""
MAX_LINE_CHARS = 10_000
"""Longer output lines are hard-wrapped: terminals and widgets choke on 300k-cell lines."""
DIRECT_LAYOUT_CHARS = 100_000
"""HTML bodies longer than this skip html2text (about 15 µs a tag) for the direct layout."""
_MB = 1_000_000


@dataclass(frozen=True, slots=True)
class Block:
    """A run of the body: the message itself, quoted earlier mail, or a signature/legal footer.

    `folded`: the reader first shows it as one "… N quoted lines" line (trailing history and
    signatures); a quote that is not folded sits between new lines and is shown, marked.
    `links`: the numbers of the links whose "[n]" is in this block.
    `kind`: see `BlockKind`.
    """

    kind: BlockKind
    text: str
    line_count: int
    folded: bool = False
    links: tuple[int, ...] = ()
    headers: tuple[tuple[str, str], ...] = ()
    """A `forward`'s header fields as data: ("from", …), ("date", …), ("to", …), ("cc", …),
    ("subject", …), those its header block has, in that order."""


QuotesMode = Literal["show", "fold", "strip"]
"""How quotes and signatures are written: all of it, folded to one line, or left out."""


def _fold_line(block: Block) -> str:
    n = block.line_count
    lines = "line" if n == 1 else "lines"
    if block.kind == "quote":
        return f"… {n} quoted {lines}"
    return f"… signature ({n} {lines})"


@dataclass(frozen=True, slots=True)
class RenderedBody:
    """A body ready to show: ordered blocks, the numbered links, what was withheld and why.

    `clipped`: the body was longer than the reader's cap and only its start was converted
    (`render_body(..., max_chars=None)` converts it whole).
    """

    blocks: tuple[Block, ...]
    links: tuple[Link, ...] = ()
    blocked_images: int = 0
    notes: tuple[str, ...] = ()
    clipped: bool = False

    @property
    def text(self) -> str:
        """Every block, unfolded (for ``--print`` and copying)."""
        return "\n\n".join(block.text for block in self.blocks)

    def visible_text(self, *, unfold: bool = False) -> str:
        """The text as first shown: folded blocks as a single "… N …" line each."""
        return "\n\n".join(
            _fold_line(block) if block.folded and not unfold else block.text
            for block in self.blocks
        )

    def text_for(self, quotes: QuotesMode) -> str:
        """`show`: every block; `fold`: as first shown; `strip`: only what the message brings
        (`NEW_KINDS`: its new text, or a forward or quote sent with no note). Never empty for a
        body with text: one that holds only a signature is written whole."""
        if quotes == "fold":
            return self.visible_text()
        if quotes == "strip":
            kept = [block.text for block in self.blocks if block.kind in NEW_KINDS]
            if any(text.strip() for text in kept):
                return "\n\n".join(kept)
        return self.text


_LINK_REF_RE = re.compile(r"\[(\d{1,6})\]")


_FIELD_ORDER = ("from", "date", "to", "cc", "subject")


def _block(
    kind: BlockKind, text: str, folded: bool = False, numbers: frozenset[int] = frozenset()
) -> Block:
    refs = (
        tuple(dict.fromkeys(n for n in map(int, _LINK_REF_RE.findall(text)) if n in numbers))
        if numbers and "[" in text
        else ()
    )
    headers: tuple[tuple[str, str], ...] = ()
    if kind == "forward":
        fields = header_fields(text)
        headers = tuple((key, clean_line(fields[key])) for key in _FIELD_ORDER if key in fields)
    return Block(kind, text, text.count("\n") + 1 if text else 0, folded, refs, headers)


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


def _assemble(segments: list[Segment], numbers: frozenset[int]) -> list[Block]:
    """Blocks from segments: rules and blank edges trimmed, link numbers noted."""
    blocks: list[Block] = []
    for index, s in enumerate(segments):
        lines = s.text.split("\n")
        if s.kind != "text" and s.kind != "signature":  # Outlook's <hr>, empty "> " lines
            while lines and (not lines[0].strip("> ") or RULE_RE.fullmatch(lines[0])):
                lines.pop(0)
            while lines and not lines[-1].strip("> "):
                lines.pop()
        elif index + 1 < len(segments) and segments[index + 1].kind == "quote":
            while lines and (not lines[-1].strip() or RULE_RE.fullmatch(lines[-1])):
                lines.pop()
        text = "\n".join(lines).strip("\n")
        if text.strip():
            blocks.append(_block(s.kind, text, s.folded, numbers))
    return blocks


def _size(text: str) -> float:
    return len(text.encode("utf-8", "surrogatepass")) / _MB


def _clip(body: str, max_chars: int | None) -> tuple[str, str]:
    """The body cut to `max_chars` (before a tag when one is near) and a note, or ""."""
    if max_chars is None or len(body) <= max_chars:
        return body, ""
    cut = body.rfind("<", max(0, max_chars - 10_000), max_chars)
    kept = body[: cut if cut > 0 else max_chars]
    return kept, f"body truncated: showed {_size(kept):.1f} MB of {_size(body):.1f} MB"


def _wrap_lines(text: str, notes: list[str]) -> str:
    if _LONG_LINE_RE.search(text) is None:
        return text
    notes.append(f"lines longer than {MAX_LINE_CHARS:,} characters were wrapped")
    return _LONG_LINE_RE.sub(_wrap_long, text)


_MARKS: dict[str, Mark] = {"q": "quote", "w": "blockquote", "s": "signature", "e": "text"}


def _marker_lines(text: str, token: str) -> Iterator[tuple[int, int, Mark]]:
    """Each marker line the layout wrote: (start, end, mark). A marker is the token and a kind
    letter, with the quote prefix and indentation before it and its line break after it.

    Found with `str.find` on this call's token (the input cannot forge it): a pattern for the
    token's shape, tried at every character, cost ~3 ms a corpus pass."""
    pos = 0
    while (at := text.find(token, pos)) >= 0:
        pos = at + len(token)
        if pos >= len(text) or text[pos] not in _MARKS:
            continue
        start = at  # back over the prefix; the marker before ends in its letter or a line break
        while start > 0 and text[start - 1] in " \t>":
            start -= 1
        yield start, pos + 1 + (text[pos + 1 : pos + 2] == "\n"), _MARKS[text[pos]]


def _convert_html(body: str, notes: list[str]) -> tuple[list[tuple[Mark, str]], list[Link], int]:
    """Parse, convert, clean: the body's containers as text, its links, its image count."""
    token = "lemtui" + secrets.token_hex(12)
    tokenizer = Tokenizer(body, token)
    canonical = tokenizer.run()
    try:
        converted, links = convert(canonical, token, direct=len(body) > DIRECT_LAYOUT_CHARS)
    except Exception:  # html2text has no contract on odd input; the content must still show
        notes.append("the HTML could not be laid out; shown as plain text")
        converted = html.unescape(re.sub(r"<[^<>]*>", " ", canonical))
        links = []
    text = clean_text(unplace(converted))
    text = _wrap_lines(text, notes)
    pieces: list[tuple[Mark, str]] = []
    mark: Mark = "text"
    pos = 0
    for start, end, kind in _marker_lines(text, token):
        pieces.append((mark, _tidy(text[pos:start], collapse=True)))
        mark = kind
        pos = end
    pieces.append((mark, _tidy(text[pos:], collapse=True)))
    if tokenizer.simplified:
        notes.append(f"very long HTML: laid out simply after the first {MAX_TAGS:,} tags")
    if tokenizer.images:
        pixels = f" ({tokenizer.pixels} tracking)" if tokenizer.pixels else ""
        plural = "s" if tokenizer.images > 1 else ""
        notes.append(f"{tokenizer.images} remote image{plural} blocked{pixels}")
    return pieces, links, tokenizer.images


def _render(
    body: str, is_html: bool, history: Sequence[str], max_chars: int | None
) -> RenderedBody:
    """The pipeline: parse → convert → clean → segment → assemble."""
    if not isinstance(body, str):
        body = "" if body is None else str(body)
    notes: list[str] = []
    body, clipped = _clip(body, max_chars)
    links: list[Link] = []
    images = 0
    if is_html:
        pieces, links, images = _convert_html(body, notes)
    else:
        text = neutralize_stand_ins(clean_text(body))  # a forged style mark would drop a char
        text, links = link_plain_text(text)
        pieces = [("text", _tidy(_wrap_lines(text, notes), collapse=False))]
    earlier = History(history) if history else None
    blocks = _assemble(segment(pieces, earlier), frozenset(link.number for link in links))
    if clipped:
        notes.insert(0, clipped)
        blocks.append(_block("text", f"[… {clipped}]"))
    return RenderedBody(
        blocks=tuple(blocks),
        links=tuple(links),
        blocked_images=images,
        notes=tuple(clean_line(note) for note in notes),
        clipped=bool(clipped),
    )


def _fallback(body: object, max_chars: int | None) -> RenderedBody:
    text = clean_text(str(body)[:max_chars])
    if "<" in text:
        text = html.unescape(re.sub(r"<[^<>]*>", " ", text))
        text = clean_text(text)
    text = _LONG_LINE_RE.sub(_wrap_long, _tidy(text, collapse=True))
    blocks = (_block("text", text),) if text.strip() else ()
    return RenderedBody(blocks, notes=("this message could not be laid out; shown as plain text",))


def render_body(
    body: str,
    *,
    is_html: bool,
    history: Sequence[str] = (),
    max_chars: int | None = None,
) -> RenderedBody:
    """Turns a message body into folded, numbered-link, terminal-safe text. Never raises.

    HTML goes through the linear tokenizer, then html2text (or the direct layout past 100 KB);
    plain text (LinkedIn, SMS) is only cleaned, never parsed. `history`: the raw bodies of the
    conversation's earlier messages, newest first; text that repeats them is quoted history.
    `max_chars`: None (the default, for every output path) converts the whole body in time
    linear in its size; the reader passes `MAX_INPUT_CHARS` to keep its time bounded and then
    the result says `clipped`.
    """
    try:
        return _render(body, is_html, history, max_chars)
    except Exception:
        try:
            return _fallback(body, max_chars)
        except Exception:
            return RenderedBody((), notes=("this message could not be displayed",))
