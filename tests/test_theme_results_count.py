"""The theme page's count line ("Gevonden: 2 organisaties, …") speaks the reader's language
with each language's own plural forms, instead of Dutch on every site except the English one."""

from __future__ import annotations

import pytest

from tests import front_data

pytestmark = pytest.mark.django_db

COUNT_LINE = {
    "nl": "Gevonden: 2 organisaties, 2 soorten hulp of activiteit en 3 locaties.",
    "en": "Found: 2 organisations, 2 kinds of help or activity and 3 locations.",
    "tr": "Bulunanlar: 2 kuruluş, 2 tür yardım veya etkinlik ve 3 yer.",
    "ar": "النتائج: 2 منظمتان، و2 نوعان من المساعدة أو الأنشطة، و3 أماكن.",
    "pl": "Znaleziono: 2 organizacje, 2 rodzaje pomocy lub zajęć i 3 miejsca.",
    "uk": "Знайдено: 2 організації, 2 види допомоги чи заходів і 3 місця.",
}


@pytest.mark.parametrize("code", sorted(COUNT_LINE))
def test_theme_page_counts_in_the_readers_language(client, code):
    front_data.build()
    # English has its own page tree (/en/themes/); the other languages are synchronised
    # copies of the Dutch tree with its Dutch slugs until an editor translates them.
    url = {"nl": "/themas/geldzaken/", "en": "/en/themes/geldzaken/"}.get(
        code, f"/{code}/themas/geldzaken/"
    )
    html = client.get(url).content.decode()
    assert COUNT_LINE[code] in html
