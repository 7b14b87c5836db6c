"""A mail gateway's external-sender banner: the warning the lead's mail server stamps on the
top of mail from outside ("CAUTION: This email originated from outside of the organization. Do
not click links or open attachments …", "VORSICHT: Diese E-Mail stammt von außerhalb der
Organisation", "[EXTERNO] Este e-mail foi enviado de fora da organização"), or Microsoft's
first-contact tip ("You don't often get email from …"). When the lead replies, it opens the
quoted message, right under its header block: no word the lead typed, though the conversation
never held it.

Guarantees: a line is a banner only with both halves of the warning, a word for "outside"
(or "external") and what to beware of: two of the sender, links, attachments, the
organisation, or one under a warning's label ("CAUTION:", "[EXTERNAL]", "VORSICHT:"); or with
the first-contact tip's own wording. A sentence with one such word ("We host it outside the
EU, links below.") is none; `banner_end` reads one paragraph of at
most `MAX_BANNER_LINES` lines of at most `MAX_BANNER_CHARS` characters. It says what a line
is; the caller adds the second signal (where the line sits).
"""

from __future__ import annotations

import re

from lemtui.mail.render._regex import grouped, top_branches

__all__ = ["MAX_BANNER_CHARS", "MAX_BANNER_LINES", "banner_end", "is_gateway_banner"]

MAX_BANNER_LINES = 5
MAX_BANNER_CHARS = 600

# "outside" / "external", language by language (lower case, matched on the lowered text)
_OUTSIDE = (
    r"outside|external|extern|außerhalb|ausserhalb|extérieur|exterieur|externe|externo|externa"
    r"|fuera de|de fora|fora da|fora de|esterno|esterna|all'esterno|dall'esterno|buiten de"
    r"|spoza|zewnętrzn|mimo organizac|utanför|extern avsändare|uden for|utenfor|ulkopuol"
    r"|вне |внешн|зовнішн|поза "
)
# what the warning tells the reader to beware of
_BEWARE = (
    r"sender|links|attachment|organi[sz]ation|absender|anhäng|anhang|organisation|expéditeur"
    r"|pièces jointes|pièce jointe|liens|remetente|remitente|anexos|adjunto|enlaces|vínculos"
    r"|organização|organización|mittente|allegat|collegament|organizzazione|afzender|bijlage"
    r"|organisatie|nadawc|załącznik|linków|organizacji|avsändare|bilagor|länkar|afsender"
    r"|vedhæftede|avsender|vedlegg|lähettäjä|liitteitä|отправител|вложени|ссылк|организаци"
    r"|відправник|вкладен|посилан|організаці"
)
_OUTSIDE_RE = re.compile(grouped(top_branches(_OUTSIDE)))
_BEWARE_RE = re.compile(grouped(top_branches(_BEWARE)))
# Microsoft's first-contact safety tip, in the languages Outlook writes it in
_FIRST_CONTACT_RE = re.compile(
    r"don't often get e-?mail from|do not often get e-?mail from|erhalten nicht (?:oft|häufig)"
    r"|n'obtenez pas souvent|ne recevez pas souvent|no suele recibir|não costuma receber"
    r"|non ricevi spesso|ontvangt niet vaak|nie otrzymujesz często|får inte ofta"
)


# a warning's label opening the banner: "CAUTION:", "[EXTERNAL]", "EXTERNAL EMAIL", "UWAGA:"
_LABEL_RE = re.compile(
    r"\W{0,3}(?:\[?(?:external|extern|externe|externo|externa|esterno|esterna|ext|zewnętrzna)\]?"
    r"|caution|warning|vorsicht|achtung|warnung|attention|avertissement|atenção|atencao"
    r"|precaución|precaucion|cuidado|attenzione|avviso|let op|waarschuwing|uwaga|ostrzeżenie"
    r"|varning|advarsel|huomio|huom|внимание|увага)(?!\w)"
)


def is_gateway_banner(text: str) -> bool:
    """Whether `text` (a line or a paragraph joined) is a gateway's external-sender warning."""
    if len(text) > MAX_BANNER_CHARS:
        return False
    lowered = text.lower()
    if _FIRST_CONTACT_RE.search(lowered):
        return True
    if not _OUTSIDE_RE.search(lowered):
        return False
    beware = {m.group() for m in _BEWARE_RE.finditer(lowered)}
    return len(beware) >= 2 or (len(beware) == 1 and _LABEL_RE.match(lowered) is not None)


def banner_end(lines: list[str], start: int) -> int:
    """Where the banner that opens at `lines[start]` ends (the index after its last line), or
    `start` when none does: its paragraph (a banner wrapped in a text body), or that one line
    (a banner in its own table or div, with text right under it). `lines` are quote marks
    removed."""
    end = start
    size = 0
    while end < len(lines) and end - start < MAX_BANNER_LINES and lines[end].strip():
        size += len(lines[end])
        end += 1
        if size > MAX_BANNER_CHARS + MAX_BANNER_LINES:
            break  # longer than any banner: its lines are never joined
    ended = end == len(lines) or not lines[end].strip()
    if (
        end > start + 1
        and ended
        and size <= MAX_BANNER_CHARS + MAX_BANNER_LINES
        and is_gateway_banner(" ".join(s.strip() for s in lines[start:end]))
    ):
        return end
    first = lines[start] if end > start else ""
    return (
        start + 1
        if len(first) <= 2 * MAX_BANNER_CHARS and is_gateway_banner(first.strip())
        else start
    )
