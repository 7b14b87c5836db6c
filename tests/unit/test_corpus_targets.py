"""The reading corpus meets issue 9's targets: nobody's new words lost, ≥ 95 % read right."""

from __future__ import annotations

from tests.support.corpus import load, score_entry


def test_no_message_loses_new_words_and_95_percent_read_right() -> None:
    corpus = load()
    scores = {entry.name: score_entry(entry, corpus) for entry in corpus.entries}
    assert len(scores) >= 12
    lost = sorted(name for name, score in scores.items() if score.lost)
    assert lost == []
    right = sum(score.right for score in scores.values())
    wrong = sorted(name for name, score in scores.items() if not score.right)
    assert right >= 0.95 * len(scores), f"not right: {wrong}"
