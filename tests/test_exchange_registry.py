"""The registry of spreadsheet files: adapters found in the apps, ordered by their references."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from directory.models import Organisation, Service, Theme, ThemeText
from faq.models import FAQAnswer
from locations.models import District, Location
from portal.core.exchange import SpreadsheetFile, spreadsheet_files
from portal.core.exchange.columns import Column, Reference
from portal.core.exchange.files import SpreadsheetFiles


def test_every_file_comes_from_the_app_that_owns_its_model():
    owners = {adapter.name: adapter.model for adapter in spreadsheet_files}
    assert owners == {
        "themes.csv": Theme,
        "theme_texts.csv": ThemeText,
        "districts.csv": District,
        "organisations.csv": Organisation,
        "locations.csv": Location,
        "services.csv": Service,
        "faqs.csv": FAQAnswer,
    }


def test_a_file_comes_after_the_files_its_references_point_at():
    names = spreadsheet_files.names()
    for adapter in spreadsheet_files:
        for target in adapter.referenced_files():
            assert names.index(target) < names.index(adapter.name), (adapter.name, target)


def test_columns_take_their_limits_from_the_model():
    organisations = spreadsheet_files.get("organisations.csv")
    summary = next(c for c in organisations.columns if c.name == "summary")
    assert summary.max_length == Organisation._meta.get_field("summary").max_length


def test_order_follows_references_not_the_declared_order():
    registry = SpreadsheetFiles()
    registry._discovered = True  # only the two adapters below
    registry.register(
        SpreadsheetFile(
            "b.csv",
            Service,
            order=1,
            columns=(Reference("organisation", "a.csv", "organisatie"),),
        )
    )
    registry.register(SpreadsheetFile("a.csv", Organisation, order=2, columns=(Column("name"),)))
    assert registry.names() == ("a.csv", "b.csv")


def test_a_reference_to_a_file_nobody_declares_is_refused():
    registry = SpreadsheetFiles()
    registry._discovered = True
    registry.register(
        SpreadsheetFile(
            "b.csv", Service, columns=(Reference("organisation", "a.csv", "organisatie"),)
        )
    )
    with pytest.raises(ImproperlyConfigured, match="b.csv"):
        registry.names()


def test_a_column_declared_twice_is_refused():
    with pytest.raises(ImproperlyConfigured, match="twice"):
        SpreadsheetFile("x.csv", Theme, columns=(Column("name"), Column("name")))
