"""Score today's renderer on the reading corpus (`tests/corpus/mail/`), message by message.

    python scripts/corpus.py             one row per message, the totals, then per shape
    python scripts/corpus.py --check     the same; exit 1 unless lost = 0 and right >= 95 %
    python scripts/corpus.py --show NAME what the reader shows of NAME, what it misses and adds

right: the visible text holds >= 95 % of the expected words and >= 80 % of it is expected.
lost: < 80 % of the lead's new words are visible (the renderer hid what the lead wrote).
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.support.corpus import (
    SHAPES,
    Corpus,
    CorpusError,
    Entry,
    Score,
    load,
    score_entry,
    visible_text,
    words,
)

TARGET_RIGHT = 0.95


def _pct(value: float) -> str:
    return f"{value * 100:5.1f}"


def _table(corpus: Corpus, scores: dict[str, Score]) -> None:
    width = max(len(entry.name) for entry in corpus.entries)
    print(f"{'message':<{width}}  {'client':<13} lang  recall  prec   new   verdict")
    for entry in corpus.entries:
        s = scores[entry.name]
        print(
            f"{entry.name:<{width}}  {entry.client:<13} {entry.language:<4}  "
            f"{_pct(s.recall)}  {_pct(s.precision)} {_pct(s.new_recall)}  {s.verdict}"
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


def _show(entry: Entry, corpus: Corpus) -> None:
    visible = visible_text(entry, corpus)
    shown, expected = Counter(words(visible)), Counter(words(entry.expected))
    print(f"--- {entry.name} ({entry.client}, {entry.language}): {entry.notes}")
    print(visible)
    print("--- expected but not shown:", " ".join(sorted((expected - shown).elements())))
    print("--- shown but not expected:", " ".join(sorted((shown - expected).elements())))
    missing_new = Counter(words(entry.new)) - shown
    print("--- new words not shown:", " ".join(sorted(missing_new.elements())))


def main(argv: list[str] | None = None) -> int:
    """Prints the corpus table (or one message with --show); returns the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--check", action="store_true", help="exit 1 unless the targets are met")
    parser.add_argument("--show", metavar="NAME", help="show one message's visible text")
    args = parser.parse_args(argv)
    try:
        corpus = load()
    except CorpusError as error:
        print(f"corpus: {error}", file=sys.stderr)
        return 2
    if args.show:
        try:
            _show(corpus[args.show], corpus)
        except KeyError:
            print(f"corpus: no message named {args.show!r}", file=sys.stderr)
            return 2
        return 0
    scores = {entry.name: score_entry(entry, corpus) for entry in corpus.entries}
    _table(corpus, scores)
    total = len(scores)
    right = sum(s.right for s in scores.values())
    lost = sum(s.lost for s in scores.values())
    share = right / total if total else 0.0
    print(f"\ntotal {total}: right {right} ({share * 100:.1f} %), lost {lost}")
    _by_shape(corpus, scores)
    if args.check and (lost or share < TARGET_RIGHT):
        print(f"corpus: targets not met (lost = 0 and right >= {TARGET_RIGHT:.0%})")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
