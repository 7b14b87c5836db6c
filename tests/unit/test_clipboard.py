"""The terminal clipboard (`lemtui.tui.clipboard`): OSC 52 and its size limit. No UI."""

from __future__ import annotations

import base64

from lemtui.tui.clipboard import OSC52_LIMIT, copied_message, osc52_sequence, size_warning


def test_osc52_sequence_round_trips() -> None:
    text = "héllo\nwörld ✉"
    sequence = osc52_sequence(text)
    assert sequence.startswith("\x1b]52;c;")
    assert sequence.endswith("\a")
    payload = sequence.removeprefix("\x1b]52;c;").removesuffix("\a")
    assert base64.b64decode(payload).decode() == text


def test_copied_message_counts_characters() -> None:
    assert copied_message("message", "x" * 1234) == (
        "Sent message to the clipboard through the terminal, 1,234 characters; "
        "the terminal may need your permission."
    )
    assert copied_message("link", "x").startswith("Sent link to the clipboard through the")
    assert ", 1 character;" in copied_message("link", "x")


def test_inside_tmux_the_copy_says_what_tmux_needs() -> None:
    assert "set-clipboard on" in copied_message("message", "x", in_tmux=True)
    assert "tmux" not in copied_message("message", "x")


def test_size_warning_counts_what_the_terminal_receives_base64() -> None:
    """Terminals cap the encoded payload, which is 4/3 of the text: 80 KB of text is ~107 KB
    of base64, over the ~100 KB cap, and must be warned about."""
    fits = "x" * (OSC52_LIMIT * 3 // 4)
    assert len(base64.b64encode(fits.encode())) <= OSC52_LIMIT
    assert size_warning(fits) is None
    over = "x" * 80_000
    assert len(over.encode()) < OSC52_LIMIT < len(base64.b64encode(over.encode()))
    warning = size_warning(over)
    assert warning is not None
    assert "press e" in warning
