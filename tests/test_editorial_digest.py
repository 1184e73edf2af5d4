"""The daily digest: once per state, contact persons, printed output; AVG e-mail purge."""

import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from portal.editorial.models import (
    ResidentReport,
    Responsibility,
    ReviewSettings,
    VerificationNotice,
)
from portal.editorial.reports import email_retention_cutoff, purge_reporter_emails
from portal.editorial.services import record_verification
from portal.groups import WIJKRACHT_EDITORS

from .editorial_helpers import make_location, make_organisation, make_user

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 15)


def run_digest(day=TODAY):
    out = StringIO()
    call_command("send_verification_digest", date=day.isoformat(), stdout=out)
    return out.getvalue()


@pytest.fixture
def editor():
    return make_user("redacteur", groups=[WIJKRACHT_EDITORS], email="redactie@example.org")


def test_digest_sends_once_per_state(editor):
    location = make_location(name="Inloop De Bron", last_verified=datetime.date(2025, 6, 1))

    output = run_digest()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["redactie@example.org"]
    assert "Inloop De Bron" in mail.outbox[0].body
    assert "Verstuurd aan redactie@example.org: 1 item(s): Inloop De Bron" in output

    run_digest(TODAY + datetime.timedelta(days=1))
    assert len(mail.outbox) == 1  # same state: nothing new

    # Six months later the item is long overdue: that is a new state, so one new reminder.
    run_digest(datetime.date(2026, 12, 2))
    assert len(mail.outbox) == 2
    assert VerificationNotice.objects.filter(object_id=location.pk).count() == 2


def test_checking_again_starts_a_new_period(editor):
    location = make_location(last_verified=datetime.date(2025, 6, 1))
    run_digest()
    record_verification(location, editor, today=datetime.date(2026, 6, 16))
    run_digest(datetime.date(2027, 6, 20))
    assert len(mail.outbox) == 2


def test_items_not_overdue_are_not_sent(editor):
    make_location(last_verified=datetime.date(2026, 1, 1))
    make_location(last_verified=None)
    output = run_digest()
    assert mail.outbox == []
    assert "0 e-mail(s)" in output


def test_contact_person_gets_only_their_own_listing(editor):
    own = make_organisation(
        name="Buurtkamer Noord",
        contact_person_email="contact@buurtkamer.example.org",
        last_verified=datetime.date(2025, 1, 1),
    )
    make_location(name="Inloop elders", last_verified=datetime.date(2025, 1, 1))
    make_location(
        name="Buurtkamer locatie", organisation=own, last_verified=datetime.date(2025, 1, 1)
    )

    run_digest()

    by_recipient = {m.to[0]: m for m in mail.outbox}
    contact_mail = by_recipient["contact@buurtkamer.example.org"]
    assert "Buurtkamer Noord" in contact_mail.body and "Buurtkamer locatie" in contact_mail.body
    assert "Inloop elders" not in contact_mail.body
    assert "/admin/" not in contact_mail.body  # contact persons have no login
    assert "Inloop elders" in by_recipient["redactie@example.org"].body


def test_contact_persons_can_be_switched_off(editor):
    settings = ReviewSettings.load()
    settings.send_to_contact_persons = False
    settings.save()
    make_organisation(contact_person_email="c@example.org", last_verified=datetime.date(2025, 1, 1))
    run_digest()
    assert [m.to for m in mail.outbox] == [["redactie@example.org"]]


def test_dry_run_sends_and_records_nothing(editor):
    make_location(name="Proef", last_verified=datetime.date(2025, 1, 1))
    out = StringIO()
    call_command("send_verification_digest", date=TODAY.isoformat(), dry_run=True, stdout=out)
    assert "Zou versturen aan redactie@example.org" in out.getvalue()
    assert mail.outbox == [] and not VerificationNotice.objects.exists()


def test_retention_cutoff_is_pure():
    now = datetime.datetime(2026, 6, 15, 12, tzinfo=datetime.UTC)
    assert email_retention_cutoff(now, 30) == datetime.datetime(
        2026, 5, 16, 12, tzinfo=datetime.UTC
    )


def _report(status, closed_days_ago=None, email="melder@example.org"):
    item = make_location()
    report = ResidentReport.objects.create(
        item=item, item_title=str(item), problem="adres", email=email, status=status
    )
    if closed_days_ago is not None:
        closed_at = timezone.now() - datetime.timedelta(days=closed_days_ago)
        ResidentReport.objects.filter(pk=report.pk).update(closed_at=closed_at)
    return report


def test_reporter_email_deleted_after_retention():
    expired = _report(ResidentReport.Status.RESOLVED, closed_days_ago=31)
    recent = _report(ResidentReport.Status.REJECTED, closed_days_ago=5)
    still_open = _report(ResidentReport.Status.IN_PROGRESS)

    assert purge_reporter_emails(retention_days=30) == 1

    expired.refresh_from_db(), recent.refresh_from_db(), still_open.refresh_from_db()
    assert expired.email == "" and expired.email_deleted_at is not None
    assert ResidentReport.objects.filter(pk=expired.pk, problem="adres").exists()  # report kept
    assert recent.email == "melder@example.org"
    assert still_open.email == "melder@example.org"


def test_daily_command_also_purges():
    expired = _report(ResidentReport.Status.RESOLVED, closed_days_ago=400)
    output = run_digest()
    expired.refresh_from_db()
    assert expired.email == ""
    assert "E-mailadres verwijderd uit 1 melding(en)." in output


def _open_report(received_days_ago, status=ResidentReport.Status.IN_PROGRESS):
    report = _report(status)
    received = timezone.now() - datetime.timedelta(days=received_days_ago)
    ResidentReport.objects.filter(pk=report.pk).update(created_at=received)
    return report


def test_an_open_report_does_not_keep_the_address_forever(settings):
    assert settings.REPORTER_EMAIL_MAX_AGE_DAYS == 180  # the documented default
    too_old = _open_report(181)
    new_too_old = _open_report(200, status=ResidentReport.Status.NEW)
    young = _open_report(179)

    output = run_digest()  # the daily command does it

    for report in (too_old, new_too_old, young):
        report.refresh_from_db()
    assert too_old.email == "" and too_old.email_deleted_at is not None
    assert new_too_old.email == ""
    assert too_old.status == ResidentReport.Status.IN_PROGRESS  # the report itself stays
    assert young.email == "melder@example.org"
    assert "E-mailadres verwijderd uit 2 melding(en)." in output


def test_the_maximum_age_is_a_setting(settings):
    settings.REPORTER_EMAIL_MAX_AGE_DAYS = 30
    report = _open_report(31)
    out = StringIO()
    call_command("purge_reporter_emails", stdout=out)
    report.refresh_from_db()
    assert report.email == ""
    kept = _open_report(31)
    call_command("purge_reporter_emails", max_age_days=60, stdout=out)
    kept.refresh_from_db()
    assert kept.email == "melder@example.org"


def test_closing_and_reopening_sets_closed_at():
    report = _report(ResidentReport.Status.NEW)
    assert report.closed_at is None
    report.status = ResidentReport.Status.RESOLVED
    report.save()
    assert report.closed_at is not None
    report.status = ResidentReport.Status.IN_PROGRESS
    report.save()
    assert report.closed_at is None


def test_responsible_editor_gets_their_organisations_items(editor):
    own_editor = make_user("eigen", email="eigen@example.org")
    organisation = make_organisation(
        name="Buurtkamer Zuid", last_verified=datetime.date(2025, 1, 1)
    )
    make_location(name="Locatie Zuid", organisation=organisation)  # inherits the date
    make_location(name="Locatie elders", last_verified=datetime.date(2025, 1, 1))
    Responsibility.objects.create(organisation=organisation, user=own_editor)

    run_digest()

    by_recipient = {m.to[0]: m.body for m in mail.outbox}
    assert "Buurtkamer Zuid" in by_recipient["eigen@example.org"]
    assert "Locatie Zuid" in by_recipient["eigen@example.org"]
    assert "Locatie elders" not in by_recipient["eigen@example.org"]
    assert "Buurtkamer Zuid" not in by_recipient["redactie@example.org"]
    assert "Locatie elders" in by_recipient["redactie@example.org"]


def test_responsibility_needs_exactly_one_of_user_or_group():
    from django.core.exceptions import ValidationError

    responsibility = Responsibility(organisation=make_organisation())
    with pytest.raises(ValidationError):
        responsibility.full_clean()
