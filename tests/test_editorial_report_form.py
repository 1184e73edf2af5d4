"""Residents' "Klopt er iets niet?" form: validation, spam, rate limit, escaping, CSRF."""

import logging

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from portal.editorial.models import ResidentReport
from portal.groups import MUNICIPALITY_EDITORS, WIJKRACHT_EDITORS

from .editorial_helpers import make_faq, make_location, make_organisation, make_service, make_user

pytestmark = pytest.mark.django_db

SCRIPT = '<script>alert("x")</script><b onmouseover="steal()">vet</b>'


@pytest.fixture(autouse=True)
def clear_rate_limit():
    cache.clear()
    yield
    cache.clear()


def report_url(item):
    return reverse("editorial_report", args=[ContentType.objects.get_for_model(item).pk, item.pk])


def post(client, item, **data):
    payload = {"problem": "telefoonnummer", "message": "Het nummer is 074 000 1234.", "email": ""}
    payload.update(data)
    return client.post(report_url(item), payload, REMOTE_ADDR=data.pop("ip", "192.0.2.10"))


@pytest.mark.parametrize("make_item", [make_organisation, make_service, make_location, make_faq])
def test_form_is_on_every_detail_page(client, make_item):
    item = make_item()
    response = client.get(item.url)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Klopt er iets niet?" in body
    assert f'action="{report_url(item)}"' in body
    assert "Wat klopt er niet?</span></legend>" in body
    assert 'for="report-message"' in body and 'for="report-email"' in body


def test_valid_report_is_stored_and_editors_notified(client):
    make_user("redacteur", groups=[WIJKRACHT_EDITORS], email="redactie@example.org")
    location = make_location(name="Wijkentree Berflo")

    response = post(client, location, email="Inwoner@Example.org")

    assert response.status_code == 302
    report = ResidentReport.objects.get()
    assert report.item == location
    assert report.item_title == "Wijkentree Berflo"
    assert report.problem == "telefoonnummer"
    assert report.email == "inwoner@example.org"
    assert report.status == ResidentReport.Status.NEW
    assert [m.to for m in mail.outbox] == [["redactie@example.org"]]
    assert "inwoner@example.org" not in mail.outbox[0].body  # no personal data in mailboxes
    thanks = client.get(response["Location"])
    assert "Bedankt voor uw melding" in thanks.content.decode()


def test_faq_reports_go_to_municipality_editors(client):
    make_user("wijkracht", groups=[WIJKRACHT_EDITORS], email="wijkracht@example.org")
    make_user("gemeente", groups=[MUNICIPALITY_EDITORS], email="gemeente@example.org")
    post(client, make_faq(), problem="iets-anders")
    assert [m.to for m in mail.outbox] == [["gemeente@example.org"]]


def test_missing_choice_shows_error_summary_in_dutch(client):
    location = make_location()
    response = post(client, location, problem="")
    body = response.content.decode()
    assert response.status_code == 400
    assert "Er ging iets mis" in body
    assert '<a href="#report-problem-1">Kies wat er niet klopt.</a>' in body
    assert not ResidentReport.objects.exists()


def test_honeypot_stores_nothing_but_looks_like_success(client):
    response = post(client, make_location(), website="http://spam.example")
    assert response.status_code == 302
    assert not ResidentReport.objects.exists()
    assert mail.outbox == []


def test_rate_limit_per_ip(client):
    location = make_location()
    for _ in range(5):
        assert post(client, location).status_code == 302
    response = post(client, location)
    assert response.status_code == 429
    assert "Probeer het over 60 minuten opnieuw" in response.content.decode()
    assert ResidentReport.objects.count() == 5
    assert post(client, location, ip="198.51.100.7").status_code == 302  # another address


def test_oversized_fields_are_refused(client):
    location = make_location()
    response = post(client, location, message="a" * 2001, email="a" * 250 + "@example.org")
    body = response.content.decode()
    assert response.status_code == 400
    assert "Uw tekst is te lang. Gebruik maximaal 2000 tekens." in body
    assert "Dit e-mailadres is te lang." in body or "Vul een e-mailadres in" in body
    assert not ResidentReport.objects.exists()


def test_unknown_choice_and_bad_email_are_refused(client):
    location = make_location()
    response = post(client, location, problem="<b>x</b>", email="<script>@x")
    assert response.status_code == 400
    assert not ResidentReport.objects.exists()
    assert "<script>@x" not in response.content.decode()


def test_html_is_stored_inert_and_shown_escaped(client):
    admin = make_user("beheerder", superuser=True)
    location = make_location()
    post(client, location, message=SCRIPT)
    report = ResidentReport.objects.get()
    assert "<" not in report.message and "onmouseover" not in report.message
    assert 'alert("x")' in report.message  # the text itself is kept, as plain text

    client.force_login(admin)
    edit = client.get(reverse("meldingen:edit", args=[report.pk])).content.decode()
    assert "<script>alert" not in edit
    assert "alert(&quot;x&quot;)" in edit


def test_form_errors_echo_input_escaped(client):
    location = make_location()
    response = post(client, location, problem="", message="<img src=x onerror=alert(1)>tekst")
    body = response.content.decode()
    assert "<img src=x" not in body
    assert response.status_code == 400


def test_missing_csrf_token_is_refused():
    csrf_client = Client(enforce_csrf_checks=True)
    location = make_location()
    response = csrf_client.post(report_url(location), {"problem": "adres"})
    assert response.status_code == 403
    assert not ResidentReport.objects.exists()


def test_csrf_token_from_the_page_is_accepted():
    csrf_client = Client(enforce_csrf_checks=True)
    location = make_location()
    csrf_client.get(location.url)
    token = csrf_client.cookies["csrftoken"].value
    response = csrf_client.post(
        report_url(location), {"problem": "adres", "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302
    assert ResidentReport.objects.count() == 1


def test_email_failure_keeps_the_report(client, monkeypatch, caplog):
    make_user("redacteur", groups=[WIJKRACHT_EDITORS], email="redactie@example.org")

    def broken_send(self, fail_silently=False):
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", broken_send)
    with caplog.at_level(logging.ERROR, logger="portal.editorial.reports"):
        response = post(client, make_location())

    assert response.status_code == 302
    assert ResidentReport.objects.count() == 1
    assert "e-mail aan de redactie mislukt" in caplog.text


def test_only_live_reportable_items(client):
    draft = make_location(live=False)
    assert client.post(report_url(draft), {"problem": "adres"}).status_code == 404
    user_type = ContentType.objects.get(app_label="users", model="user")
    assert client.get(reverse("editorial_report", args=[user_type.pk, 1])).status_code == 404


def test_english_page_gets_english_form(client, locale_en):
    location = make_location()
    url = reverse(
        "editorial_report", args=[ContentType.objects.get_for_model(location).pk, location.pk]
    )
    response = client.get("/en" + url)
    assert "Is something wrong?" in response.content.decode()
