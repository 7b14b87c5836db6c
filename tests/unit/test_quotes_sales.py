"""Folding that never hides the lead's words: the classes of issue 23's ninth round (what a sales
person gets back: device footers in the lead's language, gateway banners on the quoted pitch,
answers a lead typed inside our earlier mail, quoted again).

Each body is built from what the named client writes; `shown` is what the reader shows before
anything is unfolded. test_quotes.py holds the earlier rounds.
"""

from __future__ import annotations

import pytest

from lemtui.mail.render import RenderedBody, render_body


def shown(r: RenderedBody) -> str:
    return "\n\n".join(block.text for block in r.blocks if not block.folded)


def folded(r: RenderedBody) -> str:
    return "\n\n".join(block.text for block in r.blocks if block.folded)


PLAIN_HISTORY = (
    "\n\n-------- Original message --------\nFrom: Bob <b@x.test>\n"
    "Date: 17/03/2025 09:14 (GMT+01:00)\nTo: Ann <a@x.test>\nSubject: Quick question\n\n"
    "Hi Ann,\n\nCan we meet on Tuesday?\n\nBest,\nBob\n"
)


# 1. A device footer that names the device with a word for "device" or a German compound -------


@pytest.mark.parametrize(
    "footer",
    [
        "Von meinem Huawei-Mobiltelefon gesendet",
        "Von meinem Samsung-Handy gesendet",
        "Envoyé depuis mon appareil Galaxy",
        "Inviato dal mio dispositivo Galaxy",
        "Enviado desde mi dispositivo Samsung Galaxy",
        "Enviado do meu dispositivo Galaxy",
    ],
)
def test_device_footers_naming_the_device_fold_with_the_history(footer: str) -> None:
    r = render_body(f"STOP\n\nPlease remove me.\n\n\n{footer}{PLAIN_HISTORY}", is_html=False)
    assert shown(r) == "STOP\n\nPlease remove me."
    assert footer in folded(r)


@pytest.mark.parametrize(
    "line",
    [
        "Envoyé depuis mon appareil Galaxy, donc je fais court : pas intéressé.",
        "Von meinem Huawei-Mobiltelefon gesendet, daher kurz: bitte austragen.",
        "Inviato dal mio dispositivo Galaxy perché sono in viaggio",
    ],
)
def test_a_sentence_that_starts_like_a_device_footer_stays_shown(line: str) -> None:
    r = render_body(f"{line}{PLAIN_HISTORY}", is_html=False)
    assert line in shown(r)
