"""Quotes and signatures found in text: attributions, ">" runs, forwarded headers, footers."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Literal

__all__ = ["RULE_RE", "split_text"]

Kind = Literal["text", "quote", "signature"]

_WROTE_RE = re.compile(
    r"\s*(?:"
    r"On\s.{1,300}\swrote"
    r"|Le\s.{1,300}\sa\s+écrit"
    r"|Am\s.{1,300}\sschrieb\b.{0,200}"
    r"|El\s.{1,300}\sescribió"
    r"|(?:Il|In\s+data)\s.{1,300}\sha\s+scritto"
    r"|(?:Em|No\s+dia)\s.{1,300}\sescreveu"
    r"|Op\s.{1,300}\s(?:schreef\b.{0,200}|heeft\b.{0,200}\sgeschreven)"
    r")\s?:\s*",
    re.IGNORECASE,
)
_WROTE_START_RE = re.compile(r"\s*(?:On|Le|Am|El|Il|In data|Em|No dia|Op)\s", re.IGNORECASE)
_ORIGINAL_RE = re.compile(
    r"\s*-{2,}\s*(?:original message|forwarded message|message d'origine|message transféré"
    r"|ursprüngliche nachricht|weitergeleitete nachricht|mensaje original|mensaje reenviado"
    r"|messaggio originale|messaggio inoltrato|mensagem original|mensagem encaminhada"
    r"|oorspronkelijk bericht|doorgestuurd bericht)\s*-{2,}\s*",
    re.IGNORECASE,
)
_HEADER_FROM_RE = re.compile(r"\s*(?:From|De|Von|Da|Van|Från|Fra)\s?:\s*\S", re.IGNORECASE)
_HEADER_DATE_RE = re.compile(
    r"\s*(?:Sent|Date|Envoyé|Gesendet|Datum|Enviado|Inviato|Data|Verzonden|Fecha)\s?:",
    re.IGNORECASE,
)
_HEADER_TO_RE = re.compile(
    r"\s*(?:To|À|A|An|Para|Aan|Subject|Objet|Betreff|Asunto|Oggetto|Assunto|Onderwerp)\s?:",
    re.IGNORECASE,
)
_SIG_DELIMITER = frozenset({"--", "-- ", "—", "__"})
_MOBILE_SIG_RE = re.compile(
    r"\s*(?:Sent from my \w+|Sent from (?:Outlook|Mail for Windows|Yahoo Mail)"
    r"|Get Outlook for (?:iOS|Android)|Envoyé de mon \w+|Envoyé depuis mon \w+"
    r"|Von meinem \w+ gesendet|Enviado desde mi \w+|Inviato da(?:l mio)? \w+"
    r"|Enviado do meu \w+|Verzonden (?:vanaf|met) mijn \w+)\b.{0,40}",
    re.IGNORECASE,
)
_LEGAL_START_RE = re.compile(
    r"\s*(?:confidentiality notice|disclaimer|avertissement|avis de confidentialit"
    r"|(?:this|the information (?:contained )?in this|the contents of this) "
    r"(?:e-?mail|message|communication|transmission)"
    r"|(?:ce|le présent|cet) (?:message|courriel|e-?mail|mail)"
    r"|diese (?:e-?mail|nachricht)|este (?:mensaje|correo)|questo messaggio"
    r"|deze (?:e-?mail|mail|bericht))",
    re.IGNORECASE,
)
_LEGAL_WORDS_RE = re.compile(
    r"confidential|privileged|intended (?:solely |only )?for|confidentiel|destinataire"
    r"|vertraulich|empfänger|confidencial|destinatario|riservat|vertrouwelijk",
    re.IGNORECASE,
)
_NON_BLANK_RE = re.compile(r"\S")
_CANDIDATE_RE = re.compile(
    r"^[ \t]*(?:>|On\s|Le\s|Am\s|El\s|Il\s|In\s+data|Em\s|No\s+dia|Op\s|-|_|—"
    r"|From|De\s?:|Von|Da\s?:|Van|Från|Fra|Sent|Envoy|Get Outlook|Enviado|Inviato|Verzonden"
    r"|confidential|disclaimer|avertissement|avis|this|the\s|ce\s|le\s|cet\s|diese|este"
    r"|questo|deze)",
    re.IGNORECASE | re.MULTILINE,
)
RULE_RE = re.compile(r"\s*(?:[*_\-—─=]\s*){3,}")


def _wrote_span(lines: list[str], i: int) -> int:
    """How many lines (1 or 2) an "On … wrote:" attribution starting at line i spans, or 0."""
    line = lines[i]
    if len(line) > 600 or not _WROTE_START_RE.match(line):
        return 0
    if _WROTE_RE.fullmatch(line):
        return 1
    two = i + 1 < len(lines) and len(lines[i + 1]) < 300
    return 2 if two and _WROTE_RE.fullmatch(f"{line} {lines[i + 1]}") else 0


def _is_header_block(lines: list[str], i: int) -> bool:
    """An Outlook-style "From: … Sent: … To: …" header (or "--- Original Message ---")."""
    line = lines[i]
    if len(line) > 600:
        return False
    if _ORIGINAL_RE.fullmatch(line):
        return True
    if not _HEADER_FROM_RE.match(line):
        return False
    window = [w for w in lines[i + 1 : i + 8] if len(w) < 600]
    return any(_HEADER_DATE_RE.match(w) for w in window) and any(
        _HEADER_TO_RE.match(w) for w in window
    )


def _is_footer_start(lines: list[str], i: int) -> bool:
    line = lines[i]
    if len(line) > 2000:
        return False
    if line.rstrip() in _SIG_DELIMITER or _MOBILE_SIG_RE.fullmatch(line):
        return True
    if (i > 0 and lines[i - 1].strip()) or not _LEGAL_START_RE.match(line):
        return False
    paragraph = " ".join(lines[i : i + 4])[:2000]
    return _LEGAL_WORDS_RE.search(paragraph) is not None


def _quoted_run_end(lines: list[str], i: int) -> int:
    """End (exclusive) of the run of ">" lines starting at i, blank lines inside included."""
    end = j = i
    while j < len(lines):
        if lines[j].startswith(">"):
            end = j + 1
        elif lines[j].strip():
            break
        j += 1
    return end


def split_text(text: str) -> Iterator[tuple[Kind, str]]:
    """Splits a text run into text, quote and signature parts by what its lines look like.

    Only lines that could start a quote or a footer are examined (found by one regex scan),
    so a million-line body costs a few C-speed passes, not a million Python steps.
    """
    lines = text.split("\n")
    n = len(lines)
    bounds: list[tuple[int, Kind]] = [(0, "text")]

    def mark(at: int, kind: Kind) -> None:
        if at >= n or bounds[-1][1] == kind:
            return
        if bounds[-1][0] == at:
            bounds.pop()
        bounds.append((at, kind))

    first = _NON_BLANK_RE.search(text)
    first_text = text.count("\n", 0, first.start()) if first else n
    mode: Kind = "text"
    resume = line_no = last = 0
    for m in _CANDIDATE_RE.finditer(text):
        line_no += text.count("\n", last, m.start())
        last, k = m.start(), line_no
        if k < resume:
            continue
        line = lines[k]
        span = _wrote_span(lines, k)
        if span:
            j = k + span
            while j < n and not lines[j].strip():
                j += 1
            end = _quoted_run_end(lines, j) if j < n and lines[j].startswith(">") else n
            mark(k, "quote")
            mark(end, "text")
            resume, mode = end, "text"
            continue
        if line.startswith(">"):
            end = _quoted_run_end(lines, k)
            if end - k >= 2 or k <= first_text:
                mark(k, "quote")
                mark(end, "text")
                resume, mode = end, "text"
                continue
        if _is_header_block(lines, k):
            mark(k, "quote")
            break
        if mode == "text" and k > first_text and _is_footer_start(lines, k):
            mode = "signature"
            mark(k, "signature")
        resume = k + 1
    for index, (start, kind) in enumerate(bounds):
        end = bounds[index + 1][0] if index + 1 < len(bounds) else n
        if end > start:
            yield kind, "\n".join(lines[start:end])
