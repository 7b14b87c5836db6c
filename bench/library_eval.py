"""Issue 9's library evaluation: quotequail and selectolax/lxml beside lemtui's own renderer.

Not part of `make bench` (the libraries are not dependencies). Run it in an environment that
has them: `pip install quotequail selectolax lxml` then `python -m bench.library_eval`.

- Folding: quotequail's `quote_html`/`quote` (visible parts laid out by lemtui's renderer,
  unfolded) scored by the reading corpus's scorer, against lemtui's own folding.
- Parsing: time to parse each corpus body and each hostile body (selectolax's Lexbor,
  lxml.html) against lemtui's linear tokenizer, each in a child process with a time limit.
"""

from __future__ import annotations

import multiprocessing
import statistics
import time
from collections.abc import Callable

from tests.support.corpus import load, score, visible_text

BIG_PADDING = "<p>" + "padding words " * 8_000 + "</p>"

LIMIT_S = 20.0

HOSTILE = {
    "<a x 50k": "<a" * 50_000,
    "<div> x 5k nested": "<div>" * 5000 + "deep" + "</div>" * 5000,
    "<ul><li> x 8k": "<ul><li>x" * 8000,
    "<blockquote> x 5k": "<blockquote>q" * 5000,
    "<table> x 2k nested": "<table><tr><td>" * 2000 + "cell" + "</td></tr></table>" * 2000,
    "<br> x 200k": "<br>" * 200_000,
    "attrs x 50k": "<a " + "x=1 " * 50_000 + ">",
    "5.4 MB paragraphs": "<p>hello world</p>" * 300_000,
    "big padding": BIG_PADDING,
}


def _quotequail_visible(body: str, is_html: bool) -> str:
    import quotequail

    from lemtui.mail.render import render_body

    if is_html:
        parts = quotequail.quote_html(body, quote_intro_line=True)
        shown = "".join(part for visible, part in parts if visible)
        return render_body(shown, is_html=True).text
    parts = quotequail.quote(body, quote_intro_line=True)
    return "\n".join(part for visible, part in parts if visible)


def _run(target: Callable[[str], object], body: str, queue: multiprocessing.Queue[float]) -> None:
    start = time.perf_counter()
    target(body)
    queue.put(time.perf_counter() - start)


def _timed(target: Callable[[str], object], body: str) -> str:
    queue: multiprocessing.Queue[float] = multiprocessing.Queue()
    process = multiprocessing.Process(target=_run, args=(target, body, queue))
    process.start()
    process.join(LIMIT_S)
    if process.is_alive():
        process.kill()
        process.join()
        return f"> {LIMIT_S:.0f} s"
    if process.exitcode != 0:
        return f"crashed ({process.exitcode})"
    return f"{queue.get() * 1000:,.1f} ms"


def _selectolax(body: str) -> object:
    from selectolax.lexbor import LexborHTMLParser

    return LexborHTMLParser(body).body


def _lxml(body: str) -> object:
    import lxml.html

    return lxml.html.document_fromstring(body or "<p></p>")


def _tokenizer(body: str) -> object:
    from lemtui.mail.render._parse import Tokenizer

    return Tokenizer(body, "lemtui" + "0" * 24).run()


def _quotequail_html(body: str) -> object:
    import quotequail

    return quotequail.quote_html(body)


def main() -> None:
    from lemtui.lemlist.messages import looks_like_html

    corpus = load()
    ours: list[str] = []
    theirs: list[str] = []
    for entry in corpus.entries:
        is_html = looks_like_html(entry.body)
        mine = score(visible_text(entry, corpus), entry.expected, entry.new)
        other = score(_quotequail_visible(entry.body, is_html), entry.expected, entry.new)
        ours.append(mine.verdict)
        theirs.append(other.verdict)
        print(f"{entry.name:32} lemtui {mine.verdict:6} quotequail {other.verdict}")
    n = len(ours)
    for name, verdicts in (("lemtui", ours), ("quotequail", theirs)):
        print(f"{name}: right {verdicts.count('right')}/{n}, lost {verdicts.count('lost')}/{n}")
    print("\nparse time per corpus body (median, in process):")
    for name, parse in (
        ("lemtui tokenizer", _tokenizer),
        ("selectolax", _selectolax),
        ("lxml", _lxml),
    ):
        times = []
        for entry in corpus.entries:
            start = time.perf_counter()
            parse(entry.body)
            times.append(time.perf_counter() - start)
        print(f"  {name:18} {statistics.median(times) * 1e6:,.0f} µs")
    print(f"\nhostile bodies (child process, limit {LIMIT_S:.0f} s):")
    for label, body in HOSTILE.items():
        cells = [
            f"{name} {_timed(fn, body)}"
            for name, fn in (
                ("tokenizer", _tokenizer),
                ("selectolax", _selectolax),
                ("lxml", _lxml),
                ("quotequail", _quotequail_html),
            )
        ]
        print(f"  {label:22} " + " | ".join(cells))


if __name__ == "__main__":
    main()
