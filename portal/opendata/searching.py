"""The API's ``search`` parameter: the site's own search engine, not a second one.

Open data and search are sibling features, which do not import each other (ARCHITECTURE.md,
``.importlinter``). The project's wiring (``portal.urls``) hands the search feature's public
function ``search.engine.run_search`` — the one behind ``/zoeken/`` and ``/api/v1/search/`` —
to the API's list views (``portal.opendata.urls.wired(search=...)``), so a term
finds in the API what it finds on the site: stemming, compound words, spelling, themes,
places, meaning.
"""

from __future__ import annotations

from collections.abc import Callable

# search's names for our kinds of item
SERVICE = "service"
ORGANISATION = "organisation"
LOCATION = "location"


def ranked_pks(run_search: Callable, text: str, *kinds: str) -> dict[str, list[int]]:
    """{kind: [pk, …]} of the Dutch items the site's search finds for ``text``, best first.

    ``run_search(text, language)`` returns an outcome whose ``hits`` have ``type``, ``obj``
    and ``item_language``.
    """
    found: dict[str, list[int]] = {kind: [] for kind in kinds}
    for hit in run_search(text, "nl").hits:
        if hit.type in found and hit.item_language == "nl":
            found[hit.type].append(hit.obj.pk)
    return found
