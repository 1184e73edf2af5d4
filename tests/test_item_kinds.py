"""The registry of item kinds is filled from the models' own declarations."""

from directory.models import Organisation, Service
from faq.models import FAQAnswer
from locations.models import District, Location
from portal.core.kinds import item_kinds


def test_every_declared_kind_is_registered_once_in_its_order():
    assert item_kinds.names() == ("organisation", "service", "location", "faq")
    assert item_kinds.models() == (Organisation, Service, Location, FAQAnswer)


def test_a_kind_is_found_by_model_instance_and_label():
    kind = item_kinds.get("location")
    assert item_kinds.for_model(Location) is kind
    assert item_kinds.for_model(Location(name="x")) is kind
    assert item_kinds.for_model("locations.location") is kind
    assert item_kinds.for_model(District) is None
    assert kind.index_page_model == "locations.LocationIndexPage"
    assert kind.label == "locatie"


def test_verifiable_kinds_are_the_models_with_a_review_period():
    assert [kind.name for kind in item_kinds if kind.verifiable] == [
        "organisation",
        "service",
        "location",
    ]
    for kind in item_kinds:
        assert hasattr(kind.model, "last_verified") == kind.verifiable
