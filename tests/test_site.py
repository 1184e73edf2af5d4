import re

import pytest
from django.contrib.auth.models import Group
from wagtail.models import Workflow, WorkflowContentType

from portal.groups import MODERATORS, MUNICIPALITY_EDITORS, WIJKRACHT_EDITORS, WORKFLOW_NAME

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/en/",
        "/themas/",
        "/organisaties/",
        "/aanbod/",
        "/locaties/",
        "/vragen/",
        "/contact/",
        "/toegankelijkheid/",
        "/privacy/",
        "/en/themes/",
        "/en/questions/",
    ],
)
def test_general_pages_render(client, url):
    response = client.get(url)
    assert response.status_code == 200
    expected_lang = "en" if url.startswith("/en/") else "nl"
    html_tag = re.search(r"<html[^>]*>", response.content.decode()).group(0)
    assert f'lang="{expected_lang}"' in html_tag


def test_groups_exist_after_migrate():
    names = set(Group.objects.values_list("name", flat=True))
    assert {WIJKRACHT_EDITORS, MUNICIPALITY_EDITORS, MODERATORS} <= names
    editors = Group.objects.get(name=WIJKRACHT_EDITORS)
    codenames = set(editors.permissions.values_list("codename", flat=True))
    assert "change_organisation" in codenames
    assert "publish_organisation" not in codenames  # editors' changes need a moderator


def test_moderation_workflow_assigned_to_directory_models():
    workflow = Workflow.objects.get(name=WORKFLOW_NAME)
    models = set(
        WorkflowContentType.objects.filter(workflow=workflow).values_list(
            "content_type__model", flat=True
        )
    )
    assert {"organisation", "service", "location"} <= models


@pytest.mark.parametrize(
    ("url", "english", "dutch"),
    [
        ("/en/accessibility/", "accessibility guidelines", "Wij willen"),
        ("/en/privacy/", "does not use cookies", "geen cookies"),
        ("/en/contact/", "walk into a Wijkentree", "zonder afspraak"),
    ],
)
def test_english_general_pages_have_english_text(client, url, english, dutch):
    """A Dutch body on an English page would be read out with the wrong language."""
    content = client.get(url).content.decode()
    assert english in content
    assert dutch not in content
