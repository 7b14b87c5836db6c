"""The command line: arguments and config → either `--print` (no UI) or the Textual app.

Failures are one clear line on stderr and exit status 1 (2 for usage errors): never a
traceback, never the key.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import signal
import sys
import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Final, TextIO, TypeVar, cast

from lemtui import __version__
from lemtui.lemlist.limits import DEFAULT_TIMEOUT, MAX_PAGE_SIZE
from lemtui.lemlist.live import DEFAULT_REFRESH_SECONDS, MIN_REFRESH_SECONDS, NOTIFY_MODES
from lemtui.lemlist.secret import Secret
from lemtui.lemlist.urls import DEFAULT_BASE_URL
from lemtui.local.config import (
    DEFAULT_CACHE_MB,
    DEFAULT_PAGE_SIZE,
    ENV_API_KEY,
    ENV_BASE_URL,
    ENV_USER_ID,
    ConfigError,
    FileConfig,
    Settings,
    config_path,
    load_file_config,
    refresh_problem,
    resolve_api_key,
)
from lemtui.mail import OUTPUT_FORMATS, OutputFormat
from lemtui.startup import freeze_start_up, skip_httpx_cli
from lemtui.text import clean_line

if TYPE_CHECKING:
    from lemtui.lemlist.client import LemlistClient
    from lemtui.mail.render import QuotesMode
    from lemtui.tui.app import LemtuiApp

__all__ = ["build_parser", "main"]

DEMO_BASE_URL = "http://localhost/api"
NumberT = TypeVar("NumberT", int, float)


class UsageError(Exception):
    """A usage problem found after parsing (exit status 2)."""


def _number(text: str, convert: Callable[[str], NumberT], wanted: str) -> NumberT:
    """`text` read by `convert` (`int`, `float`) for argparse, or its error naming `wanted`."""
    try:
        return convert(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not {wanted}") from None


def _page_size(text: str) -> int:
    value = _number(text, int, "a whole number")
    if not 1 <= value <= MAX_PAGE_SIZE:
        raise argparse.ArgumentTypeError(f"must be from 1 to {MAX_PAGE_SIZE}")
    return value


def _timeout(text: str) -> float:
    value = _number(text, float, "a number of seconds")
    if not 1 <= value <= 3600:
        raise argparse.ArgumentTypeError("must be from 1 to 3600 seconds")
    return value


def _refresh_seconds(text: str) -> int:
    value = _number(text, int, "a whole number of seconds")
    problem = refresh_problem(value)
    if problem:
        raise argparse.ArgumentTypeError(problem)
    return value


def build_parser() -> argparse.ArgumentParser:
    """The argument parser; its help is the reference for every flag."""
    parser = argparse.ArgumentParser(
        prog="lemtui",
        description="Read a lemlist contact's whole conversation in the terminal.",
        epilog=(
            "The API key comes from LEMLIST_API_KEY or the config file "
            "(lemtui --config-path shows where). --demo needs neither key nor network."
        ),
    )
    parser.add_argument(
        "contact_id", nargs="?", metavar="CONTACT_ID", help="ctc_… or email address to open"
    )
    parser.add_argument("--user-id", metavar="ID", help="your lemlist user ID (usr_…)")
    parser.add_argument(
        "--mark-as-read",
        action="store_true",
        default=None,
        help="mark the conversation read when it is opened (needs --user-id)",
    )
    parser.add_argument(
        "--page-size",
        type=_page_size,
        metavar="N",
        help=f"messages per request, 1-{MAX_PAGE_SIZE} (default {DEFAULT_PAGE_SIZE}; "
        f"--print uses {MAX_PAGE_SIZE})",
    )
    parser.add_argument(
        "--base-url",
        metavar="URL",
        help=f"API base (default {DEFAULT_BASE_URL}, or LEMLIST_BASE_URL)",
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        help="use the built-in demo data (no API key, no network)",
    )
    parser.add_argument(
        "--print",
        dest="print_",
        action="store_true",
        help="no UI: write the whole conversation to stdout (as text, Markdown or JSON: "
        "--format); needed when stdout is not a terminal",
    )
    parser.add_argument(
        "--format",
        choices=OUTPUT_FORMATS,
        help="with --print: text (default), markdown, or json (an array of the messages as "
        "the service sent them, plus renderedText, renderedBlocks and renderedLinks)",
    )
    parser.add_argument(
        "--quotes",
        choices=("show", "fold", "strip"),
        help="with --print, text and markdown: show quoted history and signatures (default), "
        "fold them to one line each, or strip them (only the new words of every message)",
    )
    parser.add_argument(
        "--quiet",
        "-q",
        action="store_true",
        help="with --print: no progress on stderr (shown only when stderr is a terminal)",
    )
    parser.add_argument(
        "--timeout",
        type=_timeout,
        metavar="SECONDS",
        help=f"give up on a request after this long in all, connecting and reading "
        f"(default {DEFAULT_TIMEOUT:g})",
    )
    parser.add_argument(
        "--refresh",
        type=_refresh_seconds,
        metavar="SECONDS",
        help=f"reload the shown list's newest page every SECONDS (default "
        f"{DEFAULT_REFRESH_SECONDS}, at least {MIN_REFRESH_SECONDS}; 0 turns it off)",
    )
    parser.add_argument(
        "--notify",
        choices=NOTIFY_MODES,
        help="announce new replies: none (default), bell, or desktop (the terminal's own "
        "notification where it has one, else the bell)",
    )
    parser.add_argument("--theme", metavar="NAME", help="a Textual theme name")
    parser.add_argument(
        "--config-path", action="store_true", help="print where the config file is and exit"
    )
    parser.add_argument(
        "--read-only",
        action="store_true",
        default=None,
        help="write nothing to lemlist: no replies, no drafts, no marking as read "
        "(or read_only = true in the config)",
    )
    parser.add_argument(
        "--drafts",
        action="store_true",
        help="list the replies typed but not yet confirmed by lemlist (kept on this machine) "
        "and exit",
    )
    parser.add_argument(
        "--no-cache",
        dest="no_cache",
        action="store_true",
        help="keep nothing on this machine: no cache file, no cache folder (or cache = false)",
    )
    parser.add_argument(
        "--forget", action="store_true", help="delete the local cache(s), say how much, and exit"
    )
    parser.add_argument(
        "--search",
        metavar="WORDS",
        help="print the cached conversations matching WORDS (names, emails, companies, "
        "campaigns, message text; --format text, markdown or json) and exit",
    )
    parser.add_argument(
        "--sync",
        action="store_true",
        help="fetch the first page of every inbox conversation into the cache (resumable), "
        "and exit",
    )
    parser.add_argument(
        "--offline",
        action="store_true",
        help="with --print: read the conversation from the cache, not from lemlist",
    )
    parser.add_argument("--version", action="version", version=f"lemtui {__version__}")
    return parser


_CACHE_FLAGS: Final = (("--sync", "sync"), ("--search", "search"), ("--offline", "offline"))
"""The flags that read or fill the local cache (`--demo` never uses it)."""


def resolve_settings(
    args: argparse.Namespace, environ: Mapping[str, str], file_config: FileConfig
) -> Settings:
    """Flags over environment over file; the key is only looked up when it will be used."""
    from lemtui.lemlist.errors import ApiError
    from lemtui.lemlist.ids import normalize_user_id
    from lemtui.lemlist.urls import check_base_url

    demo = bool(args.demo)
    cache_flags = [
        flag for flag, on in _CACHE_FLAGS if getattr(args, on, None) not in (None, False)
    ]
    if demo and cache_flags:
        raise UsageError(
            f"--demo keeps no cache, so {cache_flags[0]} has nothing to read or fill: "
            "it works with your API key's cache"
        )
    user_id = args.user_id or environ.get(ENV_USER_ID) or file_config.user_id or None
    if demo and not user_id:
        from lemtui.demo.fake_api import DEMO_USER_ID

        user_id = DEMO_USER_ID  # so the demo starts on the demo user's inbox
    if user_id:
        try:
            user_id = normalize_user_id(user_id)
        except ApiError as exc:
            raise UsageError(str(exc)) from None
    mark = args.mark_as_read
    read_only = bool(args.read_only or file_config.read_only)
    if read_only and mark:
        source = "--read-only" if args.read_only else f"read_only = true in {file_config.path}"
        raise UsageError(f"--mark-as-read is a write, and {source} turns every write off")
    if mark is None:
        mark = bool(file_config.mark_as_read) and not read_only
    if mark and not user_id:
        raise UsageError(
            "--mark-as-read needs a user ID: pass --user-id usr_… or set LEMLIST_USER_ID "
            "(the service marks a conversation read for one user)"
        )
    page_size = args.page_size or file_config.page_size or None
    if args.print_ and page_size is None:
        page_size = MAX_PAGE_SIZE
    if demo:
        base_url = DEMO_BASE_URL
        api_key: Secret | None = None
    else:
        base_url = (
            args.base_url or environ.get(ENV_BASE_URL) or file_config.base_url or DEFAULT_BASE_URL
        )
        try:
            base_url = check_base_url(base_url)
        except ApiError as exc:
            raise UsageError(str(exc)) from None
        api_key = None
    settings = Settings(
        api_key=api_key,
        base_url=base_url,
        user_id=user_id,
        page_size=page_size or DEFAULT_PAGE_SIZE,
        mark_as_read=mark,
        theme=args.theme or file_config.theme,
        demo=demo,
        config_file=file_config.path,
        keys=dict(file_config.keys),
        refresh_seconds=_first_set(args.refresh, file_config.refresh_seconds),
        notify=args.notify or file_config.notify or "none",
        timeout=args.timeout or DEFAULT_TIMEOUT,
        read_only=read_only,
        editor=file_config.editor,
        ascii=file_config.ascii,
        cache=not args.no_cache and file_config.cache is not False,
        cache_max_mb=file_config.cache_max_mb or DEFAULT_CACHE_MB,
        cache_fill=bool(file_config.cache_fill),
    )
    return settings


def _first_set(*values: int | None) -> int:
    """The first refresh interval that is set (0 is one: off), else the default."""
    for value in values:
        if value is not None:
            return value
    return DEFAULT_REFRESH_SECONDS


def make_client(settings: Settings) -> LemlistClient:
    """The client for these settings: the in-process fake API for the demo, else the real one."""
    from lemtui.lemlist.client import LemlistClient

    if settings.demo:
        import httpx

        from lemtui.demo.fake_api import DEMO_API_KEY, FakeLemlist

        return LemlistClient(
            Secret(DEMO_API_KEY),
            base_url=settings.base_url,
            transport=httpx.ASGITransport(app=FakeLemlist()),
            read_only=settings.read_only,
        )
    return LemlistClient(
        settings.api_key,
        base_url=settings.base_url,
        timeout=settings.timeout,
        read_only=settings.read_only,
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Run lemtui; returns the process exit status."""
    skip_httpx_cli()
    from lemtui.lemlist.errors import ApiError
    from lemtui.lemlist.ids import looks_like_email, normalize_contact_id

    # Libraries' warnings (a server's odd Retry-After, say) would otherwise reach stderr through
    # logging's last-resort handler, carrying server text: lemtui reports failures itself.
    logging.getLogger().addHandler(logging.NullHandler())
    parser = build_parser()
    args = parser.parse_args(argv)
    err = sys.stderr
    try:
        path = config_path()
        if args.config_path:
            print(path)
            return 0
        if args.drafts:
            from lemtui.local.draft_listing import run_drafts_listing

            return run_drafts_listing()
        if args.forget:
            from lemtui.cli_cache import run_forget

            return run_forget()
        file_config = load_file_config(path)
        settings = resolve_settings(args, os.environ, file_config)
        contact = args.contact_id
        if contact is not None and not looks_like_email(contact):  # an email is looked up
            contact = normalize_contact_id(contact)
        if args.print_ and contact is None:
            raise UsageError("--print needs a CONTACT_ID")
        if args.offline and not args.print_:
            raise UsageError(
                "--offline reads a conversation from the cache: add --print CONTACT_ID"
            )
        if not args.print_ and args.search is None and not args.sync:
            _check_reader_usage(args, sys.stdout)
        if not settings.demo:
            key = resolve_api_key(os.environ, file_config)
            if key is None:
                raise ConfigError(
                    "No API key: set LEMLIST_API_KEY, or api_key / api_key_command in "
                    f"{path} (try --demo to look around without one)"
                )
            settings = replace(settings, api_key=key)
    except UsageError as exc:
        _fail(err, str(exc))
        return 2
    except ApiError as exc:  # an invalid contact ID is a usage error: nothing was sent
        _fail(err, str(exc))
        return 2
    except ConfigError as exc:
        _fail(err, str(exc))
        return 1
    except KeyboardInterrupt:  # while api_key_command runs, say
        _fail(err, "interrupted")
        return 130

    if args.search is not None:
        from lemtui.cli_cache import run_search

        try:
            return run_search(settings, args.search, args.format or "text", sys.stdout)
        except BrokenPipeError:
            return _reader_gone()
    if args.sync:
        from lemtui.cli_cache import run_sync

        return run_sync(settings, make_client(settings))
    if args.print_:
        assert contact is not None
        return run_print(settings, contact, args)
    return run_app(settings, contact)


def _reader_gone() -> int:
    """The reader of stdout went away (`| head`): not an error. The flush at exit is silenced
    (it would fail again and print a traceback)."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    return 0


PRINT_ONLY_FLAGS: Final = (("format", "--format"), ("quotes", "--quotes"), ("quiet", "--quiet"))
"""Flags that shape `--print`'s output: the reader has no use for them."""


def _check_reader_usage(args: argparse.Namespace, out: TextIO) -> None:
    """Refuse what the full-screen reader cannot honour: `--print`'s own flags, and a stdout
    that is not a terminal (`lemtui … | head`, `> file`).

    Textual draws on stderr, so with stdout piped the reader would still take over the
    terminal while the pipe got nothing and never ended. Printing instead was the other
    choice; it is refused because the reader without a CONTACT_ID (the inbox, the prompt) has
    nothing to print, and a script should say `--print` to get the fetch-everything mode.
    """
    for name, flag in PRINT_ONLY_FLAGS:
        if getattr(args, name):
            raise UsageError(f"{flag} shapes --print's output: add --print CONTACT_ID")
    if not _is_terminal(out):
        raise UsageError(
            "stdout is not a terminal: use --print CONTACT_ID to write a conversation there"
        )


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # closed, or replaced by something that is no file
        return False


def run_print(settings: Settings, contact: str, args: argparse.Namespace) -> int:
    """`--print`: every page, in list order, on stdout as text, Markdown or JSON (`--format`,
    with `--quotes`).

    Progress goes to stderr as `StatusLine.for_print` decides. Ctrl-C and SIGTERM stop
    the fetching and the worker processes cleanly and say so in one line (exit 130 / 143).
    """
    from lemtui.lemlist.errors import ApiError
    from lemtui.printer import StatusLine, print_conversation

    out, err = sys.stdout, sys.stderr
    fmt: OutputFormat = args.format or "text"
    quotes: QuotesMode = args.quotes or "show"
    status = StatusLine.for_print(out, err, quiet=args.quiet)
    terminated = False

    async def print_until_terminated() -> None:
        loop = asyncio.get_running_loop()
        task = asyncio.current_task()
        assert task is not None

        def terminate() -> None:
            nonlocal terminated
            terminated = True
            task.cancel()

        loop.add_signal_handler(signal.SIGTERM, terminate)
        try:
            client = make_client(settings)
            if args.offline:
                from lemtui.cli_cache import OfflineClient, open_store

                await client.aclose()
                client = cast("LemlistClient", OfflineClient(open_store(settings, create=False)))
            contact_id = await _contact_id_of(client, contact)
            await print_conversation(client, settings, contact_id, out, fmt, quotes, status)
        finally:
            loop.remove_signal_handler(signal.SIGTERM)

    try:
        asyncio.run(print_until_terminated())
    except ApiError as exc:
        _fail(err, str(exc))
        return 1
    except BrokenPipeError:
        return _reader_gone()
    except KeyboardInterrupt:
        _fail(err, "interrupted")
        return 130
    except asyncio.CancelledError:
        if not terminated:
            raise
        _fail(err, "terminated")
        return 128 + signal.SIGTERM
    except Exception as exc:  # last resort: one line, no traceback (locals could hold data)
        _fail(err, f"unexpected error ({type(exc).__name__}); please report it")
        return 1
    return 0


async def _contact_id_of(client: LemlistClient, contact: str) -> str:
    """`contact`'s ID: itself, or for an email address the one contact that has it (as the
    prompt looks it up); the client is closed when the lookup fails."""
    from lemtui.lemlist.ids import looks_like_email

    if not looks_like_email(contact):
        return contact
    try:
        return (await client.find_contact(contact)).id
    except BaseException:
        await client.aclose()
        raise


def run_app(settings: Settings, contact: str | None) -> int:
    """Start the Textual reader; it owns the client from here on."""
    from lemtui.lemlist.errors import ApiError
    from lemtui.tui.app import LemtuiApp

    try:
        client = make_client(settings)
    except ApiError as exc:
        _fail(sys.stderr, str(exc))
        return 1
    os.environ.pop(ENV_API_KEY, None)  # the editor and the browser must not inherit the key
    if not settings.demo:
        from lemtui.cli_cache import cache_glue

        glue = cache_glue(settings, client)
        try:
            return _run_reader(
                LemtuiApp(client=client, settings=settings, contact_id=contact, cache=glue)
            )
        finally:
            if glue is not None:
                glue.close()
    # The demo's recent contacts and drafts are not the user's: they live in a folder of
    # their own, removed on exit, so they never show in the real prompt or `--drafts`.
    with tempfile.TemporaryDirectory(prefix="lemtui-demo-") as demo_state:
        return _run_reader(
            LemtuiApp(
                client=client, settings=settings, contact_id=contact, state_dir=Path(demo_state)
            ),
            demo=True,
        )


def _run_reader(app: LemtuiApp, *, demo: bool = False) -> int:
    """Run the reader; then say on stderr what it kept (replies not sent or not confirmed).
    The demo keeps nothing: its drafts go with its folder, and `--drafts` would not find them."""
    freeze_start_up()
    app.run()
    note = app.exit_note()
    if demo and note:
        note = ["lemtui: the demo keeps no replies (its drafts were removed with it)"]
    for line in note:
        print(line, file=sys.stderr)
    return app.return_code or 0


def _fail(err: TextIO, message: str) -> None:
    print(f"lemtui: {clean_line(message)}", file=err)
