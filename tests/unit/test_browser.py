"""Opening links (`lemtui.tui.browser`): only clean web and mail links, where a browser is."""

from __future__ import annotations

import webbrowser

import pytest

from lemtui.tui.browser import can_open_browser, is_openable, open_in_browser


@pytest.mark.parametrize(
    ("environ", "platform", "expected"),
    [
        ({"DISPLAY": ":0"}, "linux", True),
        ({"WAYLAND_DISPLAY": "wayland-0"}, "linux", True),
        ({}, "linux", False),
        ({}, "darwin", True),
        ({"DISPLAY": ":0", "SSH_CONNECTION": "1.2.3.4 5 6.7.8.9 22"}, "linux", False),
        ({"SSH_TTY": "/dev/pts/1"}, "darwin", False),
    ],
)
def test_can_open_browser(environ: dict[str, str], platform: str, expected: bool) -> None:
    assert can_open_browser(environ, platform) is expected


def test_only_clean_web_and_mail_links_are_openable() -> None:
    assert is_openable("https://example.com/a?b=c")
    assert is_openable("mailto:a@example.com")
    assert not is_openable("javascript:alert(1)")
    assert not is_openable("file:///etc/passwd")
    assert not is_openable("https://example.com/\x1b]0;x\x07")
    assert not is_openable("https://exa mple.com")


class _Graphical(webbrowser.BackgroundBrowser):
    def __init__(self) -> None:
        super().__init__("fake-browser")
        self.opened: list[str] = []

    def open(self, url: str, new: int = 0, autoraise: bool = True) -> bool:
        self.opened.append(url)
        return True


def test_open_in_browser_refuses_terminal_browsers(monkeypatch: pytest.MonkeyPatch) -> None:
    graphical = _Graphical()
    monkeypatch.setattr(webbrowser, "get", lambda using=None: graphical)
    assert open_in_browser("https://example.com/")
    assert graphical.opened == ["https://example.com/"]
    assert not open_in_browser("javascript:alert(1)")
    monkeypatch.setattr(webbrowser, "get", lambda using=None: webbrowser.GenericBrowser("lynx"))
    assert not open_in_browser("https://example.com/")
