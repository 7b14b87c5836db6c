"""Untrusted text made safe for a terminal: `clean_text` (multi-line) and `clean_line`.

Every string from the service (bodies, subjects, names, addresses, server error text) passes
through here before it is shown. Stdlib only: the API client, the renderer and the UI all use
it, and importing it loads nothing else.

What is removed: terminal control sequences, every C0/C1 control but newline and tab, zero-width
and bidi controls (a zero-width non-joiner stays between two Arabic-script or Indic letters,
where it is spelling). The two bidi *overrides* (U+202D LRO, U+202E RLO), which can make
``invoice\u202etxt.exe`` read as ``invoiceexe.txt``, are replaced by the visible markers
``⟨LRO⟩`` / ``⟨RLO⟩``; the other bidi controls (embeddings, isolates, marks) are dropped, so text
always shows in logical order.

Speed notes: every pass over a whole text is a C-speed str method or a regex whose character
classes sre can test with one table lookup (BMP-only classes; astral ranges are tested one by
one, so `_CLEAN_RE` matches any astral character and sorts them out in Python).
"""

from __future__ import annotations

import re

__all__ = ["clean_line", "clean_text"]


def _ranges(*pairs: tuple[int, int]) -> str:
    return "".join(f"{chr(a)}-{chr(b)}" if a != b else chr(a) for a, b in pairs)


_EMOJI = _ranges((0x2600, 0x27BF), (0x2B00, 0x2BFF), (0xFE0F, 0xFE0F), (0x1F000, 0x1FAFF))
_NONCHARS = "".join(chr(p << 16 | 0xFFFE) + chr(p << 16 | 0xFFFF) for p in range(1, 17))
_DROP_BMP = "\x00-\x08\x0b-\x1f\x7f-\x9f" + _ranges(  # C0 but \t \n, DEL, C1 (ESC, CSI)
    (0x00AD, 0x00AD),  # soft hyphen
    (0x034F, 0x034F),  # combining grapheme joiner (newsletter preheader filler)
    (0x061C, 0x061C),  # Arabic letter mark
    (0x115F, 0x1160),  # Hangul fillers (blank-looking names)
    (0x17B4, 0x17B5),
    (0x180E, 0x180E),
    (0x200B, 0x200F),  # zero-width space/non-joiner/joiner, LRM, RLM
    (0x202A, 0x202E),  # bidi embeddings and overrides
    (0x2060, 0x206F),  # word joiner, invisible operators, isolates, deprecated formats
    (0x3164, 0x3164),
    (0xD800, 0xDFFF),  # lone surrogates
    (0xFDD0, 0xFDEF),  # non-characters
    (0xFEFF, 0xFEFF),
    (0xFFA0, 0xFFA0),
    (0xFFF0, 0xFFFB),  # interlinear annotation controls
    (0xFFFE, 0xFFFF),
)
_DROP_ASTRAL = (
    _ranges(
        (0x1BCA0, 0x1BCA3),
        (0x1D173, 0x1D17A),
        (0xE0000, 0xE007F),  # tag characters ("ASCII smuggling"), kept only in flag emoji
        (0xE0080, 0xE00FF),
        (0xE01F0, 0xE0FFF),
    )
    + _NONCHARS
)
_COMBINING = _ranges((0x0300, 0x036F), (0x1AB0, 0x1AFF), (0x1DC0, 0x1DFF), (0x20D0, 0x20FF))
# Every character beyond the BMP is matched, then sorted out in `_clean_match` (emoji are kept):
# sre checks a class's BMP part in one table lookup but its astral ranges one by one, and 40 of
# them made this pass ~100 ns a character.
_CLEAN_RE = re.compile(f"[{_DROP_BMP}\U00010000-\U0010ffff]")
_ASTRAL_DROP_RE = re.compile(f"[{_DROP_ASTRAL}]")
_EMOJI_RE = re.compile(f"[{_EMOJI}]")
_FLAG_RE = re.compile("\U0001f3f4[\U000e0020-\U000e007e]{1,16}\U000e007f")
_COMBINING_RE = re.compile(f"[{_COMBINING}]")
_ZALGO_RE = re.compile(f"([{_COMBINING}]{{4}})[{_COMBINING}]+")
# Scripts whose letters join and where a zero-width non-joiner belongs to the spelling
# ("پیام‌تان", "می‌خواهم"; Urdu, Devanagari, Bengali, Tamil …): Arabic and the Indic blocks.
_JOINING_RE = re.compile(
    "[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\u0900-\u0dff\ufb50-\ufdff\ufe70-\ufefc]"
)
_VISIBLE = {"\u202d": "⟨LRO⟩", "\u202e": "⟨RLO⟩"}
_SURROGATES = range(0xD800, 0xE000)
_TAGS = range(0xE0020, 0xE0080)
_NEWLINES_RE = re.compile("[\r\x0b\x0c\x85\u2028\u2029]")
_ASCII_CONTROL_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f]")


def _clean_match(m: re.Match[str]) -> str:
    char, text, at = m.group(), m.string, m.start()
    if char > "\uffff" and _ASTRAL_DROP_RE.match(char) is None:
        return char  # emoji and every other character beyond the BMP that is not dropped
    if char == "\u200c":  # kept between two letters of a script that joins them (Persian)
        if _JOINING_RE.match(text, at - 1) and _JOINING_RE.match(text, at + 1):
            return char
    elif char == "\u200d":  # kept inside an emoji sequence (👨‍👩‍👧)
        if _EMOJI_RE.match(text, at - 1) and _EMOJI_RE.match(text, at + 1):
            return char
    elif ord(char) in _TAGS:  # kept inside a subdivision flag (🏴 + tag letters + cancel tag)
        base = text.rfind("\U0001f3f4", max(0, at - 16), at)
        flag = _FLAG_RE.match(text, base) if base >= 0 else None
        if flag is not None and flag.end() > at:
            return char
    elif char == "\U000e007f":
        base = text.rfind("\U0001f3f4", max(0, at - 17), at)
        flag = _FLAG_RE.match(text, base) if base >= 0 else None
        if flag is not None and flag.end() == at + 1:
            return char
    elif ord(char) in _SURROGATES:
        return "\ufffd"
    return _VISIBLE.get(char, "")


def clean_text(text: str) -> str:
    """Multi-line text made safe for a terminal: forbidden characters gone, ``\\n``/``\\t`` kept.

    Line separators (CR, CRLF, VT, FF, NEL, U+2028/9) become ``\\n``; controls, zero-width and
    bidi characters are dropped (overrides shown as ``⟨RLO⟩``/``⟨LRO⟩``); runs of more than four
    combining marks are cut. Emoji ZWJ sequences and flag tag sequences are kept.
    """
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    if text.isascii() and _ASCII_CONTROL_RE.search(text) is None:
        return text  # the common case, in two C-speed passes
    if "\r" in text:
        text = text.replace("\r\n", "\n")
    if _NEWLINES_RE.search(text) is not None:
        text = _NEWLINES_RE.sub("\n", text)
    if _CLEAN_RE.search(text) is not None:
        text = _CLEAN_RE.sub(_clean_match, text)
    if text.isascii() or _COMBINING_RE.search(text) is None:
        return text
    return _ZALGO_RE.sub(r"\1", text)


def clean_line(text: str) -> str:
    """A single-line field (subject, name, address, file name, server error) made safe.

    `clean_text`, then every whitespace run, newlines included, becomes one space; stripped.
    """
    return " ".join(clean_text(text).split())  # split(): the same whitespace as regex \s
