"""`TextMemo`: a text's first pass computed once while a body is read, dropped after it."""

from __future__ import annotations

from lemtui.mail.render import _attribution, _candidates, render_body
from lemtui.mail.render._memo import TextMemo, forget


def test_a_text_is_read_once_until_the_body_is_done() -> None:
    calls: list[str] = []

    def length(text: str) -> int:
        calls.append(text)
        return len(text)

    memo = TextMemo(length, size=2)
    assert [memo("ab"), memo("ab"), memo("abc"), memo("ab")] == [2, 2, 3, 2]
    assert calls == ["ab", "abc"]
    memo("abcd")  # a third text: the full table is dropped, never grown past its size
    memo("ab")
    assert calls == ["ab", "abc", "abcd", "ab"]
    forget()
    memo("ab")
    assert calls[-1] == "ab" and len(calls) == 5


def test_nothing_is_kept_after_a_render() -> None:
    render_body(
        "Hi Bob,\n\nOn Mon, 3 Mar 2025 at 10:00, Ann <a@x.test> wrote:\n> Hello", is_html=False
    )
    assert not _candidates._kept._kept and not _attribution._fields_kept._kept
    assert not _attribution._strong_kept._kept
