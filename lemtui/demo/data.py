"""Deterministic demo conversations for `--demo`, the screenshots and the tests. Stdlib only.

Everything comes from seeded `random.Random` instances and fixed dates in 2024–2026 (never the
wall clock), so every run serves the same bytes. The JSON is shaped like the service's real
answers (the doc's sample, not the OpenAPI schema), including the awkward parts: other channels,
unknown types, missing or wrongly typed fields, quoted Gmail/Outlook HTML, a 300 KB newsletter
and a deliberately hostile conversation. Conversations are built per contact on first use, so
`--demo` starts instantly.
"""

from __future__ import annotations

import random
import re
import string
import unicodedata
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache, partial
from typing import Any, Final

__all__ = [
    "DEMO_CONTACTS",
    "DEMO_TEAM_ID",
    "DEMO_USER_ID",
    "EMPTY_CONTACT_ID",
    "HOSTILE_CONTACT_ID",
    "LONG_CONTACT_ID",
    "MIXED_CONTACT_ID",
    "NEWSLETTER_CONTACT_ID",
    "QUOTES_CONTACT_ID",
    "SAMPLE_CONTACT_ID",
    "DemoConversations",
    "contact_record",
    "default_read",
    "demo_campaigns",
    "demo_contact_ids",
    "demo_conversation",
    "demo_conversations",
    "demo_team",
    "demo_user",
    "inbox_entry",
    "lead_entries",
    "lead_status_text",
    "team_senders",
    "team_user_ids",
]

DEMO_USER_ID: Final = "usr_demoReaderUser001"
"""The user `--demo` reads as (pass it as `userId`, e.g. with `markAsRead=true`)."""
DEMO_TEAM_ID: Final = "tea_b4rMsi2trB42WyuWP"

SAMPLE_CONTACT_ID: Final = "ctc_wfKeM8EmiTikud7QE"
LONG_CONTACT_ID: Final = "ctc_LongThreadDemo001"
MIXED_CONTACT_ID: Final = "ctc_MixedChannels0001"
QUOTES_CONTACT_ID: Final = "ctc_QuotedReplies0001"
NEWSLETTER_CONTACT_ID: Final = "ctc_NewsletterHtml001"
HOSTILE_CONTACT_ID: Final = "ctc_HostileContent001"
EMPTY_CONTACT_ID: Final = "ctc_NoMessagesYet0001"

DEMO_CONTACTS: Final[tuple[tuple[str, str], ...]] = (
    (SAMPLE_CONTACT_ID, "Victoire — the API doc's sample conversation, verbatim (3 emails)"),
    (LONG_CONTACT_ID, "Léa Fontaine — 600 messages over 2024–2026: campaigns, replies, LinkedIn"),
    (
        MIXED_CONTACT_ID,
        "Priya Raman — LinkedIn, WhatsApp, SMS, calls, unknown types, broken fields",
    ),
    (QUOTES_CONTACT_ID, "Sophie Lambert — Gmail and Outlook replies quoting earlier mails, EN/FR"),
    (NEWSLETTER_CONTACT_ID, "Marc Dubois — a 300 KB newsletter full of tables, images and links"),
    (HOSTILE_CONTACT_ID, "Mallory — hostile markup, terminal escapes, bidi names, lying links"),
    (EMPTY_CONTACT_ID, "Noah Ortiz — a known contact with no messages yet"),
)
"""The featured demo contacts, `(contact_id, one-line description)`, for the prompt and README."""


# --- people -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _User:
    user_id: str
    name: str
    email: str
    mailbox_id: str
    role: str


@dataclass(frozen=True, slots=True)
class _Contact:
    """A contact of the demo: the `/contacts` record's fields, and what its messages carry."""

    contact_id: str
    first_name: str
    last_name: str
    """May be empty: the doc's sample knows Victoire by her first name only."""
    email: str
    company: str
    job_title: str
    industry: str
    lead_id: str
    """The lead its campaign messages carry (`leadId`)."""
    created_at: datetime
    """When the contact was created: the inbox's dates when it has no messages."""
    show_full_name: bool = True
    """False: the inbox entry gives only the email, as the service does for some contacts."""

    @property
    def full_name(self) -> str:
        """First and last name, as the record's `fullName` gives them."""
        return f"{self.first_name} {self.last_name}".strip()


@dataclass(frozen=True, slots=True)
class _Campaign:
    campaign_id: str
    sequence_id: str
    name: str
    status: str = "running"
    """The campaign's state, as `GET /campaigns` gives it: running, paused, ended..."""
    created_at: datetime = datetime(2024, 1, 2, 9, 0, tzinfo=UTC)


_READER = _User(
    DEMO_USER_ID, "Alex MARTIN", "alex.martin@lemtest.com", "usm_demoReaderMbx0001", "admin"
)
_CAMILLE = _User(
    "usr_7RCLS4LdYP2oc8jmE",
    "Camille INGOUF",
    "camille@lemtest.com",
    "usm_bn6KxhSrHZEak2NM6",
    "member",
)
_CHRISTOPHE = _User(
    "usr_t2KCwPen66NrrqGtQ",
    "Christophe OPOIX",
    "christophe.o@lemtest.com",
    "usm_zs86Mc8ZbHXfkLBAC",
    "member",
)
_TEAM_USERS: Final = (_READER, _CAMILLE, _CHRISTOPHE)


def _utc(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0
) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=UTC)


_FEATURED: Final[dict[str, _Contact]] = {
    SAMPLE_CONTACT_ID: _Contact(
        SAMPLE_CONTACT_ID,
        "Victoire",
        "",
        "victoire@lemlist.co",
        "lemlist",
        "Head of People",
        "Software",
        "lea_jcw2hneu7qs7iYKBr",
        _utc(2024, 12, 3, 9, 50, 1),
    ),
    LONG_CONTACT_ID: _Contact(
        LONG_CONTACT_ID,
        "Léa",
        "Fontaine",
        "lea.fontaine@northwind-logistics.example",
        "Northwind Logistics",
        "VP Operations",
        "Logistics",
        "lea_LongThreadLead001",
        _utc(2024, 1, 5, 8, 0, 0),
    ),
    MIXED_CONTACT_ID: _Contact(
        MIXED_CONTACT_ID,
        "Priya",
        "Raman",
        "priya@raman-studio.example",
        "Raman Studio",
        "Founder",
        "Design",
        "lea_MixedChannelLd01",
        _utc(2025, 2, 10, 10, 0, 0),
    ),
    QUOTES_CONTACT_ID: _Contact(
        QUOTES_CONTACT_ID,
        "Sophie",
        "Lambert",
        "sophie.lambert@lambert-conseil.example",
        "Lambert Conseil",
        "Directrice commerciale",
        "Consulting",
        "lea_QuotedReplyLd01",
        _utc(2025, 3, 1, 9, 0, 0),
    ),
    NEWSLETTER_CONTACT_ID: _Contact(
        NEWSLETTER_CONTACT_ID,
        "Marc",
        "Dubois",
        "marc@hexagone-growth.example",
        "Hexagone Growth",
        "Editor",
        "Media",
        "lea_NewsletterLd001",
        _utc(2025, 6, 2, 7, 0, 0),
    ),
    HOSTILE_CONTACT_ID: _Contact(
        HOSTILE_CONTACT_ID,
        "Mallory",
        "[bold]Evil[/bold]",
        "mallory@evil.test",
        "Evil Test Ltd",
        "Red team",
        "Security",
        "lea_HostileLead0001",
        _utc(2025, 9, 9, 9, 9, 9),
    ),
    EMPTY_CONTACT_ID: _Contact(
        EMPTY_CONTACT_ID,
        "Noah",
        "Ortiz",
        "noah.ortiz@ortiz-bikes.example",
        "Ortiz Bikes",
        "Owner",
        "Retail",
        "lea_NoMessagesLead01",
        _utc(2026, 1, 12, 14, 0, 0),
    ),
}

_FIRST_NAMES: Final = (
    "Emma",
    "Lucas",
    "Chloé",
    "Hugo",
    "Inès",
    "Jonas",
    "Maya",
    "Oscar",
    "Zoé",
    "Nathan",
    "Amira",
    "Théo",
    "Sara",
    "Liam",
    "Jade",
    "Yusuf",
    "Clara",
    "Mateo",
    "Lina",
    "Elias",
)
_LAST_NAMES: Final = (
    "Bernard",
    "Nguyen",
    "Kowalski",
    "García",
    "Schmidt",
    "O'Brien",
    "Rossi",
    "Dupont",
    "Haddad",
    "Johansson",
    "Moreau",
    "Silva",
    "Yamamoto",
    "Petit",
    "Novak",
    "Fischer",
)
_COMPANIES: Final = (
    ("Acme Freight", "acme-freight", "Logistics"),
    ("Bluebird Health", "bluebird-health", "Healthcare"),
    ("Cobalt Analytics", "cobalt-analytics", "Software"),
    ("Dune Outdoor", "dune-outdoor", "Retail"),
    ("Evergreen Foods", "evergreen-foods", "Food & Beverage"),
    ("Fjord Energy", "fjord-energy", "Energy"),
    ("Granite Legal", "granite-legal", "Legal"),
    ("Helix Robotics", "helix-robotics", "Manufacturing"),
    ("Iris Travel", "iris-travel", "Travel"),
    ("Juniper HR", "juniper-hr", "Human Resources"),
)
_JOB_TITLES: Final = (
    "Head of Sales",
    "CTO",
    "Marketing Manager",
    "COO",
    "Growth Lead",
    "Procurement Officer",
    "CEO",
    "Customer Success Director",
)
_FILLER_COUNT: Final = 40

_ALNUM: Final = string.ascii_letters + string.digits
_WEEKDAYS: Final = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS: Final = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
_JOURS: Final = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
_JOURS_COURTS: Final = ("lun.", "mar.", "mer.", "jeu.", "ven.", "sam.", "dim.")
_MOIS: Final = (
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
)  # fmt: skip
_MOIS_COURTS: Final = (
    "janv.", "févr.", "mars", "avr.", "mai", "juin",
    "juil.", "août", "sept.", "oct.", "nov.", "déc.",
)  # fmt: skip


def _rng(name: str) -> random.Random:
    """A generator seeded from a name: str seeds go through SHA-512, so no PYTHONHASHSEED."""
    return random.Random(f"lemtui-demo:{name}")  # noqa: S311 - demo data, not secrets


def _ident(rng: random.Random, prefix: str, length: int = 17) -> str:
    return prefix + "".join(rng.choices(_ALNUM, k=length))


def _iso(moment: datetime) -> str:
    """The service's timestamp format: UTC, milliseconds, `Z`."""
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _hour12(moment: datetime) -> str:
    hour = moment.hour % 12 or 12
    return f"{hour}:{moment.minute:02d} {'AM' if moment.hour < 12 else 'PM'}"


@cache
def _fillers() -> tuple[_Contact, ...]:
    rng = _rng("fillers")
    contacts: list[_Contact] = []
    for index in range(_FILLER_COUNT):
        first = _FIRST_NAMES[index % len(_FIRST_NAMES)]
        last = rng.choice(_LAST_NAMES)
        company, domain, industry = rng.choice(_COMPANIES)
        local = f"{first}.{last}".lower().replace("'", "").replace("é", "e").replace("í", "i")
        local = local.replace("á", "a")
        created = _utc(2025, 1, 6, 9) + timedelta(
            days=rng.randint(0, 480), minutes=rng.randint(0, 600)
        )
        contacts.append(
            _Contact(
                contact_id=_ident(rng, "ctc_"),
                first_name=first,
                last_name=last,
                email=f"{local}@{domain}.example",
                company=company,
                job_title=rng.choice(_JOB_TITLES),
                industry=industry,
                lead_id=_ident(rng, "lea_"),
                created_at=created,
                show_full_name=rng.random() > 0.3,
            )
        )
    return tuple(contacts)


@cache
def _all_contacts() -> dict[str, _Contact]:
    contacts = dict(_FEATURED)
    contacts.update((contact.contact_id, contact) for contact in _fillers())
    return contacts


# --- activities ---------------------------------------------------------------------------------


def _gmail_id(rng: random.Random) -> str:
    token = "".join(rng.choices(_ALNUM + "+-_=", k=44))
    return f"<CA{token}@mail.gmail.com>"


def _outlook_id(rng: random.Random) -> str:
    box = "PR3P192MB" + "".join(rng.choices(string.digits, k=4))
    token = "".join(rng.choices(string.ascii_uppercase + string.digits, k=20))
    return f"<{box}{token}@{box}.EURP192.PROD.OUTLOOK.COM>"


def _sender_fields(user: _User) -> dict[str, str]:
    """The four `sendUser*` fields, keyed and ordered as the messages carry them."""
    return {
        "sendUserId": user.user_id,
        "sendUserName": user.name,
        "sendUserEmail": user.email,
        "sendUserMailboxId": user.mailbox_id,
    }


def _item(
    head: Mapping[str, Any],
    *,
    lead_id: str,
    lead_email: str,
    contact_id: str,
    campaign: _Campaign,
    step: int,
    user: _User,
    message: str,
    subject: str | None,
    attachments: list[Any],
) -> dict[str, Any]:
    """One inbox item in the service's key order: `head` (`_id`, `type`, `messageId`,
    `createdAt`, and a reply's `fromEmail`), then the team, lead, campaign and sender fields."""
    return {
        **head,
        "teamId": DEMO_TEAM_ID,
        "leadId": lead_id,
        "campaignId": campaign.campaign_id,
        "sequenceId": campaign.sequence_id,
        "sequenceStep": step,
        **_sender_fields(user),
        "leadEmail": lead_email,
        "contactId": contact_id,
        "message": message,
        "subject": subject,
        "attachments": attachments,
    }


@dataclass(frozen=True, slots=True)
class _Thread:
    """Who writes to whom in which campaign: makes that thread's items, ids from `rng`."""

    rng: random.Random
    contact: _Contact
    user: _User
    campaign: _Campaign

    @classmethod
    def featured(cls, seed: str, contact_id: str, user: _User, campaign: _Campaign) -> _Thread:
        """The thread of a featured contact, its ids drawn from the generator named `seed`."""
        return cls(_rng(seed), _FEATURED[contact_id], user, campaign)

    def item(
        self,
        kind: str,
        when: datetime,
        step: int,
        subject: str | None,
        message: str,
        *,
        message_id: str | None = None,
        attachments: list[Any] | None = None,
        from_email: str | None = None,
    ) -> dict[str, Any]:
        """One inbox item of the thread; replies carry `fromEmail` (the contact's by default)."""
        is_email = kind.startswith("email")
        head: dict[str, Any] = {
            "_id": _ident(self.rng, "act_"),
            "type": kind,
            "messageId": message_id or (_gmail_id(self.rng) if is_email else None),
            "createdAt": _iso(when),
        }
        if kind.endswith(("Replied", "Accepted")):
            head["fromEmail"] = from_email or self.contact.email
        return _item(
            head,
            lead_id=self.contact.lead_id,
            lead_email=self.contact.email,
            contact_id=self.contact.contact_id,
            campaign=self.campaign,
            step=step,
            user=self.user,
            message=message,
            subject=subject,
            attachments=[] if attachments is None else attachments,
        )


def _lemlist_html(rng: random.Random, user: _User, inner: str) -> str:
    """Wrap a body the way lemlist sends campaign emails: Gmail-ish divs + reply span + pixel."""
    task = _ident(rng, "tsk_")
    return (
        '<html><div style="min-width: 360px"></div><div dir="ltr">\n    <div>'
        + inner
        + '</div>\n    <div class="gmail_extra">\n      <div class="gmail_signature" '
        'data-smartmail="gmail_signature"><div dir="ltr"><div><div dir="ltr"></div></div></div>'
        "</div>\n      \n    </div>\n    </div>\n"
        f'<span summary="/api/reply/data-ll-{task}"></span>\n'
        f'<img alt="logo" src="https://zr0.lemlst.org/api/track/open/{user.user_id}/{task}" '
        'height="1" width="1"></html>'
    )


def _paragraphs(lines: Sequence[str]) -> str:
    return "".join(
        f'<p style="margin: 0px; box-sizing: border-box;">{line}</p>'
        '<p style="margin: 0px; box-sizing: border-box;"><br></p>'
        for line in lines
    )


def _gmail_quote(when: datetime, name: str, email: str, quoted: str, *, french: bool) -> str:
    if french:
        attr = (
            f"Le {_JOURS_COURTS[when.weekday()]} {when.day} {_MOIS_COURTS[when.month - 1]} "
            f"{when.year} à {when.hour:02d}:{when.minute:02d}, {_esc(name)} &lt;"
            f'<a href="mailto:{email}">{email}</a>&gt; a écrit :<br>'
        )
    else:
        attr = (
            f"On {_WEEKDAYS[when.weekday()][:3]}, {_MONTHS[when.month - 1][:3]} {when.day}, "
            f"{when.year} at {_hour12(when)} {_esc(name)} &lt;"
            f'<a href="mailto:{email}">{email}</a>&gt; wrote:<br>'
        )
    return (
        '<div class="gmail_quote gmail_quote_container"><div dir="ltr" class="gmail_attr">'
        + attr
        + '</div><blockquote class="gmail_quote" style="margin:0px 0px 0px 0.8ex;'
        'border-left:1px solid rgb(204,204,204);padding-left:1ex">'
        + quoted
        + "</blockquote></div>\n"
    )


def _gmail_reply(reply_lines: Sequence[str], quote: str) -> str:
    body = "<br>".join(reply_lines)
    return f'<div dir="ltr">{body}</div><br>{quote}'


_OUTLOOK_HEAD: Final = (
    '<html xmlns:v="urn:schemas-microsoft-com:vml" '
    'xmlns:o="urn:schemas-microsoft-com:office:office" '
    'xmlns:w="urn:schemas-microsoft-com:office:word" '
    'xmlns:m="http://schemas.microsoft.com/office/2004/12/omml" '
    'xmlns="http://www.w3.org/TR/REC-html40"><head>'
    '<meta http-equiv="Content-Type" content="text/html; charset=utf-8">'
    '<meta name="Generator" content="Microsoft Word 15 (filtered medium)">'
    '<style><!--\n/* Font Definitions */\n@font-face\n\t{font-family:"Cambria Math";\n\t'
    "panose-1:2 4 5 3 5 4 6 3 2 4;}\n@font-face\n\t{font-family:Calibri;\n\t"
    "panose-1:2 15 5 2 2 2 4 3 2 4;}\n/* Style Definitions */\n"
    "p.MsoNormal, li.MsoNormal, div.MsoNormal\n\t{margin:0cm;\n\tfont-size:11.0pt;\n\t"
    'font-family:"Calibri",sans-serif;\n\tmso-fareast-language:EN-US;}\n'
    "a:link, span.MsoHyperlink\n\t{mso-style-priority:99;\n\tcolor:#0563C1;\n\t"
    "text-decoration:underline;}\nspan.EmailStyle18\n\t{mso-style-type:personal-reply;\n\t"
    'font-family:"Calibri",sans-serif;\n\tcolor:windowtext;}\n.MsoChpDefault\n\t'
    "{mso-style-type:export-only;\n\tfont-size:10.0pt;}\n@page WordSection1\n\t"
    "{size:612.0pt 792.0pt;\n\tmargin:70.85pt 70.85pt 70.85pt 70.85pt;}\n"
    "div.WordSection1\n\t{page:WordSection1;}\n--></style>"
    '<!--[if gte mso 9]><xml>\n<o:shapedefaults v:ext="edit" spidmax="1026" />\n</xml>'
    "<![endif]--></head>"
)


def _mso(line: str) -> str:
    if not line:
        return '<p class="MsoNormal"><o:p>&nbsp;</o:p></p>\n'
    return f'<p class="MsoNormal"><span lang="EN-US">{line}</span><o:p></o:p></p>\n'


@dataclass(frozen=True, slots=True)
class _OutlookQuote:
    """The mail an Outlook reply quotes, and the From/Sent/To/Subject lines put above it."""

    sender: str
    sent: str
    to: str
    subject: str
    quoted: str
    french: bool

    def headers(self, separator: str) -> str:
        """The header lines, in English or French, joined with `separator`."""
        labels = (
            ("De", "Envoyé", "À", "Objet") if self.french else ("From", "Sent", "To", "Subject")
        )
        colon = "&nbsp;:" if self.french else ":"
        values = (self.sender, self.sent, self.to, self.subject)
        return separator.join(
            f"<b>{label}{colon}</b> {_esc(value)}"
            for label, value in zip(labels, values, strict=True)
        )


def _outlook_desktop_reply(lines: Sequence[str], quote: _OutlookQuote) -> str:
    """Desktop Outlook: MsoNormal paragraphs, `<o:p>`, a border-top block with the headers."""
    header = quote.headers("<br>\n")
    return (
        _OUTLOOK_HEAD
        + '<body lang="FR" link="#0563C1" vlink="#954F72" style="word-wrap:break-word">'
        '<div class="WordSection1">\n'
        + "".join(_mso(line) for line in lines)
        + _mso("")
        + '<div><div style="border:none;border-top:solid #E1E1E1 1.0pt;padding:3.0pt 0cm 0cm 0cm">'
        f'<p class="MsoNormal"><span lang="FR">{header}<o:p></o:p></span></p></div></div>\n'
        + _mso("")
        + quote.quoted
        + "</div></body></html>"
    )


def _outlook_web_reply(lines: Sequence[str], quote: _OutlookQuote) -> str:
    """Outlook on the web / new Outlook: an `<hr>` and a `divRplyFwdMsg` header block."""
    header = quote.headers("<br>")
    body = "".join(
        '<div class="elementToProof" style="font-family: Aptos, Aptos_EmbeddedFont, '
        "Aptos_MSFontService, Calibri, Helvetica, sans-serif; font-size: 12pt; "
        'color: rgb(0, 0, 0);">'
        f"{line or '<br>'}</div>"
        for line in lines
    )
    return (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">'
        '<style type="text/css" style="display:none;"> P {margin-top:0;margin-bottom:0;} </style>'
        '</head><body dir="ltr">'
        + body
        + '<div id="appendonsend"></div><hr style="display:inline-block;width:98%" tabindex="-1">'
        '<div id="divRplyFwdMsg" dir="ltr"><font face="Calibri, sans-serif" '
        f'style="font-size:11pt" color="#000000">{header}</font><div>&nbsp;</div></div>'
        + quote.quoted
        + "</body></html>"
    )


def _sent_en(moment: datetime) -> str:
    return (
        f"{_WEEKDAYS[moment.weekday()]}, {_MONTHS[moment.month - 1]} {moment.day}, "
        f"{moment.year} {_hour12(moment)}"
    )


def _sent_fr(moment: datetime) -> str:
    return (
        f"{_JOURS[moment.weekday()]} {moment.day} {_MOIS[moment.month - 1]} {moment.year} "
        f"{moment.hour:02d}:{moment.minute:02d}"
    )


# --- 1. the doc's sample ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _DocSender:
    """One side of the doc's sample: a user who wrote to Victoire, for a lead and a campaign."""

    user: _User
    lead_id: str
    campaign: _Campaign

    def item(
        self,
        item_id: str,
        kind: str,
        message_id: str,
        created_at: str,
        *,
        subject: str,
        message: str,
    ) -> dict[str, Any]:
        """One item of the sample, every one at sequence step 0; Victoire's replies carry
        `fromEmail`."""
        victoire = _FEATURED[SAMPLE_CONTACT_ID]
        head = {"_id": item_id, "type": kind, "messageId": message_id, "createdAt": created_at}
        if kind.endswith("Replied"):
            head["fromEmail"] = victoire.email
        return _item(
            head,
            lead_id=self.lead_id,
            lead_email=victoire.email,
            contact_id=victoire.contact_id,
            campaign=self.campaign,
            step=0,
            user=self.user,
            message=message,
            subject=subject,
            attachments=[],
        )


_DOC_CAMILLE: Final = _DocSender(
    _CAMILLE,
    "lea_jcw2hneu7qs7iYKBr",
    _Campaign(
        "cam_JnZqKnuSvoD4jsQuo",
        "seq_BMMzxq84R32u4oNvQ",
        "Camille meets the team",
        created_at=_utc(2024, 12, 4, 10, 12),
    ),
)
_DOC_CHRISTOPHE: Final = _DocSender(
    _CHRISTOPHE,
    "lea_WoeA2FAw8jemE2Mex",
    _Campaign(
        "cam_FYRAZMW5utAA7LXCN",
        "seq_L9e465mzuwq3R63NC",
        "Christophe meets the team",
        "paused",
        _utc(2024, 12, 4, 10, 30),
    ),
)


_SAMPLE_MESSAGES: Final[tuple[dict[str, Any], ...]] = (
    _DOC_CAMILLE.item(
        "act_vRoP8AMFMxqfSeDjR",
        "emailsSent",
        "<CAPLqhUKnWmszLsJxMO3osKL7YgU3-b_5kC+f4SvqYOVfzRc28g@mail.gmail.com>",
        "2024-12-05T16:39:41.416Z",
        subject="Meet me !",
        message=(
            '<html><div style="min-width: 360px"></div><div dir="ltr">\n   '
            ' <div>Hello lemlist Team! 😎<br style="box-sizing: border-box;">'
            '<br style="box-sizing: border-box;">I joined lemlist last Monday, '
            "and I am humbly offering you the chance to meet me (and probably "
            "my cat, Megatron 😽🤖) through a 15-minute call at your convenience! "
            'You can book it <span style="cursor: pointer; background: var(--tertiary'
            '2-color-100); color: var(--alert); box-sizing: border-box;" data-error="'
            'true">[here]</span>(https://app.lemcal.com/@camille-ingouf/reunion-de-15'
            '-minute?leadId=lea_jcw2hneu7qs7iYKBr).<br style="box-sizing: border-box;'
            '"><br style="box-sizing: border-box;">See you soon!<br style="box-sizing'
            ': border-box;"><br style="box-sizing: border-box;">Camille INGOUF</div>'
            '\n    <div class="gmail_extra">\n      <div class="gmail_signature" '
            'data-smartmail="gmail_signature"><div dir="ltr"><div><div dir="ltr">'
            "</div></div></div></div>\n      \n    </div>\n    </div>\n<span "
            'summary="/api/reply/data-ll-tsk_ke6Bo8Az5E68mzhbS"></span>\n<img '
            'alt="logo" src="https://zr0.lemlst.org/api/track/open/usr_7RCLS4LdYP2oc8'
            'jmE/tsk_ke6Bo8Az5E68mzhbS" height="1" width="1"></html>'
        ),
    ),
    _DOC_CHRISTOPHE.item(
        "act_7yfGhxmPfKbxZaWHa",
        "emailsReplied",
        "<CAKs+3EYjH0POGz0H-rS1XHH1YnG9LtN2m4y8LocddFWWMm8HBw@mail.gmail.com>",
        "2024-12-03T10:10:45.000Z",
        subject="Re: Have you heard about Christophe Opoix ?",
        message=(
            '<div dir="ltr">Haha Welcome Christophe, j&#39;adore cette campagne '
            '! <br><br>A très vite, <div>Victoire </div></div><br><div class="gmail_q'
            'uote gmail_quote_container"><div dir="ltr" class="gmail_attr">'
            'On Tue, Dec 3, 2024 at 10:52 AM Christophe OPOIX &lt;<a href="mailto:chr'
            'istophe.o@lemtest.com">christophe.o@lemtest.com</a>&gt; wrote:<br>'
            '</div><blockquote class="gmail_quote" style="margin:0px 0px 0px '
            '0.8ex;border-left:1px solid rgb(204,204,204);padding-left:1ex">'
            '<div style="min-width:360px"></div><div dir="ltr">\n    <div><p '
            'style="margin:0px;box-sizing:border-box">Hey Victoire  , </p><p '
            'style="margin:0px;box-sizing:border-box"><br style="box-sizing:border-bo'
            'x"></p><p style="margin:0px;box-sizing:border-box">I hope this '
            'email finds you well!</p><p style="margin:0px;box-sizing:border-box">'
            '<br style="box-sizing:border-box"></p><p style="margin:0px;box-sizing:bo'
            'rder-box">Have you ever heard about Christophe Opoix? <br> <br>'
            "🇫🇷 He was a member of the French Parliament during the French "
            "Revolution, <br>🏘️ He has a street named after him<br><strong "
            'style="font-weight:700;box-sizing:border-box">📙 </strong>He authored '
            "the famous &quot;Beurre frais épuré, et conservant longtemps ses "
            'bonnes qualités, sans devenir rance&quot;.<br style="box-sizing:border-b'
            'ox"><br style="box-sizing:border-box"><img width="134" style="width: '
            "134px; display: block; vertical-align: top; margin: 5px auto; "
            "text-align: center; border-style: none; padding: 0px 1px; box-sizing: "
            'border-box;" src="https://zr0.lemlst.org/api/files/Files/fil_gGjMMAcLNwc'
            '7q654u.png"></p><p style="margin:0px;box-sizing:border-box"><br '
            'style="box-sizing:border-box"></p><p style="margin:0px;box-sizing:border'
            '-box">Unfortunately, this brilliant man died ages ago...</p><p '
            'style="margin:0px;box-sizing:border-box"><br style="box-sizing:border-bo'
            'x"></p><p style="margin:0px;box-sizing:border-box">But wait, there&#39;s'
            " another Christophe Opoix you might be interested in meeting—one "
            "who is very much alive and well! Yes, that&#39;s me. I&#39;ve "
            "just joined Lemlist, and I&#39;m looking forward to meeting everyone "
            'for a quick chat.</p><p style="margin:0px;box-sizing:border-box">'
            '<br style="box-sizing:border-box"></p><p style="margin:0px;box-sizing:bo'
            'rder-box">☑️ Book an appointment on 📅 <a style="color:rgb(51,138,241);te'
            "xt-decoration:none;background-color:transparent;box-sizing:border-box;fo"
            'nt-weight:500" href="https://app.lemcal.com/@christophe-opoix/15-min-cha'
            't?leadId=lea_WoeA2FAw8jemE2Mex" target="_blank">my lemcal</a> '
            '!</p><p style="margin:0px;box-sizing:border-box"><br></p><p style="margi'
            'n:0px;box-sizing:border-box">Feel free to reach out and get to '
            "know me better. I'm excited to be part of the team and eager to "
            'contribute to our collective success.</p><p style="margin:0px;box-sizing'
            ':border-box">Looking forward to seeing you all soon!<br style="box-sizin'
            'g:border-box"><br style="box-sizing:border-box">Best regards, '
            'as your contemporary, Christophe Opoix</p></div>\n    <div class="gmail_'
            'extra">\n      <div class="gmail_signature"><div dir="ltr"><div>'
            '<div dir="ltr"></div></div></div></div>\n      \n    </div>\n '
            '   </div>\n<span summary="/api/reply/data-ll-tsk_FvpBdB4NwuyG7GGTf">'
            '</span>\n<img alt="logo" src="https://zr0.lemlst.org/api/track/open/usr_'
            't2KCwPen66NrrqGtQ/tsk_FvpBdB4NwuyG7GGTf" height="1" width="1">'
            "\n</blockquote></div>\n"
        ),
    ),
    _DOC_CHRISTOPHE.item(
        "act_mjdoySn9mkfbcMS5e",
        "emailsSent",
        "<CADuPnhJfe0BDrR47w4DNsvQT9kStS3DHQ9B4cP2=8AciE_M42w@mail.gmail.com>",
        "2024-12-03T09:52:55.319Z",
        subject="Have you heard about Christophe Opoix  ?",
        message=(
            '<html><div style="min-width: 360px"></div><div dir="ltr">\n   '
            ' <div><p style="margin: 0px; box-sizing: border-box;">Hey Victoire '
            ' ,&nbsp;</p><p style="margin: 0px; box-sizing: border-box;"><br '
            'style="box-sizing: border-box;"></p><p style="margin: 0px; box-sizing: '
            'border-box;">I hope this email finds you well!</p><p style="margin: '
            '0px; box-sizing: border-box;"><br style="box-sizing: border-box;">'
            '</p><p style="margin: 0px; box-sizing: border-box;">Have you ever '
            "heard about Christophe Opoix? <br> <br>🇫🇷 He was a member of the "
            "French Parliament during the French Revolution, <br>🏘️ He has "
            'a street named after him<br><strong style="font-weight: 700; box-sizing:'
            ' border-box;">📙&nbsp;</strong>He authored the famous "Beurre frais '
            "épuré, et conservant longtemps ses bonnes qualités, sans devenir "
            'rance".<br style="box-sizing: border-box;"><br style="box-sizing: '
            'border-box;"><img  width="134" style="width: 134px; display: block; '
            "vertical-align: top; margin: 5px auto; text-align: center; border-style:"
            ' none; cursor: pointer; padding: 0px 1px; box-sizing: border-box;" '
            'src="https://zr0.lemlst.org/api/files/Files/fil_gGjMMAcLNwc7q654u.png">'
            '</p><p style="margin: 0px; box-sizing: border-box;"><br style="box-sizin'
            'g: border-box;"></p><p style="margin: 0px; box-sizing: border-box;">'
            'Unfortunately, this brilliant man died ages ago...</p><p style="margin: '
            '0px; box-sizing: border-box;"><br style="box-sizing: border-box;">'
            '</p><p style="margin: 0px; box-sizing: border-box;">But wait, '
            "there's another Christophe Opoix you might be interested in meeting—one "
            "who is very much alive and well! Yes, that's me. I've just joined "
            "Lemlist, and I'm looking forward to meeting everyone for a quick "
            'chat.</p><p style="margin: 0px; box-sizing: border-box;"><br style="box-'
            'sizing: border-box;"></p><p style="margin: 0px; box-sizing: border-box;"'
            '>☑️ Book an appointment on 📅 <a style="color: rgb(51, 138, 241); '
            "text-decoration: none; background-color: transparent; user-select: "
            'auto; box-sizing: border-box; font-weight: 500;" href="https://app.lemca'
            'l.com/@christophe-opoix/15-min-chat?leadId=lea_WoeA2FAw8jemE2Mex">'
            'my lemcal</a> !</p><p style="margin: 0px; box-sizing: border-box;">'
            '<br></p><p style="margin: 0px; box-sizing: border-box;">Feel free '
            "to reach out and get to know me better. I'm excited to be part "
            "of the team and eager to contribute to our collective success.</p>"
            '<p style="margin: 0px; box-sizing: border-box;">Looking forward '
            'to seeing you all soon!<br style="box-sizing: border-box;"><br '
            'style="box-sizing: border-box;">Best regards, as your contemporary, '
            'Christophe Opoix</p></div>\n    <div class="gmail_extra">\n   '
            '   <div class="gmail_signature" data-smartmail="gmail_signature">'
            '<div dir="ltr"><div><div dir="ltr"></div></div></div></div>\n '
            '     \n    </div>\n    </div>\n<span summary="/api/reply/data-ll-tsk_Fvp'
            'BdB4NwuyG7GGTf"></span>\n<img alt="logo" src="https://zr0.lemlst.org/api'
            '/track/open/usr_t2KCwPen66NrrqGtQ/tsk_FvpBdB4NwuyG7GGTf" height="1" '
            'width="1"></html>'
        ),
    ),
)


def _sample() -> list[dict[str, Any]]:
    return [dict(item, attachments=list(item["attachments"])) for item in _SAMPLE_MESSAGES]


# --- 2. the long conversation -------------------------------------------------------------------

_LONG_SUBJECTS: Final = (
    "Cutting {company}'s last-mile costs",
    "{first}, a question about your Q{quarter} routes",
    "Idea for the Northwind ops team",
    "Freight audits at {company}",
    "Your warehouse in Lyon",
    "Peak season prep for {year}",
    "A 15-minute call about carrier contracts?",
    "{first} — customs paperwork, solved?",
)
_LONG_LINES: Final = (
    "I noticed {company} opened a new hub this quarter, congratulations!",
    "Teams like yours usually lose 4–7% of freight spend to billing errors.",
    "We helped a similar logistics team cut audit time from two days to two hours.",
    "Would a short call next week make sense?",
    "Happy to send a one-page summary instead if that's easier.",
    "No pressure at all — just tell me if the timing is wrong.",
    "Here is the case study I mentioned: https://example.com/case-studies/freight-audit",
    "I'm bumping this in case it got buried under the Monday pile.",
    "Our pricing starts at €490/month & scales with shipments < 10k/month.",
)
_LONG_REPLIES: Final = (
    "Thanks {user}, not a priority this quarter but keep me posted.",
    "Interesting. Can you send the case study?",
    "We're locked into a contract until March, ping me then.",
    "Sure, Thursday 10:30 works. Send an invite?",
    "I've forwarded this to our finance lead, Marc.",
    "Please stop emailing me at this address; use my LinkedIn.",
    "Bonne idée, on en reparle à la rentrée !",
    "Sounds good — what does onboarding look like?",
)
_LINKEDIN_NOTES: Final = (
    "Hi {first}, saw your post about cross-docking — great points. Happy to connect!",
    "Thanks for connecting, {first}. Curious how you handle carrier invoices today?",
    "{first}, quick one: is Q{quarter} a good time to look at freight audits? Details: "
    "https://example.com/l/fa?src=li&utm=1",
    "Congrats on the new role & the Lyon hub! <3",
)
_LINKEDIN_REPLIES: Final = (
    "Hey! Sure, let's connect.",
    "Thanks — send me something by email please.",
    "Not now, maybe in Q{quarter}.",
    "Haha yes, cross-docking is a passion of mine :)",
)


def _fill(template: str, contact: _Contact, when: datetime, user: _User) -> str:
    return template.format(
        first=contact.first_name,
        company=contact.company,
        quarter=(when.month - 1) // 3 + 1,
        year=when.year,
        user=user.name.split()[0],
    )


_LONG_CAMPAIGNS: Final = (
    _Campaign(
        "cam_LogisticsLdrs24",
        "seq_LogisticsLdrs24",
        "Logistics Leaders Spring 2024",
        "ended",
        _utc(2024, 1, 4),
    ),
    _Campaign(
        "cam_FreightOpsWeb24",
        "seq_FreightOpsWeb24",
        "Freight Ops Webinar 2024",
        "ended",
        _utc(2024, 6, 20),
    ),
    _Campaign(
        "cam_SupplyChainSum25",
        "seq_SupplyChainSum25",
        "Supply Chain Summit 2025",
        "ended",
        _utc(2024, 12, 18),
    ),
    _Campaign(
        "cam_NorthwindQ4Outr",
        "seq_NorthwindQ4Outr",
        "Northwind Q4 Outreach",
        "running",
        _utc(2025, 9, 29),
    ),
)
"""Léa's four campaigns, one after the other: she was a lead in each."""
_LONG_CAMPAIGN_STARTS: Final = (
    _utc(2024, 6, 25),
    _utc(2024, 12, 20),
    _utc(2025, 10, 1),
)
"""When Léa's second, third and fourth campaigns took over from the one before."""


def _long_campaign(when: datetime) -> _Campaign:
    """Léa's campaign at `when`."""
    return _LONG_CAMPAIGNS[sum(when >= start for start in _LONG_CAMPAIGN_STARTS)]


def _long() -> list[dict[str, Any]]:
    """~600 items: sequence after sequence in four campaigns, replies, LinkedIn, manual
    answers, 2024→2026."""
    rng = _rng("long")
    contact = _FEATURED[LONG_CONTACT_ID]
    when = _utc(2024, 1, 8, 9, 12, 31)
    items: list[dict[str, Any]] = []
    campaign_number = 0
    while len(items) < 600:
        campaign_number += 1
        when += timedelta(days=rng.uniform(1.0, 5.0))
        # Two draws kept from when each sequence had a campaign of its own: the same
        # generator state, so the same messages.
        _ident(rng, "cam_"), _ident(rng, "seq_")
        campaign = _long_campaign(when)
        user = _TEAM_USERS[campaign_number % len(_TEAM_USERS)]
        thread = _Thread(rng, contact, user, campaign)
        subject = _fill(rng.choice(_LONG_SUBJECTS), contact, when, user)
        for step in range(rng.randint(4, 7)):
            when += timedelta(days=rng.uniform(0.4, 2.2), minutes=rng.randint(0, 300))
            if step % 3 == 1:
                kind = "linkedinInviteDone" if step == 1 else "linkedinSent"
                note = _fill(rng.choice(_LINKEDIN_NOTES), contact, when, user)
                items.append(thread.item(kind, when, step, None, note))
                if rng.random() < 0.35:
                    when += timedelta(hours=rng.uniform(0.5, 20))
                    reply_kind = "linkedinInviteAccepted" if step == 1 else "linkedinReplied"
                    text = (
                        ""
                        if step == 1
                        else _fill(rng.choice(_LINKEDIN_REPLIES), contact, when, user)
                    )
                    items.append(thread.item(reply_kind, when, step, None, text))
                continue
            lines = [f"Hi {contact.first_name},"]
            lines += [_fill(line, contact, when, user) for line in rng.sample(_LONG_LINES, 3)]
            lines += ["Best,", user.name]
            sent_subject = subject if step == 0 else f"Re: {subject}"
            sent_html = _lemlist_html(rng, user, _paragraphs([_esc(x) for x in lines]))
            items.append(thread.item("emailsSent", when, step, sent_subject, sent_html))
            if rng.random() < 0.3:
                sent_at = when
                when += timedelta(hours=rng.uniform(0.2, 30))
                reply = _fill(rng.choice(_LONG_REPLIES), contact, when, user)
                french = "on en" in reply
                quote = _gmail_quote(
                    sent_at,
                    user.name,
                    user.email,
                    _paragraphs([_esc(x) for x in lines]),
                    french=french,
                )
                html = _gmail_reply([_esc(reply), "", contact.first_name], quote)
                items.append(thread.item("emailsReplied", when, step, f"Re: {subject}", html))
                if rng.random() < 0.5:
                    when += timedelta(hours=rng.uniform(0.3, 8))
                    answer = f"Thanks {contact.first_name}! Noted, I'll follow up as suggested."
                    items.append(
                        thread.item(
                            "emailsSent",
                            when,
                            step,
                            f"Re: {subject}",
                            _lemlist_html(rng, user, _esc(answer)),
                        )
                    )
    del items[600:]
    items.reverse()
    return items


# --- 3. channels, unknown types and broken fields -----------------------------------------------


_MIXED_CAMPAIGN: Final = _Campaign(
    "cam_MixedCampaign0001",
    "seq_MixedSequence0001",
    "Design Studios Multichannel",
    created_at=_utc(2025, 2, 9),
)


def _mixed() -> list[dict[str, Any]]:
    """Every channel the service knows (and one it doesn't), plain-text bodies, broken fields."""
    campaign = _MIXED_CAMPAIGN
    thread = _Thread.featured("mixed", MIXED_CONTACT_ID, _CAMILLE, campaign)
    rng = thread.rng
    start = _utc(2025, 2, 11, 8, 30, 0)
    # (hours after start, type, subject, body)
    script: list[tuple[float, str, str | None, str]] = [
        (0, "linkedinVisitDone", None, ""),
        (1, "linkedinInviteDone", None, "Hi Priya, loved the Raman Studio rebrand work!"),
        (20, "linkedinInviteAccepted", None, ""),
        (
            26,
            "linkedinSent",
            None,
            "Thanks for connecting! We make client onboarding < 5 min & painless.\n"
            "Here's a 2-min demo: https://example.com/demo?ref=li&utm_source=linkedin",
        ),
        (
            30,
            "linkedinReplied",
            None,
            "Sure <3 but I'm travelling. Ping me on WhatsApp? +44 7700 900123\n\n"
            "(P.S. the link https://example.com/demo?ref=li&utm_source=linkedin is 404ing)",
        ),
        (
            31,
            "whatsappMessageSent",
            None,
            "Hi Priya 👋 Camille from lemtest here, as discussed on LinkedIn. Fixed link: "
            "https://example.com/demo?ref=wa&x=1",
        ),
        (33, "whatsappReplied", None, "Got it! Watching now. A&B testing your onboarding = 😍"),
        (
            50,
            "smsSent",
            None,
            "Hi Priya, reminder: call tomorrow 10:00 CET. Reply STOP to opt out.",
        ),
        (51, "smsReplied", None, "ok <see you> & thx"),
        (74, "aircallDone", None, "Outgoing call — 12 min 48 s. Notes: wants pricing for 3 seats."),
        (75, "callDone", None, "Follow-up call, voicemail left."),
        (
            76,
            "emailsSent",
            "Pricing for Raman Studio",
            "<p>Hi Priya,</p><p>As promised: 3 seats at €49/seat/month.</p><p>Camille</p>",
        ),
        (80, "emailsOpened", None, ""),
        (
            90,
            "emailsReplied",
            "Re: Pricing for Raman Studio",
            '<div dir="ltr">Looks fair. Contract attached, signed.<br><br>Priya</div>',
        ),
        (91, "carrierPigeonSent", "Coo", "A pigeon left the loft at 07:00 with a tiny scroll."),
        (92, "linkedinVoiceNoteSent", None, "🎤 Voice note (0:42)"),
        (93, "emailsFailed", "Pricing for Raman Studio", "Mailbox full (552 5.2.2)"),
        (95, "emailsBounced", None, "<b>Delivery Status Notification (Failure)</b>"),
        (100, "manualTaskDone", None, "Send the signed contract to finance"),
        (101, "emailsSent", None, "<p>Subject-less mail (subject null).</p>"),
        (102, "emailsSent", "Message field missing", ""),
        (103, "emailsSent", "createdAt is a number", "<p>epoch milliseconds</p>"),
        (104, "emailsSent", "sequenceStep is a string", '<p>step "2"</p>'),
        (105, "emailsReplied", "Re: attachments null", "<p>attachments: null</p>"),
        (
            106,
            "linkedinReplied",
            None,
            "Plain text with <angle brackets>, a stray & ampersand, &amp; an entity,\n"
            "    an indented line, and a URL: https://example.com/a_(b)?c=1&d=<2>",
        ),
    ]
    items: list[dict[str, Any]] = []
    for hours, kind, subject, body in script:
        step = 2 if kind.startswith("linkedin") else 0
        items.append(
            thread.item(
                kind,
                start + timedelta(hours=hours, minutes=rng.randint(0, 59)),
                step,
                subject,
                body,
            )
        )
    by_subject = {item["subject"]: item for item in items if item["subject"]}
    del by_subject["Message field missing"]["message"]
    numeric = by_subject["createdAt is a number"]
    numeric["createdAt"] = int(
        datetime.fromisoformat(numeric["createdAt"].replace("Z", "+00:00")).timestamp() * 1000
    )
    by_subject["sequenceStep is a string"]["sequenceStep"] = "2"
    by_subject["Re: attachments null"]["attachments"] = None
    by_subject["Re: Pricing for Raman Studio"]["attachments"] = [
        {"name": "contract-signed.pdf", "size": 48213, "contentType": "application/pdf"}
    ]
    by_subject["Coo"]["sendUserName"] = 42
    by_subject["Coo"]["campaignId"] = None
    items.reverse()
    return items


# --- 4. quoted replies --------------------------------------------------------------------------


def _letter(greeting: str, body: str, *signature: str) -> list[str]:
    """A short letter's lines: greeting, body, signature, with a blank line after the first two."""
    return [greeting, "", body, "", *signature]


_QUOTES_CAMPAIGN: Final = _Campaign(
    "cam_QuotesCampaign001",
    "seq_QuotesSequence001",
    "Conseil & Consulting FR/EN",
    created_at=_utc(2025, 2, 27),
)


def _quotes() -> list[dict[str, Any]]:
    """A thread where each answer quotes the previous mail: Gmail and Outlook, EN and FR."""
    campaign = _QUOTES_CAMPAIGN
    thread = _Thread.featured("quotes", QUOTES_CONTACT_ID, _CHRISTOPHE, campaign)
    rng, contact, user = thread.rng, thread.contact, thread.user
    lead = f"{contact.full_name} <{contact.email}>"
    me = f"{user.name} <{user.email}>"
    subject = "Lambert Conseil x lemtest"
    items: list[dict[str, Any]] = []

    t0 = _utc(2025, 3, 4, 9, 14, 7)
    first_lines = [
        "Hi Sophie,",
        "I saw Lambert Conseil is hiring two SDRs — congrats on the growth!",
        "We help consulting firms book 30% more discovery calls. Worth a chat?",
        "Best,<br>Christophe",
    ]
    first_inner = _paragraphs(first_lines)
    items.append(thread.item("emailsSent", t0, 0, subject, _lemlist_html(rng, user, first_inner)))

    t1 = t0 + timedelta(hours=3, minutes=12)
    gmail_fr = _gmail_reply(
        _letter(
            "Bonjour Christophe,",
            "Pourquoi pas ! Je suis dispo jeudi après-midi.",
            "Bien à vous,",
            "Sophie",
        ),
        _gmail_quote(t0, user.name, user.email, first_inner, french=True),
    )
    items.append(thread.item("emailsReplied", t1, 0, f"Re: {subject}", gmail_fr))

    t2 = t1 + timedelta(hours=1, minutes=4)
    answer_lines = ["Parfait Sophie, jeudi 15h ?", "Christophe"]
    answer = _gmail_reply(
        answer_lines, _gmail_quote(t1, lead, contact.email, gmail_fr, french=True)
    )
    items.append(thread.item("emailsSent", t2, 0, f"Re: {subject}", answer))

    t3 = t2 + timedelta(hours=20, minutes=33)
    outlook_fr = _outlook_desktop_reply(
        _letter(
            "Bonjour Christophe,",
            "Jeudi 15h c&#8217;est noté. Je vous envoie l&#8217;invitation "
            "Teams depuis mon adresse pro.",
            "Cordialement,",
            "<b>Sophie Lambert</b>",
            "Directrice commerciale | Lambert Conseil",
            "+33 1 23 45 67 89",
        ),
        _OutlookQuote(me, _sent_fr(t2), lead, f"RE: {subject}", answer, french=True),
    )
    items.append(
        thread.item(
            "emailsReplied",
            t3,
            0,
            f"RE: {subject}",
            outlook_fr,
            message_id=_outlook_id(rng),
            attachments=[{"name": "image001.png", "size": 5120, "contentType": "image/png"}],
        )
    )

    t4 = _utc(2025, 3, 10, 16, 2, 45)
    recap_lines = [
        "Hi Sophie,",
        "Thanks for the call! Recap in English for your US partner:",
        "1. Pilot with 2 SDRs<br>2. Review on April 7",
        "Christophe",
    ]
    recap_inner = _paragraphs(recap_lines)
    items.append(
        thread.item("emailsSent", t4, 1, "Recap: pilot", _lemlist_html(rng, user, recap_inner))
    )

    t5 = t4 + timedelta(hours=18, minutes=7)
    outlook_en = _outlook_desktop_reply(
        _letter(
            "Hi Christophe,",
            "Looks good. Adding Dan (our US partner) in copy.",
            "Kind regards,",
            "Sophie",
        ),
        _OutlookQuote(me, _sent_en(t4), lead, "Recap: pilot", recap_inner, french=False),
    )
    items.append(
        thread.item(
            "emailsReplied",
            t5,
            1,
            "RE: Recap: pilot",
            outlook_en,
            message_id=_outlook_id(rng),
        )
    )

    t6 = t5 + timedelta(days=1, hours=2)
    gmail_en = _gmail_reply(
        ["Dan here — one question: does the pilot include LinkedIn steps?", "", "Dan"],
        _gmail_quote(t5, lead, contact.email, outlook_en, french=False),
    )
    items.append(
        thread.item(
            "emailsReplied",
            t6,
            1,
            "Re: RE: Recap: pilot",
            gmail_en,
            from_email="dan.us@lambert-conseil.example",
        )
    )

    t7 = t6 + timedelta(hours=5, minutes=41)
    web_fr = _outlook_web_reply(
        ["Oui, LinkedIn inclus. Je confirme pour le 7 avril.", "", "Sophie"],
        _OutlookQuote(me, _sent_fr(t6), lead, "Re: RE: Recap: pilot", gmail_en, french=True),
    )
    items.append(
        thread.item(
            "emailsReplied",
            t7,
            1,
            "RE: Re: RE: Recap: pilot",
            web_fr,
            message_id=_outlook_id(rng),
        )
    )
    items.reverse()
    return items


# --- 5. the newsletter --------------------------------------------------------------------------

_NEWS_TEXT: Final = (
    "growth pipeline outbound playbook cadence reply rate deliverability warm-up domain "
    "inbox placement persona segment intent signal enrichment sequence follow-up meeting "
    "booked revenue quota churn expansion onboarding activation benchmark template subject "
    "line personalization video image liquid syntax webhook CRM Salesforce HubSpot Pipedrive"
)
_NEWS_WORDS: Final = _NEWS_TEXT.split()


def _news_text(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choices(_NEWS_WORDS, k=words))
    return text[0].upper() + text[1:] + "."


def _tracked(rng: random.Random, target: str) -> str:
    token = "".join(rng.choices(_ALNUM + "-_", k=rng.randint(90, 160)))
    return f"https://click.hexagone-growth.example/ls/click?upn={token}&amp;u={target}"


def _newsletter_html(rng: random.Random) -> str:
    """About 300 KB of 2010s email-builder HTML: nested tables, inline styles, pixels, links."""
    pixel = "https://open.hexagone-growth.example/o/{0}.gif"
    parts = [
        '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" '
        '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">'
        '<html xmlns="http://www.w3.org/1999/xhtml"><head>'
        '<meta http-equiv="Content-Type" content="text/html; charset=UTF-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1.0">'
        '<title>Hexagone Growth Weekly #142</title><style type="text/css">'
        "body{margin:0;padding:0;}table{border-collapse:collapse;}img{border:0;outline:none;}"
        "@media only screen and (max-width:620px){.wrap{width:100%!important}"
        ".col{display:block!important;width:100%!important}}</style></head>"
        '<body style="margin:0;padding:0;background-color:#f2f3f5;">'
        '<div style="display:none;max-height:0;overflow:hidden;">12 playbooks for Q3, '
        "a teardown of 3 cold emails that worked, and our reply-rate benchmark.&zwnj;&nbsp;"
        + "&zwnj;&nbsp;" * 80
        + "</div>",
        f'<img src="{pixel.format(_ident(rng, "", 32))}" width="1" height="1" alt="" '
        'style="display:block;height:1px;width:1px;border:0;">',
        '<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" '
        'bgcolor="#f2f3f5"><tr><td align="center" style="padding:24px 0;">'
        '<table class="wrap" role="presentation" width="600" cellpadding="0" cellspacing="0" '
        'border="0" style="width:600px;background-color:#ffffff;border-radius:8px;">'
        '<tr><td style="padding:12px 24px;font-family:Arial,sans-serif;font-size:11px;'
        'color:#888888;" align="right"><a href="'
        + _tracked(rng, "view-online")
        + '" style="color:#888888;">View in browser</a></td></tr>'
        '<tr><td align="center" style="padding:8px 24px 24px 24px;"><a href="'
        + _tracked(rng, "home")
        + '"><img src="https://cdn.hexagone-growth.example/brand/logo@2x.png" width="180" '
        'height="48" alt="Hexagone Growth" style="display:block;width:180px;height:48px;">'
        "</a></td></tr>",
    ]
    size = sum(map(len, parts))
    article = 0
    while size < 290_000:
        article += 1
        title = _news_text(rng, rng.randint(4, 9)).rstrip(".")
        block = (
            '<tr><td style="padding:0 24px 24px 24px;"><table role="presentation" width="100%" '
            'cellpadding="0" cellspacing="0" border="0"><tr>'
            '<td class="col" width="200" valign="top" style="padding-right:16px;">'
            f'<a href="{_tracked(rng, f"article-{article}")}"><img '
            f'src="https://cdn.hexagone-growth.example/img/{_ident(rng, "", 24)}.jpg" '
            f'width="200" height="120" alt="{_esc(title)}" style="display:block;width:200px;'
            'height:120px;border-radius:4px;object-fit:cover;"></a></td>'
            '<td class="col" valign="top" style="font-family:Georgia,serif;color:#222222;">'
            f'<h2 style="margin:0 0 8px 0;font-size:20px;line-height:26px;">{article}. '
            f"{_esc(title)}</h2>"
            '<p style="margin:0 0 12px 0;font-family:Arial,sans-serif;font-size:14px;'
            f'line-height:21px;color:#444444;">{_news_text(rng, rng.randint(40, 80))}</p>'
            '<table role="presentation" cellpadding="0" cellspacing="0" border="0"><tr>'
            '<td bgcolor="#ff5a5f" style="border-radius:4px;"><a href="'
            + _tracked(rng, f"cta-{article}")
            + '" style="display:inline-block;padding:8px 16px;font-family:Arial,sans-serif;'
            'font-size:13px;color:#ffffff;text-decoration:none;font-weight:bold;">Read more '
            "&rarr;</a></td></tr></table></td></tr></table></td></tr>"
        )
        if article % 10 == 0:
            block += (
                '<tr><td style="padding:0 24px 24px 24px;"><a href="'
                + _tracked(rng, f"sponsor-{article}")
                + '"><img src="https://ads.hexagone-growth.example/banner/'
                f'{_ident(rng, "", 20)}.png" width="552" height="90" alt="Sponsored" '
                'style="display:block;width:552px;height:90px;"></a>'
                f'<img src="{pixel.format(_ident(rng, "", 32))}" width="1" height="1" alt="">'
                "</td></tr>"
            )
        parts.append(block)
        size += len(block)
    socials = "".join(
        f'<a href="{_tracked(rng, name)}" style="margin:0 6px;"><img '
        f'src="https://cdn.hexagone-growth.example/icons/{name}.png" width="24" height="24" '
        f'alt="{name}"></a>'
        for name in ("linkedin", "x", "youtube", "instagram")
    )
    parts.append(
        '<tr><td align="center" style="padding:24px;background-color:#1f2430;'
        "font-family:Arial,sans-serif;font-size:11px;line-height:17px;color:#9aa0ac;"
        'border-radius:0 0 8px 8px;">'
        f"<p>{socials}</p>"
        "<p>You are receiving this email because you subscribed to Hexagone Growth Weekly "
        "or attended one of our webinars.</p>"
        f'<p><a href="{_tracked(rng, "unsubscribe")}" style="color:#9aa0ac;">Unsubscribe</a>'
        f' &middot; <a href="{_tracked(rng, "preferences")}" style="color:#9aa0ac;">'
        "Manage preferences</a> &middot; "
        f'<a href="{_tracked(rng, "privacy")}" style="color:#9aa0ac;">Privacy policy</a></p>'
        "<p>Hexagone Growth SAS, 12 rue de l&#39;Exemple, 75011 Paris, France. "
        "RCS Paris 000 000 000. Capital social 10&nbsp;000&nbsp;&euro;. "
        "Conformément au RGPD, vous disposez d&#39;un droit d&#39;accès, de rectification "
        "et de suppression de vos données. &copy; 2025 Hexagone Growth. All rights reserved."
        "</p></td></tr></table></td></tr></table>"
        f'<img src="{pixel.format(_ident(rng, "", 32))}" width="1" height="1" alt="" '
        'style="display:none;"></body></html>'
    )
    return "".join(parts)


_NEWSLETTER_CAMPAIGN: Final = _Campaign(
    "cam_NewsletterCamp001",
    "seq_NewsletterSeq0001",
    "Media Partners 2025",
    "ended",
    _utc(2025, 6, 1),
)


def _newsletter() -> list[dict[str, Any]]:
    campaign = _NEWSLETTER_CAMPAIGN
    thread = _Thread.featured("newsletter", NEWSLETTER_CONTACT_ID, _READER, campaign)
    rng, user = thread.rng, thread.user
    t0 = _utc(2025, 6, 3, 8, 45, 12)
    ask = _lemlist_html(
        rng,
        user,
        _paragraphs(["Hi Marc,", "Could we sponsor an issue of your newsletter?", "Alex"]),
    )
    items = [
        thread.item("emailsSent", t0, 0, "Sponsoring Hexagone Growth Weekly?", ask),
        thread.item(
            "emailsReplied",
            t0 + timedelta(days=2, hours=1, minutes=3),
            0,
            "Hexagone Growth Weekly #142 — 12 playbooks for Q3",
            _newsletter_html(rng),
            from_email="newsletter@hexagone-growth.example",
        ),
        thread.item(
            "emailsSent",
            t0 + timedelta(days=2, hours=4, minutes=30),
            1,
            "Re: Sponsoring Hexagone Growth Weekly?",
            _lemlist_html(
                rng, user, "Ha, I think your newsletter replied instead of you, Marc. 🙂"
            ),
        ),
    ]
    items.reverse()
    return items


# --- 6. the hostile one -------------------------------------------------------------------------


_HOSTILE_CAMPAIGN: Final = _Campaign(
    "cam_HostileCampaign01",
    "seq_HostileSequence1",
    "[b]owned[/b] \x1b]0;pwned\x07\u202eQ4",
    created_at=_utc(2025, 9, 8),
)


def _hostile() -> list[dict[str, Any]]:
    """Content that must never reach a markup parser or the terminal unfiltered."""
    user = _User(
        "usr_HostileSender001",
        "[red]Root[/red] \x1b[5mADMIN",
        "root@evil.test",
        "usm_HostileMailbox01",
        "member",
    )
    campaign = _HOSTILE_CAMPAIGN
    thread = _Thread.featured("hostile", HOSTILE_CONTACT_ID, user, campaign)
    t0 = _utc(2025, 9, 10, 10, 0, 0)
    body = (
        '<div dir="ltr">Hello&#27;]0;pwned&#7; friend,<br><br>'
        "Your terminal title just changed? \x1b[2J\x1b[H Screen cleared?<br>"
        "Clipboard: \x1b]52;c;Y3VybCBodHRwczovL2V2aWwudGVzdC94IHwgc2g=\x07 (copied?)<br>"
        "Escaped CSI: &#x1b;[31mred&#x1b;[0m and OSC 8: "
        "\x1b]8;;https://evil.test/\x1b\\harmless\x1b]8;;\x1b\\<br>"
        '<a href="javascript:alert(document.cookie)">Verify your account</a><br>'
        '<a href="https://evil.test/">https://paypal.com</a><br>'
        '<a href="https://evil.test/login" title="[@click=app.quit]">[@click=app.quit]Quit[/]</a>'
        "<br>[bold red]Markup[/bold red] [link=https://evil.test]click[/link] \\[escaped]<br>"
        "Bidi: abc\u202edcba\u202c and zero\u200bwidth\u200d joiners<br>"
        "<script>alert('xss')</script><style>body{display:none}</style>"
        '<img src="https://evil.test/pixel.gif?id=42" width="1" height="1">'
        '<iframe src="https://evil.test/frame"></iframe>'
        "</div>"
    )
    attachments = [
        {"name": "invoice\u202etxt.exe", "size": 31337, "contentType": "application/octet-stream"},
        {"name": "[bold]report[/].pdf\x1b[2J", "size": 1024, "contentType": "application/pdf"},
        "readme\x07.txt",
    ]
    items = [
        thread.item(
            "emailsReplied",
            t0,
            0,
            "[bold]x[/] [@click=app.quit]y[/]",
            body,
            attachments=attachments,
            from_email="mallory@evil.test\x1b]0;pwned\x07",
        ),
        thread.item(
            "linkedinReplied",
            t0 + timedelta(minutes=5),
            1,
            None,
            "plain text \x1b]0;pwned\x07 \x1b[31mred\x1b[0m [b]markup[/b] "
            "carriage\rreturn & <tag> https://evil.test/?a=1&b=2 \x00nul \x7fdel",
        ),
        thread.item(
            "emailsReplied",
            t0 + timedelta(minutes=9),
            2,
            "Re: [link=https://evil.test]invoice[/link] \x1b[2J\u202egnp.exe",
            "<p>" + "A" * 5000 + "</p><p>" + "&#8238;" * 3 + "</p>",
        ),
    ]
    items.reverse()
    return items


# --- fillers ------------------------------------------------------------------------------------


_FILLER_THEMES: Final = ("Outreach", "Decision Makers", "Webinar Invite", "Follow-up")


def _filler_campaign(contact: _Contact, rng: random.Random) -> tuple[_User, _Campaign]:
    """The user who writes to a filler contact and their campaign, drawn first from `rng`."""
    user = _TEAM_USERS[rng.randrange(len(_TEAM_USERS))]
    campaign_id, sequence_id = _ident(rng, "cam_"), _ident(rng, "seq_")
    when = contact.created_at
    theme = _FILLER_THEMES[sum(map(ord, contact.contact_id)) % len(_FILLER_THEMES)]
    name = f"{contact.industry} {theme} Q{(when.month - 1) // 3 + 1} {when.year}"
    status = ("running", "running", "running", "ended", "paused")[when.day % 5]
    return user, _Campaign(campaign_id, sequence_id, name, status, when - timedelta(days=2))


def _filler(contact: _Contact) -> list[dict[str, Any]]:
    rng = _rng(f"filler:{contact.contact_id}")
    user, campaign = _filler_campaign(contact, rng)
    thread = _Thread(rng, contact, user, campaign)
    subject = f"{contact.first_name}, quick idea for {contact.company}"
    when = contact.created_at + timedelta(hours=rng.uniform(1, 30))
    items: list[dict[str, Any]] = []
    for step in range(rng.randint(1, 6)):
        if step == 2 and rng.random() < 0.6:
            items.append(
                thread.item(
                    "linkedinSent",
                    when,
                    step,
                    None,
                    f"Hi {contact.first_name}, did my emails reach you?",
                )
            )
        else:
            lines = [
                f"Hi {contact.first_name},",
                _esc(_fill(rng.choice(_LONG_LINES), contact, when, user)),
                user.name,
            ]
            items.append(
                thread.item(
                    "emailsSent",
                    when,
                    step,
                    subject if step == 0 else f"Re: {subject}",
                    _lemlist_html(rng, user, _paragraphs(lines)),
                )
            )
        if rng.random() < 0.3:
            replied_at = when + timedelta(hours=rng.uniform(0.5, 40))
            reply = _fill(rng.choice(_LONG_REPLIES), contact, replied_at, user)
            items.append(
                thread.item(
                    "emailsReplied",
                    replied_at,
                    step,
                    f"Re: {subject}",
                    _gmail_reply([_esc(reply)], ""),
                )
            )
            break
        when += timedelta(days=rng.uniform(1, 5))
    items.reverse()
    return items


# --- the registry -------------------------------------------------------------------------------


@cache
def _builders() -> dict[str, Callable[[], list[dict[str, Any]]]]:
    builders: dict[str, Callable[[], list[dict[str, Any]]]] = {
        SAMPLE_CONTACT_ID: _sample,
        LONG_CONTACT_ID: _long,
        MIXED_CONTACT_ID: _mixed,
        QUOTES_CONTACT_ID: _quotes,
        NEWSLETTER_CONTACT_ID: _newsletter,
        HOSTILE_CONTACT_ID: _hostile,
        EMPTY_CONTACT_ID: list,
    }
    for contact in _fillers():
        builders[contact.contact_id] = partial(_filler, contact)
    return builders


def demo_contact_ids() -> tuple[str, ...]:
    """Every demo contact id: the featured ones (DEMO_CONTACTS) then the ~40 fillers."""
    return tuple(_builders())


def demo_conversation(contact_id: str) -> list[dict[str, Any]] | None:
    """One demo conversation, newest first, freshly built; None for an unknown contact."""
    builder = _builders().get(contact_id)
    return None if builder is None else builder()


def demo_conversations() -> dict[str, list[dict[str, Any]]]:
    """Every demo conversation: contactId → messages, newest first, shaped like the service's."""
    return {contact_id: builder() for contact_id, builder in _builders().items()}


class DemoConversations(Mapping[str, list[dict[str, Any]]]):
    """The demo conversations as a mapping that builds each one on first access.

    `FakeLemlist` uses it so `--demo` starts without generating 600 messages and 300 KB of
    newsletter up front; a conversation built once is kept (the fake may append to it).
    """

    def __init__(self) -> None:
        self._built: dict[str, list[dict[str, Any]]] = {}

    def __getitem__(self, contact_id: str) -> list[dict[str, Any]]:
        built = self._built.get(contact_id)
        if built is None:
            built = _builders()[contact_id]()
            self._built[contact_id] = built
        return built

    def __iter__(self) -> Iterator[str]:
        return iter(_builders())

    def __len__(self) -> int:
        return len(_builders())

    def __contains__(self, contact_id: object) -> bool:
        return contact_id in _builders()


# --- contacts, inbox conversations, team --------------------------------------------------------

_CHANNELS: Final = (
    ("email", "email"),
    ("linkedin", "linkedin"),
    ("whatsapp", "whatsapp"),
    ("sms", "sms"),
    ("aircall", "call"),
    ("call", "call"),
)


def _channel(kind: Any) -> str:
    lowered = kind.lower() if isinstance(kind, str) else ""
    for prefix, channel in _CHANNELS:
        if lowered.startswith(prefix):
            return channel
    return "other"


def _moment(value: Any) -> datetime | None:
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return datetime.fromtimestamp(value / 1000 if value > 1e11 else value, tz=UTC)
    return None


def _contact_from_messages(contact_id: str, messages: Sequence[Mapping[str, Any]]) -> _Contact:
    email = next((m["leadEmail"] for m in messages if isinstance(m.get("leadEmail"), str)), "")
    name = email.split("@")[0].replace(".", " ").title() if email else ""
    first, _, last = name.partition(" ")
    return _Contact(
        contact_id, first, last, email, "", "", "", "", _utc(2024, 1, 1), show_full_name=bool(name)
    )


@cache
def _campaign_table() -> dict[str, tuple[_Campaign, _User]]:
    """Every demo campaign by ID, with the user who runs it, known without building a
    conversation (the fillers' are drawn from the start of their generators)."""
    table: dict[str, tuple[_Campaign, _User]] = {
        _DOC_CAMILLE.campaign.campaign_id: (_DOC_CAMILLE.campaign, _CAMILLE),
        _DOC_CHRISTOPHE.campaign.campaign_id: (_DOC_CHRISTOPHE.campaign, _CHRISTOPHE),
    }
    for index, campaign in enumerate(_LONG_CAMPAIGNS):
        table[campaign.campaign_id] = (campaign, _TEAM_USERS[index % len(_TEAM_USERS)])
    table[_MIXED_CAMPAIGN.campaign_id] = (_MIXED_CAMPAIGN, _CAMILLE)
    table[_QUOTES_CAMPAIGN.campaign_id] = (_QUOTES_CAMPAIGN, _CHRISTOPHE)
    table[_NEWSLETTER_CAMPAIGN.campaign_id] = (_NEWSLETTER_CAMPAIGN, _READER)
    table[_HOSTILE_CAMPAIGN.campaign_id] = (_HOSTILE_CAMPAIGN, _CAMILLE)
    for contact in _fillers():
        user, campaign = _filler_campaign(contact, _rng(f"filler:{contact.contact_id}"))
        table[campaign.campaign_id] = (campaign, user)
    return table


def demo_campaigns() -> tuple[dict[str, Any], ...]:
    """Every demo campaign, oldest first, shaped like an item of `GET /campaigns` (the OpenAPI
    spec's array items)."""
    items = sorted(_campaign_table().values(), key=lambda pair: pair[0].created_at)
    return tuple(
        {
            "_id": campaign.campaign_id,
            "name": campaign.name,
            "emoji": None,
            "labels": [],
            "createdAt": _iso(campaign.created_at),
            "createdBy": user.user_id,
            "status": campaign.status,
            "sequenceId": campaign.sequence_id,
            "timezone": "Europe/Paris",
            "hasError": False,
            "errors": [],
            "creator": {"userId": user.user_id, "userEmail": user.email},
            "senders": [
                {"id": user.user_id, "email": user.email, "sendUserMailboxId": user.mailbox_id}
            ],
        }
        for campaign, user in items
    )


_LEAD_STATUS: Final[dict[tuple[str, str], tuple[str, bool]]] = {
    (SAMPLE_CONTACT_ID, "cam_JnZqKnuSvoD4jsQuo"): ("interested", False),
    (SAMPLE_CONTACT_ID, "cam_FYRAZMW5utAA7LXCN"): ("running", False),
    (LONG_CONTACT_ID, "cam_FreightOpsWeb24"): ("notInterested", False),
    (LONG_CONTACT_ID, "cam_NorthwindQ4Outr"): ("running", False),
    (MIXED_CONTACT_ID, "cam_MixedCampaign0001"): ("interested", False),
    (QUOTES_CONTACT_ID, "cam_QuotesCampaign001"): ("paused", True),
    (HOSTILE_CONTACT_ID, "cam_HostileCampaign01"): ("notInterested", False),
}
"""The featured leads' status and pause in a campaign, where the general rule would not show
every kind."""


def lead_entries(contact_id: str, messages: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The contact's leads as the demo starts: one per campaign their messages name, newest
    campaign first, each `{campaignId, campaignState, leadId, status, isPaused, state}` where
    `status` is `GET /leads`' (interested, notInterested, running, paused, done...) and `state`
    the type of the lead's last activity there."""
    contact = _all_contacts().get(contact_id) or _contact_from_messages(contact_id, messages)
    entries: dict[str, dict[str, Any]] = {}
    for message in messages:  # newest first: the first message of a campaign is its last step
        campaign_id = message.get("campaignId")
        if not isinstance(campaign_id, str) or campaign_id in entries:
            continue
        known = _campaign_table().get(campaign_id)
        campaign_state = known[0].status if known else "running"
        replied = any(
            m.get("campaignId") == campaign_id and str(m.get("type", "")).endswith("Replied")
            for m in messages
        )
        rng = _rng(f"lead:{contact_id}:{campaign_id}")
        status = "done" if campaign_state == "ended" else "running"
        if replied and status == "running":
            status = rng.choice(("interested", "interested", "notInterested", "running"))
        paused = campaign_state == "paused" or (status == "running" and rng.random() < 0.15)
        if paused and status == "running":
            status = "paused"
        status, paused = _LEAD_STATUS.get((contact_id, campaign_id), (status, paused))
        entries[campaign_id] = {
            "campaignId": campaign_id,
            "campaignState": campaign_state,
            "leadId": message.get("leadId") or contact.lead_id,
            "status": status,
            "isPaused": paused,
            "state": str(message.get("type") or "scanned"),
        }
    return list(entries.values())


def lead_status_text(statuses: Sequence[str], contacted: bool) -> str:
    """The contact's `fields.leadStatus` from its leads' statuses (newest campaign first), as
    lemlist words it."""
    newest = statuses[0] if statuses else ""
    if newest == "interested":
        return "Interested"
    if newest == "notInterested":
        return "Not interested"
    return "Contacted" if contacted else "Not contacted"


def _slug(text: str) -> str:
    plain = "".join(c for c in unicodedata.normalize("NFKD", text) if c.isascii())
    return "-".join(part for part in re.split(r"[^a-z0-9]+", plain.lower()) if part)


def _linkedin_url(contact: _Contact) -> str:
    if contact.contact_id == HOSTILE_CONTACT_ID:
        return "javascript:alert(document.cookie)"
    return f"https://www.linkedin.com/in/{_slug(contact.full_name) or 'lead'}"


def contact_record(
    contact_id: str,
    messages: Sequence[Mapping[str, Any]] = (),
    leads: Sequence[Mapping[str, Any]] | None = None,
) -> dict[str, Any]:
    """A contact shaped like the OpenAPI `Contact` example (demo data, or derived from messages).

    `leads` are the contact's leads now (`lead_entries`' shape, as the fake keeps them after
    lead actions); None: as the demo starts.
    """
    contact = _all_contacts().get(contact_id) or _contact_from_messages(contact_id, messages)
    if leads is None:
        leads = lead_entries(contact_id, messages)
    campaigns = [
        {
            "campaignId": lead["campaignId"],
            "campaignState": lead["campaignState"],
            "leadState": lead["status"],
            "leadId": lead["leadId"],
            "isPaused": lead["isPaused"],
        }
        for lead in leads
    ]
    status = next(
        (lead["leadStatus"] for lead in leads if lead.get("leadStatus")),
        lead_status_text([lead["status"] for lead in leads], bool(messages)),
    )
    fields: dict[str, Any] = {
        "firstName": contact.first_name,
        "lastName": contact.last_name,
        "jobTitle": contact.job_title,
        "companyName": contact.company,
        "industry": contact.industry,
        "isActiveInCampaigns": any(lead["campaignState"] == "running" for lead in leads),
        "leadStatus": status,
    }
    if contact.contact_id in _all_contacts():
        fields["linkedinUrl"] = _linkedin_url(contact)
    record: dict[str, Any] = {
        "_id": contact.contact_id,
        "teamId": DEMO_TEAM_ID,
        "fullName": contact.full_name,
        "email": contact.email,
        "fields": fields,
        "campaigns": campaigns,
        "ownerId": DEMO_USER_ID,
        "createdAt": _iso(contact.created_at),
        "createdBy": DEMO_USER_ID,
        "unsubscribed": False,
        "fieldRejections": [],
    }
    return record


def default_read(contact_id: str, user_id: str) -> bool:
    """Whether the demo starts with this conversation read by this user (stable, ~60 % read)."""
    return _rng(f"read:{contact_id}:{user_id}").random() < 0.6


def inbox_entry(
    contact_id: str,
    messages: Sequence[Mapping[str, Any]],
    read: Callable[[str], bool],
) -> dict[str, Any]:
    """One `/inbox` conversation, shaped like the OpenAPI InboxConversation example.

    Derived from the messages (dates, channels, replies, senders); `read(user_id)` gives each
    user's read flag so the fake can reflect `markAsRead`.
    """
    contact = _all_contacts().get(contact_id) or _contact_from_messages(contact_id, messages)
    dated = [(when, m) for m in messages if (when := _moment(m.get("createdAt"))) is not None]
    dated.sort(key=lambda pair: pair[0])
    replies = [(when, m) for when, m in dated if str(m.get("type", "")).endswith("Replied")]
    senders: list[str] = []
    for message in messages:
        sender = message.get("sendUserId")
        if isinstance(sender, str) and sender not in senders:
            senders.append(sender)
    users = [{"userId": uid, "sender": True, "read": read(uid)} for uid in senders]
    if DEMO_USER_ID not in senders:
        users.append({"userId": DEMO_USER_ID, "sender": False, "read": read(DEMO_USER_ID)})
    channels: list[str] = []
    for _, message in dated:
        channel = _channel(message.get("type"))
        if channel not in channels:
            channels.append(channel)
    first = dated[0] if dated else None
    last = dated[-1] if dated else None
    contact_json: dict[str, Any] = {"_id": contact_id}
    if contact.show_full_name:
        contact_json["fullName"] = contact.full_name
    contact_json["email"] = contact.email
    return {
        "_id": _ident(_rng(f"ibx:{contact_id}"), "ibx_"),
        "opportunities": [],
        "lastActivityAt": _iso(last[0] if last else contact.created_at),
        "createdBy": first[1].get("_id") if first else None,
        "channels": channels,
        "teamId": DEMO_TEAM_ID,
        "contactId": contact_id,
        "users": users,
        "createdAt": _iso(first[0] if first else contact.created_at),
        "haveReplies": bool(replies),
        "lastRepliedAt": _iso(replies[-1][0]) if replies else None,
        "lastRepliedChannel": _channel(replies[-1][1].get("type")) if replies else None,
        "contact": contact_json,
    }


def demo_team(*, with_users: bool) -> dict[str, Any]:
    """The demo team, shaped like the OpenAPI `/team` example (`users` only with version=v2)."""
    team: dict[str, Any] = {
        "_id": DEMO_TEAM_ID,
        "name": "lemtest (demo)",
        "userIds": [user.user_id for user in _TEAM_USERS],
        "createdBy": DEMO_USER_ID,
        "createdAt": "2018-02-22T08:52:30.926Z",
        "hooks": [],
        "beta": [],
        "invitedUsers": [],
    }
    if with_users:
        team["users"] = [
            {"userId": u.user_id, "name": u.name, "email": u.email, "role": u.role}
            for u in _TEAM_USERS
        ]
    return team


def team_user_ids() -> tuple[str, ...]:
    """The demo team's user ids (the reader first)."""
    return tuple(user.user_id for user in _TEAM_USERS)


def team_senders() -> tuple[dict[str, str], ...]:
    """The demo team's users with their sending identity: `sendUserId`, `sendUserName`,
    `sendUserEmail` and `sendUserMailboxId`, keyed as the messages carry them (the reader first).
    """
    return tuple(_sender_fields(user) for user in _TEAM_USERS)


def demo_user(user_id: str) -> dict[str, Any] | None:
    """A demo team user shaped like the OpenAPI `/users/{userId}` example, with their mailbox;
    None for a user not in the team."""
    user = next((u for u in _TEAM_USERS if u.user_id == user_id), None)
    if user is None:
        return None
    return {
        "_id": user.user_id,
        "email": user.email,
        "role": user.role,
        "linkedIn": {
            "linkedinUrl": f"https://www.linkedin.com/in/{_slug(user.name)}",
            "status": True,
        },
        "mailboxes": [
            {
                "_id": user.mailbox_id,
                "email": user.email,
                "provider": "google",
                "status": "CONNECTED",
                "lemlist": {"emailLimit": 50},
                "lemwarm": {"active": False},
            }
        ],
    }
