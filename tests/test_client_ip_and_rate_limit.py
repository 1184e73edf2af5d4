"""The client address behind a proxy (portal/client_ip.py) and the report form's rate limit."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.test import RequestFactory, override_settings
from django.urls import reverse
from django.utils import translation

from portal.client_ip import client_ip, parse_trusted_proxies
from portal.editorial.models import ResidentReport

from .editorial_helpers import make_location

PROXY = "10.0.0.5"
RESIDENT = "203.0.113.20"
OTHER_RESIDENT = "198.51.100.7"


def request_from(remote_addr: str, **headers):
    return RequestFactory().get("/", REMOTE_ADDR=remote_addr, **headers)


def test_without_trusted_proxies_the_header_is_ignored():
    request = request_from(RESIDENT, HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert client_ip(request) == RESIDENT


@override_settings(TRUSTED_PROXIES=(PROXY,))
def test_a_trusted_proxy_names_the_client_and_spoofed_entries_are_ignored():
    assert client_ip(request_from(PROXY, HTTP_X_FORWARDED_FOR=RESIDENT)) == RESIDENT
    # The client wrote "1.2.3.4" itself; the proxy appended the address it saw.
    spoofed = request_from(PROXY, HTTP_X_FORWARDED_FOR=f"1.2.3.4, {RESIDENT}")
    assert client_ip(spoofed) == RESIDENT
    # Not from the proxy: the header is not believed.
    assert client_ip(request_from(OTHER_RESIDENT, HTTP_X_FORWARDED_FOR=RESIDENT)) == (
        OTHER_RESIDENT
    )
    # From the proxy without a header: the proxy is all we know.
    assert client_ip(request_from(PROXY)) == PROXY


@override_settings(TRUSTED_PROXIES=("10.0.0.0/8", "2001:db8::/32"))
def test_chains_of_trusted_proxies_and_networks_are_skipped():
    request = request_from(PROXY, HTTP_X_FORWARDED_FOR=f"9.9.9.9, {RESIDENT}, 10.1.2.3, 10.0.0.9")
    assert client_ip(request) == RESIDENT
    ipv6 = request_from("2001:db8::1", HTTP_X_FORWARDED_FOR="2001:db9::7, 2001:db8::2")
    assert client_ip(ipv6) == "2001:db9::7"
    garbage = request_from(PROXY, HTTP_X_FORWARDED_FOR="not-an-ip, 10.0.0.7")
    assert client_ip(garbage) == "10.0.0.7"


@override_settings(TRUSTED_PROXIES=(PROXY,), CLIENT_IP_HEADER="X-Real-IP")
def test_the_header_name_is_configurable():
    request = request_from(PROXY, HTTP_X_REAL_IP=RESIDENT, HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert client_ip(request) == RESIDENT


def test_a_bad_trusted_proxies_value_stops_the_start_up():
    assert parse_trusted_proxies(" 10.0.0.5, 192.168.0.0/16 ,,") == (
        "10.0.0.5/32",
        "192.168.0.0/16",
    )
    with pytest.raises(ValueError, match="nginx"):
        parse_trusted_proxies("10.0.0.5,nginx")


def test_settings_come_from_the_environment():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.test",
        "TRUSTED_PROXIES": "10.0.0.5,172.16.0.0/12",
        "CLIENT_IP_HEADER": "X-Real-IP",
    }
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.TRUSTED_PROXIES, settings.CLIENT_IP_HEADER)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == "('10.0.0.5/32', '172.16.0.0/12') X-Real-IP"
    env["TRUSTED_PROXIES"] = "proxy.local"
    failed = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=settings.BASE_DIR, capture_output=True, text=True
    )
    assert failed.returncode != 0 and "'proxy.local' is not an IP address" in failed.stderr


# --- the report form's rate limit -------------------------------------------------------------


@pytest.fixture(autouse=True)
def clear_rate_limit():
    cache.clear()
    yield
    cache.clear()


def report_url(item, prefix=""):
    content_type = ContentType.objects.get_for_model(item)
    with translation.override("nl"):  # the Dutch path; the prefix picks the language
        return prefix + reverse("editorial_report", args=[content_type.pk, item.pk])


def post_report(client, item, *, via_proxy_for=None, remote=RESIDENT, prefix="", **data):
    payload = {"problem": "telefoonnummer", "message": "Het nummer is 074 000 1234.", "email": ""}
    payload.update(data)
    headers = {"REMOTE_ADDR": remote}
    if via_proxy_for:
        headers = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": via_proxy_for}
    return client.post(report_url(item, prefix), payload, **headers)


@pytest.mark.django_db
@override_settings(TRUSTED_PROXIES=(PROXY,))
def test_behind_the_proxy_one_client_cannot_block_another(client):
    location = make_location()
    for _ in range(5):
        assert post_report(client, location, via_proxy_for=RESIDENT).status_code == 302
    assert post_report(client, location, via_proxy_for=RESIDENT).status_code == 429
    # Same proxy, another resident: not limited.
    assert post_report(client, location, via_proxy_for=OTHER_RESIDENT).status_code == 302
    assert ResidentReport.objects.count() == 6


@pytest.mark.django_db
def test_honeypot_hits_do_not_count_against_residents(client):
    location = make_location()
    for _ in range(20):
        bot = post_report(client, location, website="http://spam.example")
        assert bot.status_code == 302
    assert not ResidentReport.objects.exists()
    # A resident behind the same address (a library, a proxy) can still report.
    assert post_report(client, location).status_code == 302
    assert ResidentReport.objects.count() == 1


@pytest.mark.django_db
def test_a_refused_report_keeps_the_text_and_says_what_to_do(client):
    location = make_location()
    for _ in range(5):
        post_report(client, location)
    text = "Het telefoonnummer is nu 074 000 9999 & niet meer <oud>."
    response = post_report(client, location, message=text, email="bewoner@example.org")
    page = response.content.decode()
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 55 * 60
    assert "Uw melding is nog niet verstuurd" in page
    assert "Probeer het over 60 minuten opnieuw" in page
    assert "14 074" in page
    # The resident's text and address are still in the form, escaped.
    assert "Het telefoonnummer is nu 074 000 9999 &amp; niet meer &lt;oud&gt;.</textarea>" in page
    assert 'value="bewoner@example.org"' in page
    assert ResidentReport.objects.count() == 5


@pytest.mark.django_db
def test_the_refusal_is_in_english_on_the_english_site(client, locale_en):
    location = make_location()
    for _ in range(5):
        post_report(client, location, prefix="/en")
    response = post_report(client, location, prefix="/en", message="Wrong number")
    page = response.content.decode()
    assert response.status_code == 429
    assert "Your report has not been sent yet" in page
    assert "Please try again in 60 minutes" in page
    assert "Wrong number</textarea>" in page
