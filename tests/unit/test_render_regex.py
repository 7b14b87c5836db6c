"""`guarded`: a vocabulary matched ignoring case without IGNORECASE finds what IGNORECASE finds."""

from __future__ import annotations

import random
import re
import string

import pytest

from lemtui.mail.render import _attribution, _candidates
from lemtui.mail.render._regex import _ASCII_PARTNERS, grouped, guarded, top_branches
from lemtui.mail.render._vocab import (
    CANDIDATE_STARTS,
    FORWARD_WORDS,
    HEADER_LABELS,
    NOTES_TO,
    ORIGINAL_WORDS,
    VERB,
)

_SWAPS = {"i": "İıI", "s": "ſS", "k": "\u212aK", "σ": "ςΣ"}


def _spelled(branch: str, rnd: random.Random) -> str:
    """A string the branch matches, in a random mix of cases (and of "ı", "ſ", "K" for i, s, k)."""
    text = re.sub(r"\\s[+*?]?", lambda _: rnd.choice([" ", "  ", "\t"]), branch)
    text = re.sub(r"\(\?:([^()]*)\)\??", lambda m: rnd.choice([*m.group(1).split("|"), ""]), text)
    text = re.sub(r"\[([^\]]+)\]", lambda m: rnd.choice(m.group(1)), text)
    text = text.replace("\\", "").replace("?", "")
    return "".join(
        rnd.choice(_SWAPS.get(char.lower(), char.upper())) if rnd.random() < 0.4 else char
        for char in text
    )


def test_only_these_characters_outside_ascii_match_an_ascii_letter_ignoring_case() -> None:
    every = "".join(map(chr, [*range(0xD800), *range(0xE000, 0x110000)]))
    for letter in string.ascii_lowercase:
        found = set(re.findall(letter, every, re.IGNORECASE))
        assert found == {letter, letter.upper(), *_ASCII_PARTNERS.get(letter, "")}, letter


def test_guarded_matches_where_ignorecase_matches_and_as_far() -> None:
    branches = [
        "on\\s",
        "Original",
        "(?:pa)?rašė",
        "σας",
        "ςx",
        "İyi",
        "ılık",
        "ſtop",
        "\u212aelvin",
        "Отправлено",
        "отв",
        "\\d+x",
        "写道",
        "o",
        "ob",
        "(?:ال)?رسالة",
        "(?:মূল|আসল)x",
        "(?:αβ)*γ",
        "(?:thư|tin)\\s+x",
        "(?:ı|x)y",
        "ارسال",
    ]
    plain = re.compile(f"(?:{grouped(branches)})", re.IGNORECASE)
    fast = re.compile(f"(?:{guarded(branches)})")
    rnd = random.Random(7)
    samples = [
        _spelled(rnd.choice(branches), rnd) + rnd.choice(["", "b", " x"]) for _ in range(4000)
    ]
    samples += ["ISTOP", "Ilik", "iyi", "KELVIN", "ΣΑΣ", "ΣX", "OB", "12X", "PARAŠĖ"]
    for text in samples:
        want = [m.span() for m in plain.finditer(text)]
        assert [m.span() for m in fast.finditer(text)] == want, text


@pytest.mark.parametrize("seed", range(3))
def test_the_vocabulary_patterns_match_as_their_ignorecase_forms(seed: int) -> None:
    """The readers' patterns (compiled with `guarded`) against the same ones under IGNORECASE."""
    labels = "|".join(HEADER_LABELS.values())
    starts = CANDIDATE_STARTS.split("|") + top_branches(f"{FORWARD_WORDS}|{ORIGINAL_WORDS}")
    notes = "|".join(sorted(map(re.escape, NOTES_TO | {"subject", "thema"})))
    candidates = re.compile(
        rf"^[ \t]*+(?:>|[-_—=*\d]|{grouped(starts)}|(?:{notes})[ \t]*$"
        rf"|\*{{0,2}}(?:{grouped(labels.split('|'))})\*{{0,2}}\s?[:：])",
        re.IGNORECASE | re.MULTILINE,
    )
    verbs = re.compile(f"(?:{VERB})(?!\\w)", re.IGNORECASE)
    rnd = random.Random(seed)
    words = starts + labels.split("|") + top_branches(VERB)
    for _ in range(300):
        text = "\n".join(
            rnd.choice(["", " ", "**", "> "])
            + _spelled(rnd.choice(words), rnd)
            + rnd.choice(["", ":", " :", "**:", " Bob", " x", "\n"])
            for _ in range(rnd.randint(1, 8))
        )
        got = [m.span() for m in _candidates._CANDIDATE_RE.finditer(text)]
        assert got == [m.span() for m in candidates.finditer(text)], text
        got = [m.span() for m in _attribution._VERB_RE.finditer(text)]
        assert got == [m.span() for m in verbs.finditer(text)], text


def test_forward_and_original_lines_read_as_their_ignorecase_form() -> None:
    plain = re.compile(
        rf"\s*[-_=*]*\s*(?:({FORWARD_WORDS})|{ORIGINAL_WORDS})\s*[-_=*]*\s*[:：]?\s*"
        r"|\s*[-_=]{3,}\s*Original\s*[-_=]{3,}\s*",
        re.IGNORECASE,
    )
    rnd = random.Random(11)
    words = [*top_branches(FORWARD_WORDS), *top_branches(ORIGINAL_WORDS), "original"]
    for _ in range(3000):
        line = (
            rnd.choice(["", "-----", "  ", "=== "])
            + _spelled(rnd.choice(words), rnd)
            + rnd.choice(["", ":", " -----", "---", "x"])
        )
        want, got = plain.fullmatch(line), _attribution._SEPARATOR_RE.fullmatch(line)
        assert (got and (got.span(), got.groups())) == (want and (want.span(), want.groups()))
