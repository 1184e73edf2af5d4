"""Editors preview drafts of every kind of item with the public template."""

import pytest
from django.test import RequestFactory

from tests.factories import (
    FAQAnswerFactory,
    LocationFactory,
    OrganisationFactory,
    ServiceFactory,
    SuperUserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("factory", "title_field"),
    [
        (OrganisationFactory, "name"),
        (ServiceFactory, "name"),
        (LocationFactory, "name"),
        (FAQAnswerFactory, "question"),
    ],
)
def test_preview_renders_the_public_template(factory, title_field):
    item = factory(live=False)
    setattr(item, title_field, "Nog niet gepubliceerde titel")
    request = RequestFactory().get("/", HTTP_HOST="localhost")
    request.user = SuperUserFactory()

    response = item.serve_preview(request, "")
    response.render()

    assert response.status_code == 200
    assert "Nog niet gepubliceerde titel" in response.content.decode()
