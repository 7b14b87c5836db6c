"""Links: which hrefs may become links, how they are numbered, and when a link looks like a trap.

Only http(s) and mailto survive (`clean_url`); a mailto keeps only harmless fields. Every link
is numbered once per (URL, warning) in order of appearance (`LinkTable`), so a number means the
same thing folded or unfolded, and a warning says when the text shows another host than the
one the link goes to.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from lemtui.mail.render._stand_ins import unplace
from lemtui.text import clean_line

__all__ = [
    "MAX_LINK_TEXT",
    "MAX_URL_CHARS",
    "Link",
    "LinkTable",
    "OpenLink",
    "bare_urls",
    "clean_url",
    "enclosed",
    "link_plain_text",
]

MAX_URL_CHARS = 8_192
MAX_LINK_TEXT = 200


@dataclass(frozen=True, slots=True)
class Link:
    """A link shown as ``[number]`` in the text; `url` is always http(s) or mailto."""

    number: int
    url: str
    text: str
    warning: str


_ALLOWED_SCHEME_RE = re.compile(r"(https?|mailto):", re.IGNORECASE)
_URL_EDGES = "".join(map(chr, range(0x21))) + "\x7f"
_URL_DROP_RE = re.compile(r"[\t\n\r]+")
_TEXT_HOST_RE = re.compile(
    r"(?:([a-z][a-z0-9+.-]{0,20}):(?://)?)?"  # scheme
    r"(?:[^\s/@:]{1,64}(?::[^\s/@]{0,64})?@)?"  # user[:pass]@ (an email address's local part)
    r"((?:[\w-]{1,63}\.){1,10}(?:[^\W\d_]{2,63}|xn--[a-z0-9-]{1,59}))\.?"
    r"(?::\d{1,5})?(?:[/?#]\S*)?",
    re.IGNORECASE,
)
_FILE_EXTENSIONS = frozenset(
    [
        "pdf",
        "doc",
        "docx",
        "xls",
        "xlsx",
        "ppt",
        "pptx",
        "odt",
        "ods",
        "jpg",
        "jpeg",
        "png",
        "gif",
        "webp",
        "svg",
        "txt",
        "csv",
        "htm",
        "html",
        "php",
        "aspx",
        "exe",
        "mp3",
        "mp4",
        "mov",
        "avi",
        "zip",
        "rar",
        "ics",
        "vcf",
        "eml",
        "msg",
    ]
)


# "scheme://host[:port]" with a plain host, no user part: its host without urlsplit (~10 µs).
_PLAIN_HOST_RE = re.compile(r"https?://([a-z0-9.-]+)(?::\d*)?(?:[/?#]|$)", re.IGNORECASE)


def _hostname(url: str) -> tuple[str, bool]:
    """urlsplit(url).hostname (lowercased, "" if none) and whether a user@ part hides it."""
    plain = _PLAIN_HOST_RE.match(url)
    if plain is not None:
        return plain.group(1).lower(), False
    parts = urlsplit(url)
    return (parts.hostname or "").lower(), "@" in parts.netloc


def clean_url(raw: str) -> str | None:
    """The href as a safe http(s)/mailto URL, or None when it must stay text only."""
    url = raw.strip(_URL_EDGES)
    if "\t" in url or "\n" in url or "\r" in url:
        url = _URL_DROP_RE.sub("", url)  # as browsers do: "java\tscript:" too
    match = _ALLOWED_SCHEME_RE.match(url)
    if match is None or len(url) > MAX_URL_CHARS:
        return None
    url = clean_line(url).replace(" ", "%20")
    scheme = match.group(1).lower()
    url = scheme + url[len(scheme) :]
    if scheme == "mailto":
        return _safe_mailto(url)
    if scheme not in ("http", "https"):
        return None
    # Browsers read a backslash as "/" in http(s) URLs (WHATWG), so "http://evil.test" + "\\" +
    # ".good.test/" goes to evil.test: the URL is shown and checked as the browser reads it.
    url = url.replace("\\", "/")
    try:
        host = _hostname(url)[0]
    except ValueError:
        return None
    return url if host else None


_MAILTO_KEEP = frozenset({"subject", "body", "cc"})


def _safe_mailto(url: str) -> str | None:
    """A mailto link with only the harmless fields (subject, body, cc) of its query.

    Anything else (`attach=/etc/passwd`, `bcc`, …) could make a mail client attach a local file
    or copy someone in when the link is opened.
    """
    address, _, query = url[len("mailto:") :].partition("?")
    if not address and not query:
        return None
    kept = [
        field
        for field in query.split("&")
        if field and field.split("=", 1)[0].lower() in _MAILTO_KEEP
    ]
    return "mailto:" + address + ("?" + "&".join(kept) if kept else "")


def _ascii_host(host: str) -> str:
    host = host.lower().rstrip(".")
    if host.isascii():
        return host  # what the idna codec gives an ASCII name, or on error
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError:
        return host


def _same_site(a: str, b: str) -> bool:
    a, b = a.removeprefix("www."), b.removeprefix("www.")
    return a == b or a.endswith("." + b) or b.endswith("." + a)


def _href_host(url: str) -> tuple[str, bool]:
    """The host the URL really goes to, and whether it hides a user@ part before it."""
    if url.startswith("mailto:"):
        address = url[len("mailto:") :].split("?", 1)[0].split(",", 1)[0]
        return address.rpartition("@")[2].lower(), False
    try:
        return _hostname(url)
    except ValueError:
        return "", False


def _link_warning(text: str, url: str) -> str:
    """Why this link may be a trap: its text shows another host, or its host is deceptive."""
    host, has_userinfo = _href_host(url)
    if not host:
        return ""
    real = _ascii_host(host)
    shown = _TEXT_HOST_RE.fullmatch(text.strip().rstrip(".,;:!?)").lstrip("(<")[:300])
    if shown is not None:
        shown_host = shown.group(2)
        is_file_name = shown.group(1) is None and "@" not in shown.group(0)
        tld = shown_host.rsplit(".", 1)[-1].lower()
        if not (is_file_name and tld in _FILE_EXTENSIONS) and not _same_site(
            _ascii_host(shown_host), real
        ):
            return f"link text shows {shown_host.lower()} but it goes to {host}"
    if has_userinfo:
        return f"link hides its real host behind a user name: it goes to {host}"
    if real != host or any(label.startswith("xn--") for label in real.split(".")):
        return f"link goes to {real}, an international name that may imitate another"
    return ""


@dataclass(slots=True)
class OpenLink:
    url: str
    start: int
    alt: str = ""


_QUOTE_MARKS_RE = re.compile(r"(?:^|\n)[ \t]*(?:>[ \t]?)+")


@dataclass(slots=True)
class LinkTable:
    """Numbers links in order of appearance; one number per (URL, warning)."""

    links: list[Link] = field(default_factory=list)
    numbers: dict[tuple[str, str], int] = field(default_factory=dict)

    def number(self, link: OpenLink, raw: str) -> tuple[str, int | None, bool]:
        """The link's shown text, its number (None: shown as itself), whether alt was used."""
        if ">" in raw:  # a label over quoted lines carries their "> " marks: not part of it
            raw = _QUOTE_MARKS_RE.sub(" ", raw)
        text = clean_line(raw)
        alt_shown = False
        if not text and link.alt:
            text, alt_shown = clean_line(link.alt), True
        if len(text) > MAX_LINK_TEXT:
            text = text[: MAX_LINK_TEXT - 1] + "…"
        if link.url.startswith("mailto:") and text and link.url[7:].split("?")[0] == text:
            return text, None, alt_shown  # an address shown as itself: "<a@b.c>" stays clean
        warning = clean_line(_link_warning(text, link.url))
        key = (link.url, warning)
        number = self.numbers.get(key)
        if number is None:
            number = self.numbers[key] = len(self.links) + 1
            self.links.append(Link(number, link.url, text, warning))
        return text, number, alt_shown

    def close(
        self, open_links: list[OpenLink], written: list[str]
    ) -> tuple[str, int | None, bool] | None:
        """Closes the innermost open link, whose text is all of `written` since it opened, and
        numbers it (as `number` says); None when no link is open (a stray "</a>")."""
        if not open_links:
            return None
        link = open_links.pop()
        return self.number(link, unplace("".join(written[link.start :])))


# A URL written as text: a scheme or "www.", then no space, quote or angle bracket (nor a
# private-use stand-in or style mark). Its trailing punctuation is the sentence's.
_BARE_URL_RE = re.compile(  # lower case: a literal start lets sre skip ahead (4x faster)
    rf"(?:https?://|www\.)[^\s<>\"'`\x00-\x1f\x7f-\x9f\ue000-\ue0ff]{{1,{MAX_URL_CHARS}}}"
)
_URL_TAIL = ".,;:!?'\")]}>*"


def bare_urls(text: str) -> list[tuple[int, int, str]]:
    """The URLs written as text in `text`: (start, end, the safe href) each ("www." gets
    "http://"); one that `clean_url` refuses stays text."""
    found: list[tuple[int, int, str]] = []
    for m in _BARE_URL_RE.finditer(text):
        if m.start() and (text[m.start() - 1].isalnum() or text[m.start() - 1] == "_"):
            continue  # inside a word ("xhttps://"), as "\b" would say
        url = m.group()
        while url and url[-1] in _URL_TAIL:
            if url[-1] == ")" and url.count("(") >= url.count(")"):
                break  # "https://en.test/wiki/Mail_(protocol)"
            url = url[:-1]
        if len(url) <= len("www.") or url.lower() in ("http://", "https://"):
            continue
        href = clean_url(url if "://" in url[:8] else "http://" + url)
        if href is not None:
            found.append((m.start(), m.start() + len(url), href))
    return found


_PAIRS = {"<": ">", "(": ")"}


def enclosed(text: str, start: int, end: int) -> tuple[int, int]:
    """The span of a URL with the brackets around it, when it stands alone inside a pair
    ("<https://a.test>", Markdown's "[here](https://a.test)"): its number goes after them."""
    if start and text[start - 1] in _PAIRS and text[end : end + 1] == _PAIRS[text[start - 1]]:
        return start - 1, end + 1
    return start, end


def link_plain_text(text: str) -> tuple[str, list[Link]]:
    """A plain body with each URL written in it numbered like a link: "https://a.test [1]"."""
    if "://" not in text and "www." not in text:
        return text, []
    table = LinkTable()
    parts: list[str] = []
    pos = 0
    for start, end, href in bare_urls(text):
        _, number, _ = table.number(OpenLink(href, 0), text[start:end])
        end = enclosed(text, start, end)[1]
        parts.append(text[pos:end] + (f" [{number}]" if number is not None else ""))
        pos = end
    parts.append(text[pos:])
    return "".join(parts), table.links
