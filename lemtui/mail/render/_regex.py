"""Big regex alternations built so sre tries few branches at each position.

`grouped` folds branches by their first letter ("f(?:rom|ra|echa)"), `top_branches` splits an
alternation at its top level; together they turn a vocabulary of hundreds of words into a
pattern that costs a few tries per position, compiled once at import.

`guarded` does the same for a vocabulary matched ignoring case, in a pattern compiled without
`re.IGNORECASE`: sre skips a branch that opens with a plain character or class unlike the text's
without entering it, but enters every branch that opens with a case-folded letter, so under
IGNORECASE a hundred first letters still cost a hundred tries at each line.

`anchored` serves a search that only asks which lines hold a word: each branch opens at its
rarest letter, so sre skips in C past every character no branch opens with.
"""

from __future__ import annotations

import re

__all__ = ["anchored", "grouped", "guarded", "top_branches"]


def grouped(branches: list[str]) -> str:
    """Regex branches as one alternation grouped by their first letter ("f(?:rom|ra|echa)"):
    sre tries each branch at every line start, so a hundred labels cost a hundred tries."""
    groups: dict[str, list[str]] = {}
    for branch in branches:
        first = branch[0].lower() if branch[0].isalpha() else ""
        key = first or branch
        groups.setdefault(key, []).append(branch[1:] if first else "")
    return "|".join(
        key + (f"(?:{'|'.join(rests)})" if rests != [""] else "") if key.isalpha() else key
        for key, rests in groups.items()
    )


def top_branches(pattern: str) -> list[str]:
    """A regex alternation's top-level branches (a "|" inside a group or class stays)."""
    return [branch for branch in _top_level(pattern)[0] if branch]


def _top_level(pattern: str) -> tuple[list[str], int]:
    """The top-level branches of `pattern`, empty ones kept, up to the ")" that closes the group
    it is in (and that ")"'s index), or to its end."""
    branches: list[str] = []
    depth = start = 0
    in_class = escaped = False
    for at, char in enumerate(pattern):
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char == "(":
            depth += 1
        elif char == ")":
            if depth == 0:
                branches.append(pattern[start:at])
                return branches, at
            depth -= 1
        elif char == "|" and depth == 0:
            branches.append(pattern[start:at])
            start = at + 1
    branches.append(pattern[start:])
    return branches, len(pattern)


def _opened(branch: str, reach: int = 16) -> list[str]:
    """A branch that opens with a group, as one branch per way the group opens, in the order
    sre tries them ("(?:pa)?rašė" as "parašė", "rašė"; "(?:a|b)c" as "ac", "bc"), so that each
    opens with a letter; the branch itself when it opens otherwise or would make over `reach`."""
    if not branch.startswith("(?:"):
        return [branch]
    inner, close = _top_level(branch[3:])
    after = branch[close + 4 :]  # what follows the group's ")"
    optional = after.startswith("?") and not after.startswith(("??", "?+"))
    if after.startswith(("*", "+", "{")) or (after.startswith("?") and not optional):
        return [branch]
    rest = after[1:] if optional else after
    ways = [way for part in inner for way in _opened(part + rest, reach)]
    ways += _opened(rest, reach) if optional else []
    return ways if len(ways) <= reach and all(ways) else [branch]


def _first_letters(branch: str) -> set[str] | None:
    """The letters a branch can open with, read from its text: a letter, or a group of such
    branches (optional when "?" or "*" follows it, and then what follows too); None for any
    other opening, which may be anything."""
    if branch[:1].isalpha():
        return {branch[0]}
    if not branch.startswith("(?:"):
        return None
    inner, close = _top_level(branch[3:])
    after = branch[close + 4 :]  # what follows the group's ")"
    if after.startswith("{"):
        return None
    optional = after[:1] in ("?", "*")
    letters: set[str] = set()
    for part in [*inner, after[1:]] if optional else inner:
        found = _first_letters(part)
        if found is None:
            return None
        letters |= found
    return letters


# The characters outside ASCII that sre's IGNORECASE equates with an ASCII letter (Python 3.11:
# "İ" and the Kelvin sign lower to "i" and "k"; "ı" and "ſ" are its extra case pairs), as
# tests/unit/test_render_regex.py checks against every code point.
_ASCII_PARTNERS = {"i": "\u0130\u0131", "s": "\u017f", "k": "\u212a"}
_NOT_ASCII_RE = "(?=[^\x00-\x7f])"


def guarded(branches: list[str]) -> str:
    """Regex branches matched ignoring case, as one alternation for a pattern compiled without
    `re.IGNORECASE` that matches what `(?i:b1|b2|…)` matches, the same branch first.

    Grouped by first letter (`grouped`); a group under an ASCII letter opens with the class of
    the characters that letter matches ignoring case ("[oO](?i:n\\s|…)"), and the groups
    under other letters go together behind one test that the character is not ASCII. sre then
    tests a few classes at a place and enters one or two branches, not one per letter. Only
    groups between two branches that open with no letter are reordered, and no two of those
    can match at the same place (their letters differ ignoring case), so the first match is
    the same one.
    """
    groups: dict[str, list[str]] = {}
    for branch in (way for given in branches for way in _opened(given)):
        first = branch[0].lower() if branch[0].isalpha() else ""
        key = first or branch
        groups.setdefault(key, []).append(branch[1:] if first else "")
    partners = "".join(_ASCII_PARTNERS.values())
    out: list[str] = []
    ascii_run: list[str] = []
    other_run: list[str] = []

    def close_run() -> None:
        out.extend(ascii_run)
        if other_run:
            out.append(f"{_NOT_ASCII_RE}(?i:{'|'.join(other_run)})")
        ascii_run.clear()
        other_run.clear()

    for key, rests in groups.items():
        rest = f"(?i:{'|'.join(rests)})" if rests != [""] else ""
        if not key.isalpha():
            letters = _first_letters(key)
            if (
                letters
                and all(len(c) == 1 and not c.isascii() for c in letters)
                and not (letters & set(partners))
            ):
                other_run.append(key)  # it opens with letters outside ASCII ("(?:ال)?رسالة")
                continue
            close_run()
            out.append(f"(?i:{key})")  # a branch that may open with anything stays in place
        elif key.isascii():
            cases = "".join(dict.fromkeys(key + key.upper() + _ASCII_PARTNERS.get(key, "")))
            ascii_run.append(f"[{cases}]{rest}" if len(cases) > 1 else f"{cases}{rest}")
        elif len(key) == 1 and key not in partners:
            other_run.append(f"{key}{rest}")
        else:
            close_run()
            out.append(f"(?i:{key}{rest})")  # a letter that may match an ASCII one: in place
    close_run()
    return "|".join(out)


# Latin letters from the most to the least frequent in mail; any other letter or digit counts
# as rare (a Cyrillic word's letters are all alike, and its first one is as good as any).
_FREQUENT = "etaoinsrhldcumfpgwybvkxjqz"
_LITERAL_RE = re.compile(r"[^\\\[\](){}?*+|.^$]*")


def anchored(branch: str, *, word_start: bool = False) -> str:
    """The branch written to open at the rarest letter of its literal start, the whole
    literal start then checked behind it: "vileged(?<=privileged)" matches "privileged" ending
    where it does, starting at its "v". So a pattern of such branches opens with rare letters,
    its search skips in C past every other character, and after the rare letter the next ones
    are compared before any look behind. Only for finding which lines hold a word: a match
    starts at its rare letter, not at the word's start. `word_start`: the word starts a word,
    as "\\bprivileged" would.
    """
    m = _LITERAL_RE.match(branch)
    literal = m.group() if m else ""
    if len(literal) < len(branch) and branch[len(literal)] in "?*+{":
        literal = literal[:-1]  # the last letter is quantified: not fixed
    places = [i for i, char in enumerate(literal) if char.isalnum()]
    if not places:
        return f"\\b(?:{branch})" if word_start else branch
    at = max(places, key=lambda i: (_rarity(literal[i]), -i))
    if at == 0 and not word_start:
        return branch  # it opens with its rarest letter already
    behind = ("\\b" if word_start else "") + re.escape(literal)
    return f"{re.escape(literal[at:])}(?<={behind}){branch[len(literal) :]}"


def _rarity(char: str) -> int:
    found = _FREQUENT.find(char)
    return found if found >= 0 else len(_FREQUENT)
