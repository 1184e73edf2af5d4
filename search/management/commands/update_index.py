"""``update_index`` as Wagtail has it, plus the search's meaning vectors (``search.semantic``).

The search app comes before ``wagtail.search`` in INSTALLED_APPS, so this command replaces
Wagtail's; everything Wagtail's does still happens first.
"""

import time

from modelsearch.management.commands.rebuild_modelsearch_index import (
    Command as WagtailUpdateIndex,
)

from search import semantic


class Command(WagtailUpdateIndex):
    def handle(self, **options):
        super().handle(**options)
        started = time.perf_counter()
        written = semantic.sync_all()
        if options.get("verbosity", 1):
            self.stdout.write(
                f"Betekenisvectoren: {written} berekend in {time.perf_counter() - started:.1f} s"
            )
