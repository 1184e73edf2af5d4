"""Admin login throttling (issue 16, item 12): per user name and client address, in Dutch."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client, override_settings
from django.urls import reverse

pytestmark = pytest.mark.django_db

PASSWORD = "het-goede-wachtwoord-42"  # noqa: S105 - test database only
ATTACKER = "203.0.113.66"
ELSEWHERE = "198.51.100.20"
PROXY = "10.0.0.5"


@pytest.fixture
def users():
    model = get_user_model()
    return (
        model.objects.create_superuser("beheerder", "beheer@example.org", PASSWORD),
        model.objects.create_superuser("collega", "collega@example.org", PASSWORD),
    )


def log_in(client, username, password, **meta):
    return client.post(
        reverse("wagtailadmin_login"), {"username": username, "password": password}, **meta
    )


def logged_in(response) -> bool:
    return response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")


def test_wrong_passwords_lock_that_user_from_that_address(users):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        failed = log_in(client, "beheerder", "fout", REMOTE_ADDR=ATTACKER)
        assert failed.status_code == 200  # the normal "wrong password" form
    assert log_in(client, "beheerder", "fout", REMOTE_ADDR=ATTACKER).status_code == 429
    locked = log_in(client, "beheerder", PASSWORD, REMOTE_ADDR=ATTACKER)
    page = locked.content.decode()
    assert locked.status_code == 429
    assert "te vaak een verkeerd wachtwoord" in page
    assert "15 minuten geblokkeerd, ook met het goede wachtwoord" in page
    assert int(locked["Retry-After"]) == 15 * 60
    assert "_auth_user_id" not in client.session

    # The same user from another address, and another user from the same address: fine.
    assert logged_in(log_in(Client(), "beheerder", PASSWORD, REMOTE_ADDR=ELSEWHERE))
    assert logged_in(log_in(Client(), "collega", PASSWORD, REMOTE_ADDR=ATTACKER))


def test_a_successful_login_resets_the_count(users):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        log_in(client, "beheerder", "fout", REMOTE_ADDR=ATTACKER)
    assert logged_in(log_in(client, "beheerder", PASSWORD, REMOTE_ADDR=ATTACKER))
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        log_in(client, "beheerder", "fout", REMOTE_ADDR=ATTACKER)
    assert logged_in(log_in(client, "beheerder", PASSWORD, REMOTE_ADDR=ATTACKER))


@override_settings(TRUSTED_PROXIES=(PROXY,))
def test_behind_the_proxy_the_client_address_counts_not_the_proxy(users):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(Client(), "beheerder", "fout", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=ATTACKER)
    refused = log_in(
        Client(), "beheerder", PASSWORD, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=ATTACKER
    )
    assert refused.status_code == 429
    # The real user comes through the same proxy from their own address.
    assert logged_in(
        log_in(Client(), "beheerder", PASSWORD, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=ELSEWHERE)
    )
