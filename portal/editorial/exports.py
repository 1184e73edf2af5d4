"""CSV exports of the admin lists (reports inbox, "Te controleren") without formula injection.

Wagtail protects its .xlsx export (formula cells are forced to text) but writes CSV cells as
they are: a resident's report text "=HYPERLINK(...)" would run as a formula in the
spreadsheet of the editor who opens the export. Text cells get the same guard as the
sociale-kaart export (``portal.csv_cells``).
"""

from __future__ import annotations

from wagtail.admin.views.generic.models import IndexView

from portal.csv_cells import escape_formula


class FormulaSafeCSVExportMixin:
    """For views with Wagtail's ``SpreadsheetExportMixin``: text cells in CSV are escaped."""

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        if export_format == self.FORMAT_CSV:
            return escape_formula(value)
        return value


class FormulaSafeIndexView(FormulaSafeCSVExportMixin, IndexView):
    """A ``ModelViewSet`` index view whose CSV export is formula-safe."""
