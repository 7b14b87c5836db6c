"""Big regex alternations built so sre tries few branches at each position.

`grouped` folds branches by their first letter ("f(?:rom|ra|echa)"), `top_branches` splits an
alternation at its top level; together they turn a vocabulary of hundreds of words into a
pattern that costs a few tries per position, compiled once at import.
"""

from __future__ import annotations

__all__ = ["grouped", "top_branches"]


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
            depth -= 1
        elif char == "|" and depth == 0:
            branches.append(pattern[start:at])
            start = at + 1
    branches.append(pattern[start:])
    return [branch for branch in branches if branch]
