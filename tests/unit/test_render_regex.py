"""`guarded`: a vocabulary matched ignoring case without IGNORECASE finds what IGNORECASE finds."""

from __future__ import annotations

import random
import re
import string

import pytest

from lemtui.mail.render import _attribution, _candidates, _signature
from lemtui.mail.render._regex import (
    _ASCII_PARTNERS,
    _opened,
    anchored,
    grouped,
    guarded,
    top_branches,
)
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


def _lines(pattern: re.Pattern[str], text: str) -> set[int]:
    return {text.count("\n", 0, m.start()) for m in pattern.finditer(text)}


@pytest.mark.parametrize("seed", range(2))
def test_anchored_words_are_found_in_the_same_lines(seed: int) -> None:
    """`legal_starts` reads which lines hold a legal or a printing word through the anchored
    patterns: the same lines as the plain ones, with words whole, cut, glued or mid-word."""
    words = top_branches(_signature._LEGAL_WORDS) + top_branches(_signature._PRINT_WORDS)
    words += top_branches(_signature._RTL_LEGAL_WORDS)
    rnd = random.Random(seed)
    for _ in range(400):
        parts = []
        for _ in range(rnd.randint(1, 15)):
            word = _spelled(rnd.choice(words), rnd).lower()
            if rnd.random() < 0.3 and len(word) > 3:
                word = word[: rnd.randint(1, len(word) - 1)]
            parts.append(rnd.choice(["the ", "x", " ", "é", "\n", "_", "1", "ש"]) + word)
        text = "".join(parts)
        plain, _, fast = _signature._legal_res(text)
        assert _lines(fast, text) == _lines(plain, text), text
        assert _lines(_signature._PRINT_LINE_RE, text) == _lines(_signature._PRINT_RE, text), text


def test_anchored_opens_at_the_rarest_letter_and_checks_the_rest_behind() -> None:
    assert anchored("privileged") == "vileged(?<=privileged)"
    assert anchored("print", word_start=True) == "print(?<=\\bprint)"
    assert anchored("destinat") == "destinat"
    assert re.fullmatch(anchored("skriv(?:er|e|a)? ut"), "skriver ut") is None  # starts at "k"
    assert re.search(anchored("skriv(?:er|e|a)? ut"), "vi skriver ut") is not None


def test_a_branch_opening_with_a_group_is_written_one_way_per_opening_in_order() -> None:
    assert _opened("(?:pa)?rašė") == ["parašė", "rašė"]  # the greedy "?" tries the group first
    assert _opened("(?:|x)y") == ["y", "xy"]
    assert _opened("(?:a(?:b|c)?|d)e") == ["a(?:b|c)?e", "de"]
    for kept in ("(?:x)*y", "(?:x)??y", "(?:x){2}y", "\\d+x"):
        assert _opened(kept) == [kept]  # a repeat, a lazy or no group at all stays one branch
