"""The command palette's own entries (ctrl+p): lemtui's commands from the live bindings.

Which screens' keys are offered, and how running one shows its screen first; the app hands
the palette these entries before Textual's own. Kept apart from the app so that the app stays
about screens and the client.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, Final

from textual.app import App, SystemCommand
from textual.screen import Screen

from lemtui.tui.commands import help_section, key_commands, keys_label

if TYPE_CHECKING:
    from lemtui.tui.screens.conversation import ConversationScreen

__all__ = ["LEAVING_A_REPLY", "close_modals", "palette_commands"]

LEAVING_A_REPLY: Final = ("open_contact", "inbox", "team")
"""Actions that would leave a reply's screens: they wait while a reply is open."""


def close_modals(app: App[Any]) -> None:
    """Pop every modal (prompts, help) over the screen below them."""
    while len(app.screen_stack) > 1 and app.screen.is_modal:
        app.pop_screen()


def palette_commands(
    app: App[Any],
    screen: Screen[Any],
    conversation: ConversationScreen | None,
    keymap: dict[str, str],
) -> Iterable[SystemCommand]:
    """The app's own commands, the shown screen's (unless it is a modal), and the open
    conversation's from elsewhere (running one shows the conversation first). While a reply
    is open, only the app's and the shown screen's, without `o`, `i` and `U`."""
    replying = conversation is not None and conversation.replying
    targets: list[App[Any] | Screen[Any]] = [app]
    if not screen.is_modal and help_section(type(screen)):
        targets.append(screen)
    if (
        not replying
        and conversation is not None
        and conversation is not screen
        and conversation.pager is not None
    ):
        targets.append(conversation)  # a reply's screens are in front: nothing over them
    for target in targets:
        for command in key_commands([type(target)], keymap):
            if replying and command.action in LEAVING_A_REPLY:
                continue
            if not target.check_action(command.action, ()):
                continue  # means nothing there now (Search with no conversation open)
            help_text = f"{command.help} ({keys_label(command, app)})"
            yield SystemCommand(command.title, help_text, _runner(app, target, command.action))


def _runner(app: App[Any], target: App[Any] | Screen[Any], action: str) -> Callable[[], None]:
    """A palette callback running `action` on `target`, shown first if it is a screen."""

    def run() -> None:
        if isinstance(target, Screen) and app.screen is not target:
            close_modals(app)
            if app.screen is not target:
                app.push_screen(target)
        app.call_later(target.run_action, action)

    return run
