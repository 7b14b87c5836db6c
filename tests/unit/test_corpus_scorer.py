"""The reading corpus scorer (tests/support/corpus.py) and `scripts/corpus.py --check`.

These test the measuring stick, not the renderer: no test here asks the renderer to reach the
corpus targets.
"""

from __future__ import annotations

import html
import importlib.util
import json
from collections import Counter
from pathlib import Path
from types import ModuleType

import pytest

from lemtui.lemlist.messages import looks_like_html
from tests.support import corpus
from tests.support.corpus import Corpus, CorpusError, Entry, Score, load, score, words

ROOT = Path(__file__).resolve().parent.parent.parent


def test_words_are_lower_cased_unicode_words() -> None:
    assert words("Bonjour, l'équipe ! RDV à 14h—OK?") == [
        "bonjour",
        "l",
        "équipe",
        "rdv",
        "à",
        "14h",
        "ok",
    ]
    assert words("Отправлено с iPhone") == ["отправлено", "с", "iphone"]
    assert words("Wójcik napisał(a):") == ["wójcik", "napisał", "a"]


def test_words_skip_punctuation_symbols_emoji_and_underscores() -> None:
    assert words("📅 > > a_b -- → c… [1]") == ["a", "b", "c", "1"]
    assert words("") == []


def test_words_treat_composed_and_decomposed_accents_alike() -> None:
    assert words("Cafe\u0301") == words("Café") == ["café"]


def test_recall_and_precision_count_words_as_a_multiset() -> None:
    s = score(visible="yes yes no", expected="yes no no maybe", new="")
    assert s.recall == pytest.approx(2 / 4)  # one "yes" and one "no" of four expected words
    assert s.precision == pytest.approx(2 / 3)  # the second "yes" is not expected
    assert score("thanks", "Thanks thanks", "").recall == pytest.approx(0.5)


def test_new_recall_is_the_share_of_new_words_shown() -> None:
    s = score(
        visible="see you thursday", expected="see you thursday best anna", new="Thursday, Anna"
    )
    assert s.new_recall == pytest.approx(0.5)
    assert s.recall == pytest.approx(3 / 5)
    assert s.precision == 1.0


def test_empty_texts_score_as_nothing_missing() -> None:
    assert score("", "", "") == Score(1.0, 1.0, 1.0)
    assert score("", "hello", "hello") == Score(recall=0.0, precision=1.0, new_recall=0.0)
    assert score("hello", "", "") == Score(recall=1.0, precision=0.0, new_recall=1.0)


@pytest.mark.parametrize(
    ("recall", "precision", "new_recall", "right", "lost", "verdict"),
    [
        (0.95, 0.80, 0.80, True, False, "right"),
        (1.0, 1.0, 1.0, True, False, "right"),
        (0.9499, 0.90, 1.0, False, False, "under-shown"),
        (1.0, 0.7999, 1.0, False, False, "over-shown"),
        (0.5, 0.5, 1.0, False, False, "mixed"),
        (1.0, 1.0, 0.7999, True, True, "lost"),
        (0.2, 1.0, 0.0, False, True, "lost"),
    ],
)
def test_verdict_thresholds(
    recall: float, precision: float, new_recall: float, right: bool, lost: bool, verdict: str
) -> None:
    s = Score(recall, precision, new_recall)
    assert (s.right, s.lost, s.verdict) == (right, lost, verdict)


def _entry(name: str, body: str, expected: str, new: str = "") -> Entry:
    return Entry(
        name, f"{name}.txt", "plain-text", "en", ("reply",), None, (), "", body, expected, new
    )


def test_visible_text_shows_text_blocks_without_fold_lines_or_link_numbers() -> None:
    body = (
        '<p>See <a href="https://deck.test/q2">the deck</a>, thanks.</p>'
        "<p>On Mon, Mar 3, 2025 at 9:00 AM Ann &lt;ann@x.test&gt; wrote:</p>"
        "<blockquote><p>Old words here, folded away.</p><p>More old words.</p></blockquote>"
    )
    entry = _entry("m", body, "")
    visible = corpus.visible_text(entry, Corpus((entry,)))
    assert words(visible) == ["see", "the", "deck", "thanks"]
    assert "[1]" not in visible
    assert "quoted" not in visible


def _write_corpus(directory: Path, entries: list[dict[str, object]], files: dict[str, str]) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "index.json").write_text(json.dumps(entries), "utf-8")
    for name, text in files.items():
        (directory / name).write_text(text, "utf-8")


def _index_entry(name: str, **changes: object) -> dict[str, object]:
    entry: dict[str, object] = {
        "name": name,
        "file": f"{name}.txt",
        "client": "plain-text",
        "language": "en",
        "shapes": ["reply"],
        "conversation": None,
        "earlier": [],
        "notes": "",
    }
    entry.update(changes)
    return entry


def _files(name: str, body: str, expected: str, new: str = "") -> dict[str, str]:
    return {f"{name}.txt": body, f"{name}.expected.txt": expected, f"{name}.new.txt": new}


def test_load_reads_the_index_and_the_three_files(tmp_path: Path) -> None:
    _write_corpus(
        tmp_path,
        [_index_entry("a", conversation="t"), _index_entry("b", conversation="t", earlier=["a"])],
        {**_files("a", "Hi", "Hi", "Hi"), **_files("b", "Yes", "Yes", "Yes")},
    )
    loaded = load(tmp_path)
    assert [e.name for e in loaded.entries] == ["a", "b"]
    assert loaded["b"].expected == "Yes"
    assert loaded.earlier(loaded["b"]) == [loaded["a"]]


@pytest.mark.parametrize(
    ("entries", "files", "message"),
    [
        ({"not": "a list"}, {}, "index.json must be a list"),
        ([_index_entry("a")], {"a.txt": "x", "a.expected.txt": "x"}, "missing file a.new.txt"),
        ([_index_entry("a", file="b.txt")], _files("a", "x", "x"), "file must be a.html or a.txt"),
        ([_index_entry("a", shapes="reply")], _files("a", "x", "x"), "'shapes' must be a list"),
        ([_index_entry("a", conversation=3)], _files("a", "x", "x"), "'conversation' must be"),
    ],
)
def test_load_reports_a_malformed_index_in_one_line(
    tmp_path: Path, entries: object, files: dict[str, str], message: str
) -> None:
    (tmp_path / "index.json").write_text(json.dumps(entries), "utf-8")
    for name, text in files.items():
        (tmp_path / name).write_text(text, "utf-8")
    with pytest.raises(CorpusError, match=message) as caught:
        load(tmp_path)
    assert "\n" not in str(caught.value)


def test_load_reports_an_unreadable_index(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match="cannot read"):
        load(tmp_path)
    (tmp_path / "index.json").write_text("{broken", "utf-8")
    with pytest.raises(CorpusError, match="cannot read"):
        load(tmp_path)


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("corpus_script", ROOT / "scripts" / "corpus.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


BODY = (
    "Thursday at ten works for me, and my colleague Ben from finance will join us on the call, "
    "too.\n\nAnna"
)


def _run_check(
    tmp_path: Path, expected: str, new: str, monkeypatch: pytest.MonkeyPatch
) -> tuple[int, str]:
    body = BODY
    _write_corpus(tmp_path, [_index_entry("m")], _files("m", body, expected, new))
    script = _script()
    monkeypatch.setattr(script, "load", lambda: load(tmp_path))
    monkeypatch.setattr(script, "load_heldout", lambda: corpus.load_heldout(tmp_path / "heldout"))
    monkeypatch.setattr(script, "load_spent", lambda: corpus.load_spent(tmp_path / "heldout"))
    return script.main(["--check"]), body


def test_check_passes_when_every_message_is_right_and_none_lost(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    status, _ = _run_check(tmp_path, BODY, "Thursday", monkeypatch)
    assert status == 0
    out = capsys.readouterr().out
    assert "right 1 (100.0 %), lost 0" in out
    assert "tuned 1: reader right 1 (100.0 %), lost 0; script right 1 (100.0 %), lost 0" in out
    assert "held-out: none" in out


def _heldout(tmp_path: Path, batch: str, expected: str, new: str) -> None:
    _write_corpus(
        tmp_path / "heldout" / batch, [_index_entry("h")], _files("h", BODY, expected, new)
    )


def test_check_reads_every_held_out_batch_and_reports_both_figures(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _heldout(tmp_path, "a", BODY, "Thursday")
    _heldout(tmp_path, "b", BODY, "Anna")
    status, _ = _run_check(tmp_path, BODY, "Thursday", monkeypatch)
    out = capsys.readouterr().out
    assert status == 0, out
    assert "held-out a 1: reader right 1" in out and "held-out b 1: reader right 1" in out
    assert "held-out 2: reader right 2 (100.0 %), lost 0; script right 2 (100.0 %), lost 0" in out


def test_check_fails_when_a_script_loses_new_words_on_the_held_out_part(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # The reader shows it all (right), but the new word is in a signature a script never gets.
    body = "Thursday works.\n\n-- \nAnna Berg\nAcme"
    entry = _index_entry("h")
    _write_corpus(tmp_path / "heldout" / "a", [entry], _files("h", body, body, "Acme"))
    status, _ = _run_check(tmp_path, BODY, "Thursday", monkeypatch)
    out = capsys.readouterr().out
    assert status == 1
    assert "held-out 1: reader right 0 (0.0 %), lost 1; script right 0 (0.0 %), lost 1" in out
    assert "not right: h" not in out  # a held-out message is never named


def _spend(tmp_path: Path, batches: dict[str, object]) -> None:
    (tmp_path / "heldout" / "spent.json").write_text(json.dumps(batches), "utf-8")


def test_a_spent_batch_is_scored_with_the_tuned_part_and_not_as_held_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # Batch "a" loses its new word (a script never gets a signature): as held out it fails the
    # check; spent, it counts with the tuned part, whose target is the reader's alone.
    body = "Thursday works.\n\n-- \nAnna Berg\nAcme"
    _write_corpus(tmp_path / "heldout" / "a", [_index_entry("h")], _files("h", body, body, "Acme"))
    _heldout(tmp_path, "b", BODY, "Thursday")
    _spend(tmp_path, {"a": "read to diagnose the renderer"})
    status, _ = _run_check(tmp_path, BODY, "Thursday", monkeypatch)
    out = capsys.readouterr().out
    assert "spent a 1: reader right 0 (0.0 %), lost 1" in out
    assert "tuned incl. spent (a) 2: reader right 1 (50.0 %), lost 1" in out
    assert "held-out b 1: reader right 1" in out and "held-out a" not in out
    assert "held-out 1: reader right 1 (100.0 %), lost 0" in out
    assert status == 1  # the tuned part now holds a lost message
    _spend(tmp_path, {"a": "spent", "b": "spent"})
    assert corpus.load_heldout(tmp_path / "heldout") == {}
    assert list(corpus.load_spent(tmp_path / "heldout")) == ["a", "b"]
    _run_check(tmp_path, BODY, "Thursday", monkeypatch)
    assert "held-out: none" in capsys.readouterr().out


LOST_BODY = "Thursday works.\n\n-- \nAnna Berg\nAcme"  # a script never gets "Acme"


def _batch_with_a_lost_message(tmp_path: Path) -> None:
    """Batch "a": "h" loses its new word for scripts, "g" (a later message of h's
    conversation, which the renderer is given) is right."""
    entries = [
        _index_entry("h", conversation="c"),
        _index_entry("g", conversation="c", earlier=["h"]),
    ]
    files = _files("h", LOST_BODY, LOST_BODY, "Acme") | _files("g", BODY, BODY, "Thursday")
    _write_corpus(tmp_path / "heldout" / "a", entries, files)


def test_a_spent_message_counts_with_the_tuned_part_and_leaves_its_batch_held_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _batch_with_a_lost_message(tmp_path)
    status, _ = _run_check(tmp_path, BODY, "Thursday", monkeypatch)
    assert status == 1 and "held-out 2: " in capsys.readouterr().out
    _spend(tmp_path, {"messages": {"h": "opened to find why it was lost"}})
    status, _ = _run_check(tmp_path, BODY, "Thursday", monkeypatch)
    out = capsys.readouterr().out
    assert "spent a (messages) 1: reader right 0 (0.0 %), lost 1" in out
    assert "tuned incl. spent (a (messages)) 2: reader right 1 (50.0 %), lost 1" in out
    assert "held-out a 1: reader right 1" in out
    assert "held-out 1: reader right 1 (100.0 %), lost 0; script right 1" in out
    assert status == 1  # the tuned part now holds a lost message
    held = corpus.load_heldout(tmp_path / "heldout")["a"]
    assert [e.name for e in held.entries] == ["g"]
    assert held.earlier(held["g"])[0].name == "h"  # still the conversation's earlier message
    assert corpus.spent_messages(tmp_path / "heldout") == {"h": "opened to find why it was lost"}


@pytest.mark.parametrize(
    ("spent", "message"),
    [
        ('{"messages": ["h"]}', "must map"),
        ('{"messages": {"h": " "}}', "must map"),
        ('{"messages": {"zz": "why"}}', "no held-out message 'zz'"),
        ('{"a": "why", "messages": {"h": "why"}}', "no held-out message 'h'"),
    ],
)
def test_a_malformed_spent_message_is_reported(tmp_path: Path, spent: str, message: str) -> None:
    _batch_with_a_lost_message(tmp_path)
    (tmp_path / "heldout" / "spent.json").write_text(spent, "utf-8")
    with pytest.raises(CorpusError, match=message):
        corpus.load_spent(tmp_path / "heldout")


def test_script_show_finds_a_spent_message_but_not_the_rest_of_its_batch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _write_corpus(tmp_path, [_index_entry("m")], _files("m", BODY, BODY, "Thursday"))
    _batch_with_a_lost_message(tmp_path)
    _spend(tmp_path, {"messages": {"h": "spent"}})
    script = _script()
    monkeypatch.setattr(script, "load", lambda: load(tmp_path))
    monkeypatch.setattr(script, "load_spent", lambda: corpus.load_spent(tmp_path / "heldout"))
    assert script.main(["--show", "g"]) == 2  # its batch-mate stays held out
    assert script.main(["--show", "h"]) == 0
    assert "--- h (" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("spent", "message"),
    [
        ("[1]", "must map"),
        ('{"a": ""}', "must map"),
        ('{"zz": "why"}', "no batch 'zz'"),
        ("{broken", "cannot read"),
    ],
)
def test_a_malformed_spent_list_is_reported(tmp_path: Path, spent: str, message: str) -> None:
    _heldout(tmp_path, "a", BODY, "Thursday")
    (tmp_path / "heldout" / "spent.json").write_text(spent, "utf-8")
    with pytest.raises(CorpusError, match=message):
        corpus.load_heldout(tmp_path / "heldout")


def test_script_show_finds_a_spent_message_but_never_an_unspent_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _write_corpus(tmp_path, [_index_entry("m")], _files("m", BODY, BODY, "Thursday"))
    _heldout(tmp_path, "a", BODY, "Thursday")
    script = _script()
    monkeypatch.setattr(script, "load", lambda: load(tmp_path))
    monkeypatch.setattr(script, "load_spent", lambda: corpus.load_spent(tmp_path / "heldout"))
    assert script.main(["--show", "h"]) == 2  # held out: not shown
    _spend(tmp_path, {"a": "spent"})
    assert script.main(["--show", "h"]) == 0
    assert "--- h (" in capsys.readouterr().out


def test_the_corpus_readme_names_every_spent_batch_and_message() -> None:
    readme = (corpus.CORPUS_DIR / "README.md").read_text("utf-8")
    for batch in corpus.spent_batches():
        assert f"`heldout/{batch}`" in readme
    for name in corpus.spent_messages():
        assert f"`{name}`" in readme


def test_a_script_that_gets_nothing_is_lost() -> None:
    assert corpus.ScriptScore(new_recall=1.0, empty=True).lost
    assert corpus.ScriptScore(new_recall=0.9, empty=False).verdict == "short"
    assert corpus.ScriptScore(new_recall=0.95, empty=False).right


def test_check_fails_when_a_message_is_not_right(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    expected = BODY + " and these words the reader never shows"
    status, _ = _run_check(tmp_path, expected, "Thursday", monkeypatch)
    assert status == 1
    assert "right 0 (0.0 %), lost 0" in capsys.readouterr().out


def test_check_fails_when_new_words_are_lost(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # Right by the thresholds (20 of 21 expected words shown), yet the one new word is hidden.
    status, _ = _run_check(tmp_path, BODY + " Friday", "Friday", monkeypatch)
    assert status == 1
    assert "right 1 (100.0 %), lost 1" in capsys.readouterr().out


def test_script_show_names_what_is_missing_and_what_is_extra(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _write_corpus(tmp_path, [_index_entry("m")], _files("m", "Yes, ten works.", "Yes ten", "Yes"))
    script = _script()
    monkeypatch.setattr(script, "load", lambda: load(tmp_path))
    monkeypatch.setattr(script, "load_heldout", dict)
    monkeypatch.setattr(script, "load_spent", dict)
    assert script.main(["--show", "m"]) == 0
    out = capsys.readouterr().out
    assert "--- shown but not expected: works" in out
    assert script.main(["--show", "nope"]) == 2


# --------------------------------------------------------------------------------------------
# The corpus itself: consistent with its README and with the bodies it holds

CORPUS = load()
ENTRIES = CORPUS.entries
IDS = [entry.name for entry in ENTRIES]


def test_index_names_are_unique_and_every_file_belongs_to_an_entry() -> None:
    assert len(set(IDS)) == len(IDS)
    owned = {"index.json", "README.md", "heldout"}
    for entry in ENTRIES:
        owned |= {entry.file, f"{entry.name}.expected.txt", f"{entry.name}.new.txt"}
    assert {p.name for p in corpus.CORPUS_DIR.iterdir()} <= owned


def test_index_uses_only_the_documented_vocabularies() -> None:
    for entry in ENTRIES:
        assert entry.client in corpus.CLIENTS, entry.name
        assert entry.language in corpus.LANGUAGES, entry.name
        assert entry.shapes, entry.name
        assert set(entry.shapes) <= set(corpus.SHAPES), entry.name
        assert entry.notes, entry.name


def test_readme_names_every_client_language_and_shape() -> None:
    readme = (corpus.CORPUS_DIR / "README.md").read_text("utf-8")
    for tag in [*corpus.CLIENTS, *corpus.LANGUAGES, *corpus.SHAPES]:
        assert f"`{tag}`" in readme, tag


def test_earlier_messages_exist_and_come_first_in_the_same_conversation() -> None:
    position = {name: i for i, name in enumerate(IDS)}
    for entry in ENTRIES:
        if entry.earlier:
            assert entry.conversation, entry.name
        for name in entry.earlier:
            assert name in position, f"{entry.name}: no earlier message {name}"
            assert position[name] < position[entry.name], entry.name
            assert CORPUS[name].conversation == entry.conversation, entry.name
        assert [position[n] for n in entry.earlier] == sorted(position[n] for n in entry.earlier)


@pytest.mark.parametrize("entry", ENTRIES, ids=IDS)
def test_body_is_classified_as_its_extension_says(entry: Entry) -> None:
    assert looks_like_html(entry.body) == entry.file.endswith(".html")


@pytest.mark.parametrize("entry", ENTRIES, ids=IDS)
def test_expected_words_come_from_the_body_and_new_words_are_expected(entry: Entry) -> None:
    """Catches typos in hand-written expectations: every word must be in the body."""
    in_body = Counter(words(html.unescape(entry.body)))
    expected = Counter(words(entry.expected))
    assert expected, entry.name
    assert not expected - in_body, f"expected words not in the body: {expected - in_body}"
    assert not Counter(words(entry.new)) - expected, "new words that are not expected"


def test_corpus_covers_every_client_shape_and_enough_languages() -> None:
    assert len(ENTRIES) >= 60
    assert len({entry.language for entry in ENTRIES}) >= 8
    assert {entry.client for entry in ENTRIES} == set(corpus.CLIENTS)
    shapes = Counter(shape for entry in ENTRIES for shape in entry.shapes)
    assert {shape for shape in corpus.SHAPES if shapes[shape] < 2} == set(), (
        "shapes with one example"
    )


def test_conversations_start_with_what_we_sent_and_list_every_earlier_message() -> None:
    conversations: dict[str, list[Entry]] = {}
    for entry in ENTRIES:
        if entry.conversation:
            conversations.setdefault(entry.conversation, []).append(entry)
    assert len(conversations) >= 8
    for name, thread in conversations.items():
        assert "outbound" in thread[0].shapes, f"{name} does not start with what we sent"
        assert any("outbound" not in e.shapes for e in thread), f"{name} has no answer"
        for i, entry in enumerate(thread):
            assert list(entry.earlier) == [e.name for e in thread[:i]], entry.name


@pytest.mark.parametrize(
    "entry",
    [e for e in ENTRIES if {"repeats-earlier", "history-unmarked"} & set(e.shapes)],
    ids=lambda e: e.name,
)
def test_history_said_to_repeat_an_earlier_message_does(entry: Entry) -> None:
    """The conversation signal is real: most words of an earlier message are in this body."""
    body = Counter(words(html.unescape(entry.body)))
    shares = []
    for earlier in CORPUS.earlier(entry):
        said = Counter(words(earlier.new))
        shares.append(sum((said & body).values()) / sum(said.values()))
    assert shares, f"{entry.name} has no earlier message"
    assert max(shares) >= 0.8, shares
