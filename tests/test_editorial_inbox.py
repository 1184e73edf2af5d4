"""End to end: a resident reports a problem, it reaches the inbox, an editor resolves it."""

import socket

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from wagtail.models import ModelLogEntry

from portal.editorial.models import ResidentReport
from portal.editorial.reports import create_report
from portal.groups import MODERATORS, MUNICIPALITY_EDITORS, WIJKRACHT_EDITORS

from .editorial_helpers import make_faq, make_location, make_user

pytestmark = pytest.mark.django_db


def test_report_reaches_inbox_and_editor_resolves_it():
    cache.clear()
    editor = make_user("redacteur", groups=[WIJKRACHT_EDITORS], email="redactie@example.org")
    location = make_location(name="Wijkentree Berflo")

    # A resident, on the public page, without JavaScript, with a real CSRF token.
    resident = Client(enforce_csrf_checks=True)
    page = resident.get(location.url)
    assert "Klopt er iets niet?" in page.content.decode()
    response = resident.post(
        reverse(
            "editorial_report",
            args=[ContentType.objects.get_for_model(location).pk, location.pk],
        ),
        {
            "problem": "openingstijden",
            "message": "Op woensdag is het dicht.",
            "email": "inwoner@example.org",
            "csrfmiddlewaretoken": resident.cookies["csrftoken"].value,
        },
        follow=True,
    )
    assert "Bedankt voor uw melding" in response.content.decode()
    assert len(mail.outbox) == 1 and "Op woensdag is het dicht." in mail.outbox[0].body

    # The editor sees it in the inbox, filtered on new reports.
    office = Client()
    office.force_login(editor)
    inbox = office.get(reverse("meldingen:index"), {"status": "nieuw"})
    assert inbox.status_code == 200
    assert "Wijkentree Berflo" in inbox.content.decode()
    report = ResidentReport.objects.get()
    detail = office.get(reverse("meldingen:edit", args=[report.pk])).content.decode()
    assert "Op woensdag is het dicht." in detail
    assert location.url in detail  # link to the public page
    assert reverse("wagtailsnippets_locations_location:edit", args=[location.pk]) in detail

    # ... takes it on, then resolves it with an internal note.
    office.post(
        reverse("meldingen:edit", args=[report.pk]),
        {"status": "in-behandeling", "assignee": editor.pk, "internal_notes": ""},
    )
    report.refresh_from_db()
    assert report.status == "in-behandeling" and report.assignee == editor
    response = office.post(
        reverse("meldingen:edit", args=[report.pk]),
        {
            "status": "opgelost",
            "assignee": editor.pk,
            "internal_notes": "Openingstijden aangepast.",
        },
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == "opgelost"
    assert report.closed_at is not None
    assert report.internal_notes == "Openingstijden aangepast."
    assert report.email == "inwoner@example.org"  # kept until the retention period ends
    assert ModelLogEntry.objects.for_instance(report).filter(action="wagtail.edit").count() == 2
    still_new = office.get(reverse("meldingen:index"), {"status": "nieuw"}).context["object_list"]
    assert report not in list(still_new)


def test_inbox_has_no_add_button_and_needs_permission():
    admin = make_user("beheerder", superuser=True)
    office = Client()
    office.force_login(admin)
    body = office.get(reverse("meldingen:index")).content.decode()
    assert "/admin/redactie/meldingen/new/" not in body
    outsider = Client()
    outsider.force_login(make_user("buitenstaander"))
    assert outsider.get(reverse("meldingen:index")).status_code in (302, 403)


@pytest.mark.parametrize(
    "url_name",
    [
        "meldingen:index",
        "editorial_due:index",
        "editorial_spreadsheet:index",
        "verantwoordelijken:index",
        "verantwoordelijken:add",
    ],
)
def test_editorial_admin_screens_render(url_name):
    office = Client()
    office.force_login(make_user("beheerder", superuser=True))
    response = office.get(reverse(url_name))
    assert response.status_code == 200
    assert "Redactie" in response.content.decode()  # the menu group


def test_wijkracht_editor_sees_the_redactie_menu():
    office = Client()
    office.force_login(make_user("redacteur", groups=[WIJKRACHT_EDITORS]))
    body = office.get(reverse("wagtailadmin_home")).content.decode()
    for label in ("Meldingen van inwoners", "Te controleren", "Spreadsheet"):
        assert label in body


def test_dashboard_warns_when_reports_reach_no_one(client):
    """ensure_admin makes an admin without an e-mail address: the first report would be lost."""
    admin = make_user("beheerder", superuser=True)
    client.force_login(admin)
    warning = "Meldingen van inwoners komen nu bij niemand aan"

    body = client.get(reverse("wagtailadmin_home")).content.decode()
    assert warning in body
    assert "Meldingen over de sociale kaart gaan naar de groep" in body
    assert "Meldingen over veelgestelde vragen gaan naar de groep" in body

    make_user("redacteur", groups=[WIJKRACHT_EDITORS], email="redactie@example.org")
    body = client.get(reverse("wagtailadmin_home")).content.decode()
    assert warning in body  # FAQ reports still reach no one
    assert "Meldingen over de sociale kaart gaan naar de groep" not in body

    make_user("gemeente", groups=[MUNICIPALITY_EDITORS], email="gemeente@example.org")
    assert warning not in client.get(reverse("wagtailadmin_home")).content.decode()


def report_about(item, email="inwoner@example.org"):
    return create_report(
        item, problem="iets-anders", message="Klopt niet.", email=email, item_url="/x/"
    )


def test_each_group_opens_only_the_reports_about_its_own_items():
    faq_report = report_about(make_faq(question="Waar vind ik hulp bij geldzaken?"))
    location_report = report_about(make_location(name="Wijkentree Berflo"))
    wijkracht = Client()
    wijkracht.force_login(make_user("redacteur", groups=[WIJKRACHT_EDITORS]))
    municipality = Client()
    municipality.force_login(make_user("gemeente", groups=[MUNICIPALITY_EDITORS]))
    moderator = Client()
    moderator.force_login(make_user("moderator", groups=[MODERATORS]))

    def listed(client):
        return set(client.get(reverse("meldingen:index")).context["object_list"])

    assert listed(wijkracht) == {location_report}
    assert listed(municipality) == {faq_report}
    assert listed(moderator) == {faq_report, location_report}
    # Opening the other group's report (with the reporter's address) is not possible.
    for url_name in ("meldingen:edit", "meldingen:history", "meldingen:answer"):
        forbidden = wijkracht.get(reverse(url_name, args=[faq_report.pk]))
        assert forbidden.status_code == 404, url_name
    assert wijkracht.get(reverse("meldingen:edit", args=[location_report.pk])).status_code == 200
    assert municipality.get(reverse("meldingen:edit", args=[faq_report.pk])).status_code == 200


def test_answer_and_close_emails_the_reporter_and_is_logged():
    editor = make_user("redacteur", groups=[WIJKRACHT_EDITORS])
    report = report_about(make_location(name="Wijkentree Berflo"))
    office = Client()
    office.force_login(editor)
    detail = office.get(reverse("meldingen:edit", args=[report.pk])).content.decode()
    assert reverse("meldingen:answer", args=[report.pk]) in detail
    assert "Beantwoorden en sluiten" in detail
    mail.outbox.clear()

    response = office.post(
        reverse("meldingen:answer", args=[report.pk]),
        {"answer": "Bedankt! De openingstijden zijn aangepast."},
    )

    assert response.status_code == 302
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == ["inwoner@example.org"]
    assert "De openingstijden zijn aangepast." in sent.body
    assert "Wijkentree Berflo" in sent.body
    report.refresh_from_db()
    assert report.status == ResidentReport.Status.RESOLVED and report.closed_at is not None
    entry = ModelLogEntry.objects.for_instance(report).get(action="editorial.report_answered")
    assert entry.user == editor
    assert "inwoner@example.org" not in str(entry.data)


def test_answer_that_cannot_be_sent_changes_nothing(settings):
    # A real SMTP attempt against a port where nothing listens.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", closed_port, 2
    report = report_about(make_location())
    office = Client()
    office.force_login(make_user("redacteur", groups=[WIJKRACHT_EDITORS]))

    response = office.post(reverse("meldingen:answer", args=[report.pk]), {"answer": "Opgelost."})

    assert response.status_code == 200
    assert "kon niet worden verstuurd" in response.content.decode()
    report.refresh_from_db()
    assert report.status == ResidentReport.Status.NEW
    assert not ModelLogEntry.objects.for_instance(report).filter(action="editorial.report_answered")
