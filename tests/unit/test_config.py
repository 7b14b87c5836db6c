"""Config: precedence (flags > environment > file), the key's sources, the permission check."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pytest

from lemtui.cli import UsageError, build_parser, resolve_settings
from lemtui.lemlist.secret import Secret
from lemtui.local.config import (
    KEY_COMMAND_TIMEOUT,
    ConfigError,
    FileConfig,
    check_api_key,
    config_path,
    load_file_config,
    resolve_api_key,
    run_key_command,
)


def write(path: Path, text: str, mode: int = 0o600) -> Path:
    path.write_text(text, "utf-8")
    path.chmod(mode)
    return path


def test_missing_file_is_an_empty_config(tmp_path: Path) -> None:
    config = load_file_config(tmp_path / "nope.toml")
    assert config.api_key is None and config.base_url is None


def test_file_settings_are_read(tmp_path: Path) -> None:
    path = write(
        tmp_path / "c.toml",
        'api_key = "k1"\nbase_url = "https://proxy.test/api"\nuser_id = "usr_a"\n'
        'page_size = 25\nmark_as_read = true\ntheme = "nord"\n',
    )
    config = load_file_config(path)
    assert config.api_key == Secret("k1")
    assert config.base_url == "https://proxy.test/api"
    assert config.user_id == "usr_a"
    assert config.page_size == 25
    assert config.mark_as_read is True
    assert config.theme == "nord"


@pytest.mark.parametrize("mode", [0o644, 0o640, 0o604, 0o440])
def test_a_key_readable_by_others_is_refused(tmp_path: Path, mode: int) -> None:
    path = write(tmp_path / "c.toml", 'api_key = "sk_TOPSECRET"\n', mode)
    with pytest.raises(ConfigError, match="chmod 600") as caught:
        load_file_config(path)
    assert "sk_TOPSECRET" not in str(caught.value)


def test_a_readable_file_without_key_is_fine(tmp_path: Path) -> None:
    path = write(tmp_path / "c.toml", 'api_key_command = "pass lemlist"\n', 0o644)
    assert load_file_config(path).api_key_command == "pass lemlist"


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("api_key = ", "not valid TOML"),
        ("colour = 'red'\n", "Unknown setting"),
        ("page_size = 0\n", "page_size"),
        ("page_size = 'ten'\n", "page_size"),
        ("mark_as_read = 'yes'\n", "mark_as_read"),
        ("base_url = 3\n", "base_url"),
    ],
)
def test_bad_files_give_one_clear_line(tmp_path: Path, text: str, words: str) -> None:
    path = write(tmp_path / "c.toml", text)
    with pytest.raises(ConfigError, match=words) as caught:
        load_file_config(path)
    assert "\n" not in str(caught.value)


def test_bad_toml_error_does_not_quote_the_key(tmp_path: Path) -> None:
    path = write(tmp_path / "c.toml", 'api_key = "sk_TOPSECRET\n')
    with pytest.raises(ConfigError) as caught:
        load_file_config(path)
    assert "sk_TOPSECRET" not in str(caught.value)


def test_key_precedence_environment_then_file_then_command(tmp_path: Path) -> None:
    file_config = FileConfig(
        path=tmp_path / "c.toml",
        api_key=Secret("from-file"),
        api_key_command=f"{sys.executable} -c 'print(\"from-command\")'",
    )
    assert resolve_api_key({"LEMLIST_API_KEY": " from-env "}, file_config) == Secret("from-env")
    assert resolve_api_key({}, file_config) == Secret("from-file")
    command_only = FileConfig(path=file_config.path, api_key_command=file_config.api_key_command)
    assert resolve_api_key({}, command_only) == Secret("from-command")
    assert resolve_api_key({}, FileConfig(path=file_config.path)) is None


def test_key_command_failures_never_show_its_output() -> None:
    leaky = f"{sys.executable} -c 'import sys; print(\"sk_TOPSECRET\"); sys.exit(3)'"
    with pytest.raises(ConfigError, match="exit status 3") as caught:
        run_key_command(leaky)
    assert "sk_TOPSECRET" not in str(caught.value)
    with pytest.raises(ConfigError, match="not found"):
        run_key_command("/nonexistent/lemtui-key-helper")
    with pytest.raises(ConfigError, match="printed no key"):
        run_key_command(f"{sys.executable} -c 'pass'")


def test_config_path_override(tmp_path: Path) -> None:
    assert config_path({"LEMTUI_CONFIG": str(tmp_path / "x.toml")}) == tmp_path / "x.toml"
    assert config_path({}).name == "config.toml"


def settings_for(argv: list[str], environ: dict[str, str], file_config: FileConfig):  # type: ignore[no-untyped-def]
    return resolve_settings(build_parser().parse_args(argv), environ, file_config)


def test_flags_beat_environment_beat_file(tmp_path: Path) -> None:
    file_config = FileConfig(
        path=tmp_path / "c.toml",
        base_url="https://file.test/api",
        user_id="usr_file",
        page_size=20,
    )
    env = {"LEMLIST_BASE_URL": "https://env.test/api", "LEMLIST_USER_ID": "usr_env"}
    assert settings_for([], {}, file_config).base_url == "https://file.test/api"
    assert settings_for([], env, file_config).base_url == "https://env.test/api"
    flagged = settings_for(
        ["--base-url", "https://flag.test/api", "--user-id", "usr_flag", "--page-size", "5"],
        env,
        file_config,
    )
    assert flagged.base_url == "https://flag.test/api"
    assert flagged.user_id == "usr_flag"
    assert flagged.page_size == 5
    assert settings_for([], env, file_config).user_id == "usr_env"
    assert settings_for([], {}, file_config).page_size == 20
    assert (
        settings_for(["--print", "ctc_a"], {}, FileConfig(path=file_config.path)).page_size == 100
    )


def test_mark_as_read_needs_a_user(tmp_path: Path) -> None:
    empty = FileConfig(path=tmp_path / "c.toml")
    with pytest.raises(UsageError, match="user ID"):
        settings_for(["--mark-as-read"], {}, empty)
    assert settings_for(["--mark-as-read", "--user-id", "usr_a"], {}, empty).mark_as_read
    on_in_file = FileConfig(path=empty.path, mark_as_read=True)
    with pytest.raises(UsageError, match="user ID"):
        settings_for([], {}, on_in_file)


def test_insecure_base_url_from_environment_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="unencrypted"):
        settings_for(
            [], {"LEMLIST_BASE_URL": "http://api.lemlist.com/api"}, FileConfig(path=tmp_path)
        )


def test_demo_ignores_base_url_and_key(tmp_path: Path) -> None:
    demo = settings_for(
        ["--demo"], {"LEMLIST_BASE_URL": "https://x.test/api"}, FileConfig(path=tmp_path)
    )
    assert demo.demo
    assert demo.api_key is None
    assert demo.base_url.startswith("http://localhost")


@pytest.mark.parametrize("mode", [0o666, 0o620, 0o602])
def test_a_file_others_can_write_is_refused_even_without_a_key(tmp_path: Path, mode: int) -> None:
    path = write(tmp_path / "c.toml", 'api_key_command = "sh -c id"\n', mode)
    with pytest.raises(ConfigError, match="go-w"):
        load_file_config(path)


def test_a_file_owned_by_someone_else_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path / "c.toml", 'base_url = "https://x.test/api"\n')
    monkeypatch.setattr("os.getuid", lambda: os.stat(path).st_uid + 1)
    with pytest.raises(ConfigError, match="another user"):
        load_file_config(path)


def test_no_home_directory_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_home(*args: object, **kwargs: object) -> Path:
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.setattr("lemtui.local.config.user_config_path", no_home)
    with pytest.raises(ConfigError, match="set HOME or LEMTUI_CONFIG"):
        config_path({})


def test_key_overrides_are_read(tmp_path: Path) -> None:
    path = write(tmp_path / "c.toml", '[keys]\nopen_contact = "O"\nquit = "ctrl+q, Q"\n')
    assert load_file_config(path).keys == {"open_contact": "O", "quit": "ctrl+q,Q"}
    settings = settings_for([], {}, load_file_config(path))
    assert settings.keys == {"open_contact": "O", "quit": "ctrl+q,Q"}


@pytest.mark.parametrize(
    "table",
    [
        'keys = "O"\n',
        "[keys]\nopen_contact = 3\n",
        '[keys]\n"Open Contact" = "O"\n',
        '[keys]\nquit = "[b]q"\n',
        '[keys]\nquit = ",,,"\n',
        '[keys]\nquit = "q,"\n',
        '[keys]\nquit = ",q"\n',
        '[keys]\nquit = "q,,ctrl+q"\n',
    ],
)
def test_bad_key_overrides_are_refused(tmp_path: Path, table: str) -> None:
    with pytest.raises(ConfigError, match="keys"):
        load_file_config(write(tmp_path / "c.toml", table))


def test_an_empty_key_name_is_named_as_such(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="empty key name"):
        load_file_config(write(tmp_path / "c.toml", '[keys]\nquit = ",,,"\n'))


@pytest.mark.parametrize(
    "text",
    [
        "theme = " + "[" * 1000 + "]" * 1000 + "\n",
        "theme = " + "{a = " * 1000 + "1" + "}" * 1000 + "\n",
    ],
    ids=["arrays", "inline-tables"],
)
def test_a_config_nested_1000_deep_is_one_line(tmp_path: Path, text: str) -> None:
    with pytest.raises(ConfigError, match="nested too deeply") as caught:
        load_file_config(write(tmp_path / "c.toml", text))
    assert "\n" not in str(caught.value)


# ---------------------------------------------------------------- the key's shape and sources


@pytest.mark.parametrize(
    ("key", "words"),
    [
        ("k" * 257, "257 characters long"),
        ("k" * 10_000_000, "10,000,000 characters long"),
        ("sk_live key", "a space at position 8"),
        ("sk_live\x00key", "control or non-ASCII character at position 8"),
        ("sk_live\u200bkey", "control or non-ASCII character at position 8"),
        ("clé", "non-ASCII character at position 3"),
    ],
    ids=["257", "10-MB", "space", "nul", "zero-width", "accent"],
)
def test_a_key_that_cannot_be_a_key_is_refused(key: str, words: str) -> None:
    with pytest.raises(ConfigError, match=words) as caught:
        check_api_key(key, "LEMLIST_API_KEY")
    message = str(caught.value)
    assert "LEMLIST_API_KEY" in message
    assert key[:5] not in message


def test_a_usual_key_passes_its_check() -> None:
    key = "0123456789abcdef0123456789abcdef"
    assert check_api_key(f"  {key}\n", "x") == Secret(key)
    assert check_api_key("k" * 256, "x") == Secret("k" * 256)


def test_every_source_of_the_key_is_checked(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="LEMLIST_API_KEY"):
        resolve_api_key({"LEMLIST_API_KEY": "k" * 100_000}, FileConfig(path=tmp_path / "c.toml"))
    path = write(tmp_path / "c.toml", f'api_key = "{"k" * 10_000_000}"\n')
    with pytest.raises(ConfigError, match="api_key in"):
        load_file_config(path)
    command = FileConfig(path=path, api_key_command=f"{sys.executable} -c 'print(\"a b\")'")
    with pytest.raises(ConfigError, match="api_key_command has a space"):
        resolve_api_key({}, command)


def test_a_key_command_printing_forever_is_stopped() -> None:
    # `yes` would fill memory if all of its output were read; the first line is the key.
    started = time.monotonic()
    assert run_key_command("yes sk_from_yes") == Secret("sk_from_yes")
    assert time.monotonic() - started < KEY_COMMAND_TIMEOUT
    endless = f"{sys.executable} -c 'import sys; sys.stdout.write(\"x\" * 10**7)'"
    with pytest.raises(ConfigError, match="more than 4,096 bytes without a line break"):
        run_key_command(endless)


def test_a_key_command_is_done_when_it_exits_whatever_its_children_do() -> None:
    # The child keeps the pipe open for 30 s; the key is taken when the command exits.
    started = time.monotonic()
    assert run_key_command("sh -c 'echo sk_key; sleep 30 &'") == Secret("sk_key")
    assert time.monotonic() - started < 10


def test_a_key_command_that_hangs_is_stopped_with_its_children(tmp_path: Path) -> None:
    pid_file = tmp_path / "child.pid"
    command = f"sh -c 'sleep 300 & echo $! > {pid_file}; wait'"
    with pytest.raises(ConfigError, match="did not finish within 1 s: stopped it"):
        run_key_command(command, timeout=1)
    child = int(pid_file.read_text())
    for _ in range(100):  # the kill is delivered at once, its effect may take a moment
        if not _running(child):
            break
        time.sleep(0.05)
    else:
        os.kill(child, 9)
        pytest.fail("the command's background child was left running")


def _running(pid: int) -> bool:
    """Whether `pid` runs (a zombie waiting for init to reap it does not)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def test_read_only_and_editor_are_read(tmp_path: Path) -> None:
    path = write(tmp_path / "c.toml", "read_only = true\neditor = \"vim -c 'set tw=72'\"\n")
    config = load_file_config(path)
    assert config.read_only is True
    assert config.editor == "vim -c 'set tw=72'"
    settings = settings_for([], {}, config)
    assert settings.read_only and settings.editor == "vim -c 'set tw=72'"
    assert load_file_config(write(tmp_path / "b.toml", 'editor = "builtin"\n')).editor == "builtin"


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ('read_only = "yes"\n', "read_only in"),
        ("editor = 3\n", "editor in"),
        ('editor = "  "\n', "editor in"),
        ('editor = "vim \'unclosed"\n', "not a valid command line"),
    ],
)
def test_bad_read_only_or_editor_is_one_line(tmp_path: Path, text: str, words: str) -> None:
    with pytest.raises(ConfigError, match=words):
        load_file_config(write(tmp_path / "c.toml", text))


def test_read_only_turns_every_write_off(tmp_path: Path) -> None:
    empty = FileConfig(path=tmp_path / "c.toml")
    assert not settings_for([], {}, empty).read_only
    assert settings_for(["--read-only"], {}, empty).read_only
    # mark_as_read in the file is a default that read-only overrides...
    both = FileConfig(path=empty.path, mark_as_read=True, read_only=True, user_id="usr_a")
    settings = settings_for([], {}, both)
    assert settings.read_only and not settings.mark_as_read
    marking = FileConfig(path=empty.path, mark_as_read=True, user_id="usr_a")
    assert not settings_for(["--read-only"], {}, marking).mark_as_read
    # ... but asking for both on the command line is a contradiction, said before anything runs.
    with pytest.raises(UsageError, match="--read-only turns every write off"):
        settings_for(["--read-only", "--mark-as-read", "--user-id", "usr_a"], {}, empty)
    with pytest.raises(UsageError, match="read_only = true in"):
        settings_for(
            ["--mark-as-read", "--user-id", "usr_a"], {}, FileConfig(empty.path, read_only=True)
        )


def test_refresh_and_notify_from_the_file_and_flags(tmp_path: Path) -> None:
    path = write(tmp_path / "c.toml", 'refresh_seconds = 30\nnotify = "desktop"\n')
    file_config = load_file_config(path)
    assert (file_config.refresh_seconds, file_config.notify) == (30, "desktop")
    assert settings_for([], {}, file_config).refresh_seconds == 30
    assert settings_for([], {}, file_config).notify == "desktop"
    assert settings_for(["--refresh", "0"], {}, file_config).refresh_seconds == 0
    assert settings_for(["--refresh", "15", "--notify", "bell"], {}, file_config).notify == "bell"
    default = settings_for([], {}, FileConfig(path=tmp_path / "none.toml"))
    assert (default.refresh_seconds, default.notify) == (60, "none")
    off = load_file_config(write(tmp_path / "off.toml", "refresh_seconds = 0\n"))
    assert settings_for([], {}, off).refresh_seconds == 0  # 0 is a setting, not "unset"


@pytest.mark.parametrize(
    ("line", "wanted"),
    [
        ("refresh_seconds = 5", "from 15"),
        ("refresh_seconds = -1", "from 15"),
        ("refresh_seconds = 1000000", "from 15"),
        ('refresh_seconds = "60"', "whole number"),
        ("refresh_seconds = true", "whole number"),
        ("refresh_seconds = 60.5", "whole number"),
        ('notify = "popup"', "none, bell, desktop"),
        ("notify = 1", "none, bell, desktop"),
    ],
)
def test_bad_refresh_or_notify_in_the_file_is_one_line(
    tmp_path: Path, line: str, wanted: str
) -> None:
    path = write(tmp_path / "c.toml", line + "\n")
    with pytest.raises(ConfigError, match=wanted) as caught:
        load_file_config(path)
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize("value", ["5", "14", "-15", "sixty", "1.5"])
def test_bad_refresh_flag_is_a_usage_error(value: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        build_parser().parse_args(["--refresh", value])
    assert caught.value.code == 2
    assert "--refresh" in capsys.readouterr().err
