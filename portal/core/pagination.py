"""Page long lists with `?pagina=N` (or another parameter when a page has two lists).

Bad page numbers (text, 0, past the end) are common in old or hand-edited links: they show
the nearest real page with a plain notice instead of an error, so a resident never lands on
an empty or broken page. Two queries per list (count + one page), whatever the data size.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.utils.translation import gettext

PAGE_PARAMETER = "pagina"


@dataclass
class PageLink:
    number: int | None  # None for the "…" between page numbers
    url: str = ""
    current: bool = False


@dataclass
class Pager:
    page: Page
    parameter: str
    notice: str = ""
    links: list[PageLink] = field(default_factory=list)
    previous_url: str = ""
    next_url: str = ""

    @property
    def count(self) -> int:
        return self.page.paginator.count

    @property
    def items(self) -> list:
        return list(self.page.object_list)


def requested_page(raw: str | None, num_pages: int) -> tuple[int, bool]:
    """The page to show for the raw parameter and whether the request was valid."""
    if raw is None or raw == "":
        return 1, True
    try:
        number = int(raw.strip())
    except ValueError:
        return 1, False
    if number < 1:
        return 1, False
    if number > num_pages:
        return num_pages, False
    return number, True


def _notice(raw: str, shown: int) -> str:
    return gettext("Pagina ‘%(asked)s’ bestaat niet. U ziet nu pagina %(shown)s.") % {
        "asked": raw,
        "shown": shown,
    }


def paginate(request, items, per_page: int, parameter: str = PAGE_PARAMETER, anchor: str = ""):
    """A Pager for `items` (a queryset with a stable order) from the request's parameter."""
    paginator = Paginator(items, per_page, allow_empty_first_page=True)
    raw = request.GET.get(parameter)
    number, valid = requested_page(raw, paginator.num_pages)
    page = paginator.page(number)
    others = request.GET.copy()
    others.pop(parameter, None)
    prefix = others.urlencode()
    prefix = f"?{prefix}&" if prefix else "?"
    suffix = f"#{anchor}" if anchor else ""

    def url(target: int) -> str:
        return f"{prefix}{parameter}={target}{suffix}"

    links = [
        PageLink(None)
        if target == Paginator.ELLIPSIS
        else PageLink(target, url(target), target == number)
        for target in paginator.get_elided_page_range(number, on_each_side=1, on_ends=1)
    ]
    return Pager(
        page=page,
        parameter=parameter,
        notice="" if valid else _notice(raw, number),
        links=links,
        previous_url=url(number - 1) if page.has_previous() else "",
        next_url=url(number + 1) if page.has_next() else "",
    )
