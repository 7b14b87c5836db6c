"""The reading corpus (`tests/corpus/mail/`): real-shaped mail, the text a careful reader shows,
and the scorer that compares the renderer's visible text with it.

Word-level, order-free scoring: a reader cares that the right words are on screen, not how
html2text laid them out. `visible_text` is the one place that calls the renderer, so that the
renderer can change how it is called (for example, to pass the earlier messages) in one spot.
The layout of the corpus and the vocabularies below are documented in its README.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lemtui.lemlist.messages import looks_like_html
from lemtui.mail.render import RenderedBody, render_body

CORPUS_DIR = Path(__file__).resolve().parent.parent / "corpus" / "mail"
HELDOUT_DIR = CORPUS_DIR / "heldout"
"""The held-out part: one folder per batch, each with its own index.json, written blind by people
who never read the renderer. No rule is tuned on it; it is only scored."""
SPENT_FILE = "spent.json"
"""In `HELDOUT_DIR`: the batches (or, under `SPENT_MESSAGES`, the single messages) that have
been read to diagnose the renderer (spent), each with the reason. A spent batch or message
stays where it is but is scored with the tuned part: a figure measured on messages someone
tuned against is no held-out figure any more."""

RIGHT_RECALL = 0.95
"""A message is right when the visible text holds at least this share of the expected words..."""
RIGHT_PRECISION = 0.80
"""...and at least this share of what it shows is expected."""
LOST_NEW_RECALL = 0.80
"""A message is lost when less than this share of the lead's new words is visible."""

CLIENTS: dict[str, str] = {
    "gmail-web": "Gmail in a browser",
    "gmail-ios": "the Gmail app on iOS",
    "gmail-android": "the Gmail app on Android",
    "outlook-2003": "Outlook 2003 (Word 11 HTML, <hr> then a Tahoma header block)",
    "outlook-2010": "Outlook 2007-2013 (border-top:solid #B5C4DF header div)",
    "outlook-2016": "Outlook 2016-2019 (border-top:solid #E1E1E1 header div)",
    "outlook-365": "Outlook for Microsoft 365 desktop and the new Outlook (appendonsend)",
    "owa": "Outlook on the web for work accounts (divRplyFwdMsg)",
    "hotmail": "Hotmail and Outlook.com, old and new",
    "apple-mail": "Apple Mail on macOS",
    "ios-mail": "Mail on iPhone and iPad",
    "thunderbird": "Thunderbird (moz-cite-prefix, moz-signature, moz-forward-container)",
    "yahoo": "Yahoo Mail (yahoo_quoted, and the classic '--- On ... wrote:')",
    "yandex": "Yandex Mail (date-first attribution, bare blockquote)",
    "mailru": "Mail.ru (date 'от' name attribution, blue-bar blockquote)",
    "windows-mail": "Mail for Windows 10/11",
    "outlook-mac": "Outlook for Mac (Word-style HTML, border-top:solid #B5C4DF header div)",
    "outlook-ios": "Outlook for iOS and Android (ms-outlook-mobile-signature, divRplyFwdMsg)",
    "hcl-notes": "HCL (Lotus) Notes (font tags, a header table without colons, <tt> quotes)",
    "gmx": "GMX and WEB.DE web mail (div name=quote with a left border)",
    "zoho": "Zoho Mail (div.zmail_extra, '---- On ... wrote ---' attribution)",
    "front": "Front, the shared inbox app (div.front-blockquote)",
    "hubspot": "the HubSpot CRM inbox (sales email with HubSpot's open pixel)",
    "qq": "QQ Mail and Foxmail ('------------------ 原始邮件 ------------------')",
    "naver": "Naver Mail ('-----Original Message-----' with English labels)",
    "lemlist": "the lemlist campaign editor (what we send)",
    "plain-text": "a text/plain body ('>' quotes), from any client",
}

LANGUAGES: dict[str, str] = {
    "en": "English",
    "fr": "French",
    "de": "German",
    "es": "Spanish",
    "it": "Italian",
    "pt": "Portuguese",
    "nl": "Dutch",
    "pl": "Polish",
    "sv": "Swedish",
    "ru": "Russian",
    "ja": "Japanese",
    "zh": "Chinese",
    "ko": "Korean",
    "uk": "Ukrainian",
    "he": "Hebrew",
    "ar": "Arabic",
    "da": "Danish",
    "no": "Norwegian",
    "fi": "Finnish",
    "cs": "Czech",
    "sk": "Slovak",
    "hu": "Hungarian",
    "ro": "Romanian",
    "el": "Greek",
    "tr": "Turkish",
    "bg": "Bulgarian",
    "hr": "Croatian",
    "sr": "Serbian",
    "lt": "Lithuanian",
    "lv": "Latvian",
    "et": "Estonian",
    "vi": "Vietnamese",
    "id": "Indonesian",
    "ms": "Malay",
    "th": "Thai",
    "tl": "Tagalog",
    "hi": "Hindi",
    "bn": "Bengali",
    "ta": "Tamil",
    "ur": "Urdu",
    "fa": "Persian",
    "sw": "Swahili",
    "ca": "Catalan",
}

SHAPES: dict[str, str] = {
    "outbound": "a message we sent (campaign step or a sales person's reply): all of it shows",
    "reply": "new text above a trailing quoted history that folds",
    "bottom-post": "the new text comes after the quoted history (which stays visible)",
    "new-in-quote-container": "new words typed inside the client's quote container",
    "indent-blockquote": "a blockquote used for indentation, with no quoted history",
    "forward-with-comment": "a comment above a forward: the comment shows, the forward folds",
    "forward-only": "a forward with no comment: the forwarded message shows",
    "quote-only": "a reply with no new text: the quote shows",
    "interleaved": "answers written between quoted lines: the questions stay visible",
    "sentence-not-signature": "a sentence that looks like a mobile footer but is not one",
    "header-date-first": "a header block that starts with Date: or Sent: instead of From:",
    "from-date-one-line": "an attribution or header with From and Date on one line",
    "bold-header-plain": "a plain-text header block with *From:* in bold markers",
    "localized-header": "a From/Sent/To/Subject header block in another language",
    "outlook-header-block": "an Outlook From/Sent/To/Subject block with <b> labels",
    "hr-header-block": "an <hr> followed by a header block",
    "wrapped-attribution": "an 'On ... wrote:' attribution wrapped over two or three lines",
    "no-space-wrote": "an attribution with no space before 'wrote:' or its translation",
    "localized-attribution": "an 'On ... wrote:' attribution in another language",
    "yahoo-on-wrote": "Yahoo's classic '--- On ... wrote:' attribution",
    "date-first-attribution": "an attribution led by its date ('26.06.2014, 14:41, ...:')",
    "russian-pishet": "a Russian '... пишет:' or 'написал(а):' attribution",
    "russian-forward": "a Russian '-------- Пересылаемое сообщение --------' forward",
    "original-message-separator": "a '-----Original Message-----' style separator",
    "plain-quotes": "'>' quoted lines in a text body",
    "other-quote-prefix": "quoted lines marked 'Name>' (Supercite) or '|' instead of '>'",
    "unmarked-after-attribution": "an attribution over quoted text with no quote marks at all",
    "nested-history": "a history that quotes older history in turn",
    "history-unmarked": "history with no quote markup: only the conversation tells it apart",
    "repeats-earlier": "the history repeats an earlier message (markup stripped or re-wrapped)",
    "dash-signature": "a signature under the '-- ' delimiter",
    "lone-dashes": "a lone '--' line left above a signature",
    "quoted-signature-after": "the quoted sender's signature sits after the quote, outside it",
    "marked-signature": "a signature in the client's signature container (folds)",
    "signature-block": "a name/title/phone block with no delimiter or container (shows)",
    "mobile-footer": "a whole-line mobile footer ('Sent from my iPhone', translated)",
    "legal-footer": "a confidentiality or legal footer",
    "quote-marker-link-label": "a link whose label carries quote markers ('> > name@host')",
    "links-only-in-quote": "links that occur only inside the folded history",
    "image-alt": "an image whose alt text carries meaning (a heading drawn as an image)",
    "tracking-pixel": "a tracking pixel or an image with no meaningful alt",
    "list": "a bulleted or numbered list in the new text",
    "table": "a table in the new text",
}


class CorpusError(Exception):
    """The corpus index or its files are not what the README describes (one-line message)."""


@dataclass(frozen=True, slots=True)
class Entry:
    """One corpus message: its index entry and the text of its three files."""

    name: str
    file: str
    client: str
    language: str
    shapes: tuple[str, ...]
    conversation: str | None
    earlier: tuple[str, ...]
    notes: str
    body: str
    expected: str
    new: str


@dataclass(frozen=True, slots=True)
class Corpus:
    """Every message of the corpus, in index order, by name."""

    entries: tuple[Entry, ...]
    context: tuple[Entry, ...] = ()
    """Messages of the same batch that are not scored here but may be earlier messages of those
    that are (a held-out batch split from its spent messages). Never found by name."""

    def __getitem__(self, name: str) -> Entry:
        for entry in self.entries:
            if entry.name == name:
                return entry
        raise KeyError(name)

    def earlier(self, entry: Entry) -> list[Entry]:
        """The earlier messages of `entry`'s conversation, oldest first."""
        by_name = {e.name: e for e in self.context + self.entries}
        return [by_name[name] for name in entry.earlier]


def _field(item: dict[str, Any], key: str, kind: type, where: str) -> Any:
    value = item.get(key)
    if not isinstance(value, kind):
        raise CorpusError(f"{where}: '{key}' must be a {kind.__name__}")
    return value


def _read(directory: Path, file: str, where: str) -> str:
    path = directory / file
    if not path.is_file():
        raise CorpusError(f"{where}: missing file {file}")
    return path.read_text("utf-8")


def _entry(directory: Path, item: Any, position: int) -> Entry:
    where = f"index.json entry {position}"
    if not isinstance(item, dict):
        raise CorpusError(f"{where}: not an object")
    name = _field(item, "name", str, where)
    where = f"index.json entry {name!r}"
    file = _field(item, "file", str, where)
    if file not in (f"{name}.html", f"{name}.txt"):
        raise CorpusError(f"{where}: file must be {name}.html or {name}.txt")
    conversation = item.get("conversation")
    if conversation is not None and not isinstance(conversation, str):
        raise CorpusError(f"{where}: 'conversation' must be a string or null")
    shapes = _field(item, "shapes", list, where)
    earlier = _field(item, "earlier", list, where)
    if not all(isinstance(s, str) for s in shapes + earlier):
        raise CorpusError(f"{where}: 'shapes' and 'earlier' must list strings")
    return Entry(
        name=name,
        file=file,
        client=_field(item, "client", str, where),
        language=_field(item, "language", str, where),
        shapes=tuple(shapes),
        conversation=conversation,
        earlier=tuple(earlier),
        notes=_field(item, "notes", str, where),
        body=_read(directory, file, where),
        expected=_read(directory, f"{name}.expected.txt", where),
        new=_read(directory, f"{name}.new.txt", where),
    )


def load(directory: Path = CORPUS_DIR) -> Corpus:
    """Reads `index.json` and every file it names; raises `CorpusError` on a malformed index."""
    try:
        items = json.loads((directory / "index.json").read_text("utf-8"))
    except (OSError, ValueError) as error:
        raise CorpusError(f"cannot read {directory / 'index.json'}: {error}") from None
    if not isinstance(items, list):
        raise CorpusError(f"{directory / 'index.json'} must be a list of entries")
    return Corpus(tuple(_entry(directory, item, i) for i, item in enumerate(items)))


SPENT_MESSAGES = "messages"
"""The key of `SPENT_FILE` that spends single messages, not whole batches: a map from a held-out
message's name to why it was spent (no batch may bear this name)."""


def _read_spent(directory: Path) -> tuple[dict[str, str], dict[str, str]]:
    path = directory / SPENT_FILE
    if not path.is_file():
        return {}, {}
    try:
        spent = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError) as error:
        raise CorpusError(f"cannot read {path}: {error}") from None
    messages = spent.pop(SPENT_MESSAGES, {}) if isinstance(spent, dict) else None
    batches, singles = _reasons(spent), _reasons(messages)
    if batches is None or singles is None:
        raise CorpusError(
            f"{path} must map each spent batch's folder name to a reason, and "
            f"'{SPENT_MESSAGES}' each spent message's name to a reason"
        )
    for name in batches:
        if not (directory / name / "index.json").is_file():
            raise CorpusError(f"{path}: no batch {name!r} (no {name}/index.json)")
    return batches, singles


def _reasons(value: object) -> dict[str, str] | None:
    """`value` as a map from names to reasons, or None unless it is one (no empty reason)."""
    if not isinstance(value, dict):
        return None
    out = {k: v for k, v in value.items() if isinstance(k, str) and isinstance(v, str)}
    return out if len(out) == len(value) and all(v.strip() for v in out.values()) else None


def spent_batches(directory: Path = HELDOUT_DIR) -> dict[str, str]:
    """The spent batches named in `directory`/spent.json, each with why it was spent; {} if
    there is no such file. Raises `CorpusError` unless it maps folder names to reasons."""
    return _read_spent(directory)[0]


def spent_messages(directory: Path = HELDOUT_DIR) -> dict[str, str]:
    """The single held-out messages spent in `directory`/spent.json (its `SPENT_MESSAGES` map),
    each with why it was spent; {} if none. Their batches stay held out without them."""
    return _read_spent(directory)[1]


def _batches(directory: Path) -> dict[str, Path]:
    if not directory.is_dir():
        return {}
    indexes = sorted(directory.glob("*/index.json"))
    if (directory / "index.json").is_file():  # one batch written straight into heldout/
        indexes.insert(0, directory / "index.json")
    return {index.parent.name: index.parent for index in indexes}


def _split_spent(directory: Path) -> tuple[dict[str, Corpus], dict[str, Corpus]]:
    """The held-out part split in two: (held out, spent), each by batch, in name order. A batch
    with spent messages appears in both: the spent ones are scored apart, under the key
    "BATCH (messages)", and each side keeps the other's messages as context (`earlier`)."""
    batches, messages = _read_spent(directory)
    held: dict[str, Corpus] = {}
    spent: dict[str, Corpus] = {}
    found: set[str] = set()
    for name, path in _batches(directory).items():
        corpus = load(path)
        if name in batches:
            spent[name] = corpus
            continue
        picked = tuple(e for e in corpus.entries if e.name in messages)
        if picked:
            found.update(e.name for e in picked)
            rest = tuple(e for e in corpus.entries if e.name not in messages)
            spent[f"{name} ({SPENT_MESSAGES})"] = Corpus(picked, context=rest)
            corpus = Corpus(rest, context=picked)
        held[name] = corpus
    for name in messages:
        if name not in found:
            raise CorpusError(
                f"{directory / SPENT_FILE}: no held-out message {name!r} in an unspent batch"
            )
    return held, spent


def load_heldout(directory: Path = HELDOUT_DIR) -> dict[str, Corpus]:
    """Every held-out batch (`heldout/*/index.json`) that is not spent, without its spent
    messages, by folder name, in name order; {} if none.

    Each batch is a corpus of its own (its `earlier` names point inside it). Its vocabularies
    are not checked against the tuned corpus's: the scorer only needs the files.
    """
    return _split_spent(directory)[0]


def load_spent(directory: Path = HELDOUT_DIR) -> dict[str, Corpus]:
    """The spent held-out batches (`spent_batches`) by folder name, and the spent single
    messages (`spent_messages`) of each other batch under "BATCH (messages)", in name order:
    scored with the tuned part."""
    return _split_spent(directory)[1]


_WORD_RE = re.compile(r"[^\W_]+")


def words(text: str) -> list[str]:
    """The lower-cased Unicode word tokens of `text` (letters and digits; punctuation, symbols
    and emoji are not words), NFC-normalised so that composed and decomposed accents agree."""
    return _WORD_RE.findall(unicodedata.normalize("NFC", text).lower())


@dataclass(frozen=True, slots=True)
class Score:
    """How a visible text compares with the expected one, word by word (multisets)."""

    recall: float
    """Share of the expected words that are visible."""
    precision: float
    """Share of the visible words that are expected."""
    new_recall: float
    """Share of the lead's new words that are visible."""

    @property
    def right(self) -> bool:
        """Shows nearly all it should and little else."""
        return self.recall >= RIGHT_RECALL and self.precision >= RIGHT_PRECISION

    @property
    def lost(self) -> bool:
        """Hides the lead's own words: the worst failure a mail reader can have."""
        return self.new_recall < LOST_NEW_RECALL

    @property
    def verdict(self) -> str:
        """One word for a table: lost wins, then right, then how it misses."""
        if self.lost:
            return "lost"
        if self.right:
            return "right"
        under, over = self.recall < RIGHT_RECALL, self.precision < RIGHT_PRECISION
        if under and over:
            return "mixed"
        return "under-shown" if under else "over-shown"


def _share(part: Counter[str], whole: Counter[str]) -> float:
    """Share of `whole`'s words (with their counts) that `part` also holds; 1.0 for nothing."""
    total = sum(whole.values())
    if not total:
        return 1.0
    return sum(min(count, part[word]) for word, count in whole.items()) / total


def score(visible: str, expected: str, new: str) -> Score:
    """Scores a visible text against the expected text and the lead's new words."""
    shown = Counter(words(visible))
    return Score(
        recall=_share(shown, Counter(words(expected))),
        precision=_share(Counter(words(expected)), shown),
        new_recall=_share(shown, Counter(words(new))),
    )


_LINK_MARK_RE = re.compile(r" ?\[\d+\]")


def visible_text(entry: Entry, corpus: Corpus) -> str:
    """What the reader shows of `entry` before anything is unfolded: the renderer's blocks that
    are not folded, without fold lines, the links list, notes or the ``[N]`` link numbers.

    The renderer is given the conversation's earlier messages, newest first, as the detail
    pane gives them.
    The body is classified as HTML exactly as the app does (`looks_like_html`).
    """
    rendered = _render(entry, corpus)
    text = "\n\n".join(block.text for block in rendered.blocks if not block.folded)
    return _LINK_MARK_RE.sub("", text)


def score_entry(entry: Entry, corpus: Corpus) -> Score:
    """Renders `entry` and scores what a reader would see."""
    return score(visible_text(entry, corpus), entry.expected, entry.new)


def _render(entry: Entry, corpus: Corpus) -> RenderedBody:
    history = [earlier.body for earlier in reversed(corpus.earlier(entry))]
    return render_body(entry.body, is_html=looks_like_html(entry.body), history=history)


def script_text(entry: Entry, corpus: Corpus) -> str:
    """What a script gets of `entry`: the body as `--print --quotes strip` writes it (the
    `text`, `forward` and `whole-quote` blocks of `renderedBlocks`), without link numbers."""
    return _LINK_MARK_RE.sub("", _render(entry, corpus).text_for("strip"))


@dataclass(frozen=True, slots=True)
class ScriptScore:
    """How much of the lead's new words a script gets (`script_text`), and whether it got any."""

    new_recall: float
    """Share of the lead's new words in the script's text."""
    empty: bool
    """The script got no word at all from a message whose new text has words."""

    @property
    def right(self) -> bool:
        """Nearly all the new words, and not nothing."""
        return self.new_recall >= RIGHT_RECALL and not self.empty

    @property
    def lost(self) -> bool:
        """The script misses the lead's words."""
        return self.new_recall < LOST_NEW_RECALL or self.empty

    @property
    def verdict(self) -> str:
        """One word for a table."""
        return "lost" if self.lost else "right" if self.right else "short"


def score_script(entry: Entry, corpus: Corpus) -> ScriptScore:
    """Renders `entry` and scores what `--quotes strip` gives a script against its new text."""
    got = Counter(words(script_text(entry, corpus)))
    new = Counter(words(entry.new))
    return ScriptScore(new_recall=_share(got, new), empty=bool(new) and not got)
