"""Signals for writes that bypass ``save()``.

The spreadsheet import writes thousands of rows with ``bulk_create``/``bulk_update`` and so
sends no ``post_save``. Features that must follow every change of an item (translations
of the item, caches) listen to ``items_bulk_written`` instead.
"""

from django.dispatch import Signal

# Sent inside the writing transaction, after the rows (and their child rows, many-to-many
# links and revisions) are written: receivers' own writes commit or roll back with them.
# Arguments: ``changed``, a dict {model class: set of primary keys created or updated}.
items_bulk_written = Signal()
