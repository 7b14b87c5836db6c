"""Mail bodies as safe, readable terminal text: new words shown, quoted history folded.

One pipeline (`_render`), pure functions, no UI import, no I/O, no network (images are never
fetched):

1. parse and clean (`_parse`): any HTML rewritten into a small well-formed subset in one linear
   pass; quote and signature containers marked with tags the input cannot forge;
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
from dataclasses import dataclass
from typing import Literal

from lemtui.render._layout import convert
from lemtui.render._links import Link
from lemtui.render._parse import MAX_TAGS, Tokenizer, unplace
from lemtui.render._quotes import RULE_RE, split_text
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
DIRECT_LAYOUT_CHARS = 100_000
"""HTML bodies longer than this skip html2text (about 15 µs a tag) for the direct layout."""
_MB = 1_000_000


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
        pieces = split_text(raw) if kind == "text" else iter([(kind, raw)])
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
            while lines and (not lines[0].strip("> ") or RULE_RE.fullmatch(lines[0])):
                lines.pop(0)
            while lines and not lines[-1].strip("> "):
                lines.pop()
        elif index + 1 < len(parts) and parts[index + 1][0] == "quote":
            while lines and (not lines[-1].strip() or RULE_RE.fullmatch(lines[-1])):
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

    HTML goes through the linear tokenizer, then html2text (or the direct layout past 100 KB); plain
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
