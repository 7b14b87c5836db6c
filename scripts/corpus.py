"""Score today's renderer on the reading corpus (`tests/corpus/mail/`), message by message.

    python scripts/corpus.py             one row per tuned message, per shape, then the figures
    python scripts/corpus.py --check     the same; exit 1 unless the targets below are met
    python scripts/corpus.py --show NAME what the reader shows of NAME (a tuned or spent
                                         message), what it misses and adds

Two figures, for the tuned part and for the held-out part (`heldout/*/index.json`, written blind
and never tuned on) separately. The tuned part includes the spent held-out batches and single
messages (listed in `heldout/spent.json`: read to diagnose the renderer, so no longer held out;
a batch with spent messages stays held out without them):

reader: right when the visible text holds >= 95 % of the expected words and >= 80 % of it is
  expected; lost when < 80 % of the lead's new words are visible.
script: what `--quotes strip` (the `text`, `forward` and `whole-quote` blocks) gives a script;
  right when it holds >= 95 % of the new words and is not empty, lost when < 80 % of them.

--check: on the tuned part (spent batches and messages included) the reader's lost = 0 and
right >= 95 %; on the held-out part (unspent only), for both figures, lost = 0 and right >= 95 %.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path
from typing import NamedTuple

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.support.corpus import (
    SHAPES,
    Corpus,
    CorpusError,
    Entry,
    Score,
    ScriptScore,
    load,
    load_heldout,
    load_spent,
    score_entry,
    score_script,
    script_text,
    visible_text,
    words,
)

TARGET_RIGHT = 0.95


def _pct(value: float) -> str:
    return f"{value * 100:5.1f}"


def _table(corpus: Corpus, scores: dict[str, Score], scripts: dict[str, ScriptScore]) -> None:
    width = max(len(entry.name) for entry in corpus.entries)
    print(f"{'message':<{width}}  {'client':<13} lang  recall  prec   new   reader  script")
    for entry in corpus.entries:
        s = scores[entry.name]
        print(
            f"{entry.name:<{width}}  {entry.client:<13} {entry.language:<4}  "
            f"{_pct(s.recall)}  {_pct(s.precision)} {_pct(s.new_recall)}  {s.verdict:<7} "
            f"{scripts[entry.name].verdict}"
        )


class Figures(NamedTuple):
    """One part's totals: messages, and for the reader and the script, right and lost."""

    total: int
    reader_right: int
    reader_lost: int
    script_right: int
    script_lost: int

    def line(self, label: str) -> str:
        def share(right: int) -> str:
            return f"{right / self.total * 100:.1f} %" if self.total else "-"

        return (
            f"{label} {self.total}: reader right {self.reader_right} "
            f"({share(self.reader_right)}), lost {self.reader_lost}; script right "
            f"{self.script_right} ({share(self.script_right)}), lost {self.script_lost}"
        )

    def met(self, *, script: bool) -> bool:
        """lost = 0 and right >= 95 % for the reader, and for the script when asked."""
        pairs = [(self.reader_right, self.reader_lost)]
        if script:
            pairs.append((self.script_right, self.script_lost))
        return all(lost == 0 and right >= TARGET_RIGHT * self.total for right, lost in pairs)


def _figures(scores: dict[str, Score], scripts: dict[str, ScriptScore]) -> Figures:
    return Figures(
        total=len(scores),
        reader_right=sum(s.right for s in scores.values()),
        reader_lost=sum(s.lost for s in scores.values()),
        script_right=sum(s.right for s in scripts.values()),
        script_lost=sum(s.lost for s in scripts.values()),
    )


def _misses(corpus: Corpus, scores: dict[str, Score], scripts: dict[str, ScriptScore]) -> str:
    """The names of a part's messages that are not right, by figure (no content shown)."""
    reader = [e.name for e in corpus.entries if not scores[e.name].right]
    script = [e.name for e in corpus.entries if not scripts[e.name].right]
    return f"    reader not right: {' '.join(reader) or '-'}\n    script not right: " + (
        " ".join(script) or "-"
    )


def _by_shape(corpus: Corpus, scores: dict[str, Score]) -> None:
    print("\nper shape: messages, right, and the others by verdict")
    for shape in SHAPES:
        tagged = [e for e in corpus.entries if shape in e.shapes]
        if not tagged:
            continue
        verdicts = Counter(scores[e.name].verdict for e in tagged)
        right = verdicts.pop("right", 0)
        misses = ", ".join(
            f"{verdict} {' '.join(e.name for e in tagged if scores[e.name].verdict == verdict)}"
            for verdict in sorted(verdicts)
        )
        print(f"  {shape:<27} {len(tagged):3} {right:3} right  {misses}".rstrip())


def _find(name: str, corpora: list[Corpus]) -> tuple[Entry, Corpus] | None:
    for corpus in corpora:
        try:
            return corpus[name], corpus
        except KeyError:
            continue
    return None


def _show(entry: Entry, corpus: Corpus) -> None:
    visible = visible_text(entry, corpus)
    shown, expected = Counter(words(visible)), Counter(words(entry.expected))
    print(f"--- {entry.name} ({entry.client}, {entry.language}): {entry.notes}")
    print(visible)
    print("--- expected but not shown:", " ".join(sorted((expected - shown).elements())))
    print("--- shown but not expected:", " ".join(sorted((shown - expected).elements())))
    missing_new = Counter(words(entry.new)) - shown
    print("--- new words not shown:", " ".join(sorted(missing_new.elements())))
    got = Counter(words(script_text(entry, corpus)))
    print(
        "--- new words a script misses:",
        " ".join(sorted((Counter(words(entry.new)) - got).elements())),
    )


def main(argv: list[str] | None = None) -> int:
    """Prints the corpus table (or one message with --show); returns the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--check", action="store_true", help="exit 1 unless the targets are met")
    parser.add_argument("--show", metavar="NAME", help="show one message's visible text")
    args = parser.parse_args(argv)
    try:
        corpus = load()
        spent = load_spent()
    except CorpusError as error:
        print(f"corpus: {error}", file=sys.stderr)
        return 2
    if args.show:  # never an unspent held-out message: nobody tuning the renderer reads those
        found = _find(args.show, [corpus, *spent.values()])
        if found is None:
            print(f"corpus: no tuned or spent message named {args.show!r}", file=sys.stderr)
            return 2
        _show(*found)
        return 0
    scores = {entry.name: score_entry(entry, corpus) for entry in corpus.entries}
    scripts = {entry.name: score_script(entry, corpus) for entry in corpus.entries}
    _table(corpus, scores, scripts)
    _by_shape(corpus, scores)
    tuned = _figures(scores, scripts)
    total, right, lost = tuned.total, tuned.reader_right, tuned.reader_lost
    share = right / total if total else 0.0
    print(f"\ntotal {total}: right {right} ({share * 100:.1f} %), lost {lost}")
    print(tuned.line("tuned"))
    if spent:
        all_scores = {f"tuned/{k}": v for k, v in scores.items()}
        all_scripts = {f"tuned/{k}": v for k, v in scripts.items()}
        for batch, held in spent.items():
            b_scores = {e.name: score_entry(e, held) for e in held.entries}
            b_scripts = {e.name: score_script(e, held) for e in held.entries}
            print(_figures(b_scores, b_scripts).line(f"  spent {batch}"))
            print(_misses(held, b_scores, b_scripts))
            all_scores |= {f"{batch}/{k}": v for k, v in b_scores.items()}
            all_scripts |= {f"{batch}/{k}": v for k, v in b_scripts.items()}
        tuned = _figures(all_scores, all_scripts)
        print(tuned.line(f"tuned incl. spent ({', '.join(spent)})"))
    failed = not tuned.met(script=False)
    try:
        batches = load_heldout()
    except CorpusError as error:
        print(f"corpus: held-out: {error}", file=sys.stderr)
        return 2
    if not batches:
        print("held-out: none")
    else:
        held_scores: dict[str, Score] = {}  # by "batch/name": names may repeat
        held_scripts: dict[str, ScriptScore] = {}
        for batch, held in batches.items():
            b_scores = {e.name: score_entry(e, held) for e in held.entries}
            b_scripts = {e.name: score_script(e, held) for e in held.entries}
            print(_figures(b_scores, b_scripts).line(f"  held-out {batch}"))
            # No names: a name says a message's language and client, which is already a hint
            # to whoever tunes the renderer next (spending a message is a decision, below).
            held_scores |= {f"{batch}/{k}": v for k, v in b_scores.items()}
            held_scripts |= {f"{batch}/{k}": v for k, v in b_scripts.items()}
        heldout = _figures(held_scores, held_scripts)
        print(heldout.line("held-out"))
        failed = failed or not heldout.met(script=True)
    if args.check and failed:
        print(
            f"corpus: targets not met (lost = 0 and right >= {TARGET_RIGHT:.0%}: the reader's on "
            "the tuned part with the spent batches, the reader's and the script's on the unspent "
            "held-out part)"
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
