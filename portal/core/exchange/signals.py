"""Signals of the spreadsheet exchange, so features react to an import without being called.

``items_imported`` is sent inside the import's transaction, after the rows are written and
before the Wagtail search index is updated. ``changed`` maps each model to the primary keys
whose public text changed (the written items plus items that show their names, such as the
services of a renamed organisation). The search app listens in its ``ready()``: it drops
its caches derived from the data and stores the meaning vectors of the changed items.
"""

from django.dispatch import Signal

items_imported = Signal()
