"""The API's ``search`` parameter: the site's own search engine, not a second one.

Open data calls the search feature's public function ``search.engine.run_search``, the one
behind ``/zoeken/`` and ``/api/v1/search/``, so a term finds in the API what it finds on the
site (stemming, compound words, spelling, themes, places, meaning). This is the only place
open data touches another feature; search never imports open data, so there is no cycle.
"""

from __future__ import annotations

from search.engine import Filters, SearchInputError, run_search

# search's names for our kinds of item
SERVICE = "service"
ORGANISATION = "organisation"
LOCATION = "location"


def ranked_pks(text: str, *kinds: str) -> dict[str, list[int]]:
    """{kind: [pk, …]} of the Dutch items the site's search finds for ``text``, best first."""
    try:
        outcome = run_search(text, "nl", Filters(type=list(kinds)))
    except SearchInputError:
        return {kind: [] for kind in kinds}
    found: dict[str, list[int]] = {kind: [] for kind in kinds}
    for hit in outcome.hits:
        if hit.type in found and hit.item_language == "nl":
            found[hit.type].append(hit.obj.pk)
    return found
