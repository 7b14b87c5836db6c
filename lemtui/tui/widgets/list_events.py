"""The messages a `PagedList` posts to its screen: a load started, a page arrived, a load
failed, and how many new items the user has not seen.

Their handlers are named after the list (`on_paged_list_page_arrived`), and each carries the
pager the list showed when it was posted, so that an answer about a list the user has left
can be told apart and dropped.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.message import Message

from lemtui.lemlist.paging import Arrival

if TYPE_CHECKING:
    from lemtui.tui.widgets.paged_list import PagedList

__all__ = ["ListEvent", "LoadFailed", "LoadStarted", "PageArrived", "Unseen"]


class ListEvent(Message, namespace="paged_list"):
    """Something happened to `paged_list`'s list (`pager`: the one it showed then)."""

    def __init__(self, paged_list: PagedList[Any]) -> None:
        super().__init__()
        self.paged_list = paged_list
        self.pager = paged_list.pager
        """The list's pager when this was posted: stale if the list has another since."""

    @property
    def control(self) -> PagedList[Any]:
        """The list it happened to."""
        return self.paged_list


class LoadStarted(ListEvent, namespace="paged_list"):
    """A page is being fetched (the screen's header says "loading…"); `timed` for a
    refresh the app's timer started, which the header does not announce."""

    def __init__(self, paged_list: PagedList[Any], timed: bool = False) -> None:
        super().__init__(paged_list)
        self.timed = timed


class PageArrived(ListEvent, namespace="paged_list"):
    """A page was taken in; `first` when it was the list's first page."""

    def __init__(
        self,
        paged_list: PagedList[Any],
        arrival: Arrival[Any],
        first: bool,
        timed: bool = False,
    ) -> None:
        super().__init__(paged_list)
        self.arrival = arrival
        self.first = first
        self.timed = timed
        """The answer to a timed refresh."""


class LoadFailed(ListEvent, namespace="paged_list"):
    """A page could not be loaded or shown; `first` when nothing is loaded at all, `refresh`
    when it was a reload of the first page (what is shown stays as it was)."""

    def __init__(
        self,
        paged_list: PagedList[Any],
        error: Exception,
        first: bool,
        refresh: bool = False,
        timed: bool = False,
    ) -> None:
        super().__init__(paged_list)
        self.error = error
        self.first = first
        self.refresh = refresh
        self.timed = timed
        """A timed refresh failed: said calmly in the header, never as a notice."""


class Unseen(ListEvent, namespace="paged_list"):
    """How many items refreshes brought that the user has not had in view changed."""

    def __init__(self, paged_list: PagedList[Any], count: int) -> None:
        super().__init__(paged_list)
        self.count = count
