"""Dates in running text use each language's own month forms: Polish and Ukrainian write the
month in the genitive ("12 października 2026", "12 жовтня 2026"), not the dictionary form."""

from __future__ import annotations

import pytest

from tests import front_data

pytestmark = pytest.mark.django_db

CHECKED_ON = {
    "nl": "12 oktober 2026",
    "tr": "12 Ekim 2026",
    "ar": "12 أكتوبر 2026",
    "pl": "12 października 2026",
    "uk": "12 жовтня 2026",
}


@pytest.mark.parametrize("code", sorted(CHECKED_ON))
def test_last_checked_date_in_the_readers_language(client, code):
    front_data.build()
    prefix = "" if code == "nl" else f"/{code}"
    html = client.get(f"{prefix}/organisaties/a-schuldhulp/").content.decode()
    assert f'<time datetime="2026-10-12">{CHECKED_ON[code]}</time>' in html
