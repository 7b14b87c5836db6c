"""Layout: the canonical HTML of `_parse.Tokenizer` as text, by one of two engines side by side.

`Html2TextLayout` is html2text, tuned for mail (no wrapping, no Markdown marks, numbered links,
"a | b" table rows): the reference. `DirectLayout` writes the same shape in one light pass for
bodies where html2text's parser (about 15 µs a tag) would be too slow. Both guarantee:

- paragraphs separated by one blank line, list items as "  • " / "  1. ", quotes as "> ",
  links as "text [n]" with the number from a shared `LinkTable`;
- a marker from the tokenizer becomes a line of its own, "<token><kind>", so the text can be
  split on it after cleaning (the token is random per call: the input cannot forge it);
- text is still in the tokenizer's stand-ins until `unplace` (the caller cleans it after).

The corpus renders identically through either (a test checks it); spacing may differ in corner
cases of malformed markup.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

import html2text

from lemtui.mail.render._links import Link, LinkTable, OpenLink
from lemtui.mail.render._parse import MARK

__all__ = ["DirectLayout", "Html2TextLayout", "convert"]


def convert(canonical: str, token: str, *, direct: bool) -> tuple[str, list[Link]]:
    """Canonical HTML → text with marker lines, and the numbered links (`direct`: no html2text)."""
    if direct:
        layout = DirectLayout(token)
        return layout.run(canonical), layout.link_table.links
    converter = Html2TextLayout(token)
    return converter.handle_canonical(canonical), converter.link_table.links


# --------------------------------------------------------------------------------------------
# html2text, tuned for mail


@dataclass(slots=True)
class _TableRow:
    start: int = 0
    cells: int = 0


class Html2TextLayout(html2text.HTML2Text):
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
        self.link_table = LinkTable()
        self._open_links: list[OpenLink] = []
        self._rows: list[_TableRow] = []
        self._pending_sep = False
        self._fresh_item = False
        self._nchars = 0
        self._last_text = 0

    def handle_canonical(self, canonical: str) -> str:
        """What `handle` returns, with the canonical subset split by one C-speed regex.

        `html.parser` spent about a third of the layout's time finding the tags again: the
        subset has no comments, entities in text, raw-text elements or unquoted attributes, so
        its tags are exactly `_CANON_TAG_RE`'s matches and everything between them is text
        (`tests/unit/test_render_canonical.py` compares both ways over the corpus and random
        markup). Same handler calls, in the same order.
        """
        self.start = True
        parts = _CANON_TAG_RE.split(canonical)
        data, tag = self.handle_data, self.handle_tag  # what handle_starttag/endtag call
        for i in range(0, len(parts) - 1, 5):
            if parts[i]:
                data(parts[i])
            if parts[i + 1]:
                tag(parts[i + 2], {}, False)
            elif (attr := parts[i + 3]) is not None:
                value = parts[i + 4]
                tag(parts[i + 2], {attr: html.unescape(value) if "&" in value else value}, True)
            else:
                tag(parts[i + 2], {}, True)
        if parts[-1]:
            data(parts[-1])
        return self.optwrap(self.finish())

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
        elif tag == MARK:
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
            self._open_links.append(OpenLink(attrs.get("href") or "", len(self.outtextlist)))
        elif closed := self.link_table.close(self._open_links, self.outtextlist):
            self._closed_link(*closed)

    def _closed_link(self, text: str, number: int | None, alt_shown: bool) -> None:
        """A link's alt text (when it stands for the link's text) and its " [n]"."""
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
# The same shape, directly (big bodies)


_CANON_TAG_RE = re.compile(r'<(/?)([a-z0-9]+)(?: ([a-z]+)="([^"]*)")?>')
"""A tag of the canonical subset: closing or not, its name, its one attribute's name and value.
Both layouts split the canonical HTML with it (html2text's handlers take the attribute's name;
the direct layout knows it from the tag)."""
_PARAGRAPH_TAGS = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6", "table", "dl"})
_LINE_TAGS = frozenset({"div", "tr", "dt"})


class DirectLayout:
    """Lays out `Tokenizer`'s canonical HTML the way `Html2TextLayout` does, in one light pass.

    The subset is small and well formed (escaped text, a dozen tags, three attributes), so
    no parser is needed: a C-speed split, then a few branches a tag. The text has the same
    shape as html2text's (paragraphs, "  • " items, "> " quotes, "a | b" rows, " [n]" links,
    the same marker lines); spacing may differ in corner cases.
    """

    def __init__(self, token: str) -> None:
        self.token = token
        self.link_table = LinkTable()
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
        self.open_links: list[OpenLink] = []

    def run(self, canonical: str) -> str:
        parts = _CANON_TAG_RE.split(canonical)
        text = self.text
        tag = self.tag
        for i in range(0, len(parts) - 1, 5):
            if parts[i]:
                text(parts[i])
            attr = parts[i + 4]
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
        elif name == MARK:
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
            self.open_links.append(OpenLink(attr, len(self.out)))
            return
        closed = self.link_table.close(self.open_links, self.out)
        if closed is None:
            return  # a stray "</a>"
        text, number, alt_shown = closed
        if alt_shown:
            self.text(text)
        if number is None:
            return
        if text:
            self.out.append(f" [{number}]")
        else:
            self._write(f"[{number}]")
