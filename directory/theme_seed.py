"""The themes' texts of the sample set, as a seed for installations that already have themes
(and the items' search words of the sample set, for files without that column).

One source: the sample set's `themes.csv` (Dutch search words) and `theme_texts.csv`
(name, description and search words per other language) in portal/fixtures/sociale-kaart.
A fresh installation gets them from the sample import (`import_sociale_kaart`), an existing
one from the migration `directory.0008` or `manage.py seed_theme_texts`. Seeding only adds:
a missing language row, an empty name or description, a search word the theme lacks in that
language. What editors wrote is never overwritten; running it again adds nothing new (a search
word an editor removed comes back, so run it after an upgrade, not routinely).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

SAMPLE_DIR = Path(__file__).resolve().parent.parent / "portal" / "fixtures" / "sociale-kaart"
# Lists inside a cell are separated like the spreadsheet format's other lists.
LIST_SEPARATOR = ";"


def split_list(cell: str) -> list[str]:
    return [value.strip() for value in (cell or "").split(LIST_SEPARATOR) if value.strip()]


@dataclass
class SeedResult:
    created: int = 0
    filled: int = 0
    dutch_words_added: int = 0


def _rows(path: Path) -> list[dict[str, str]]:
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@dataclass
class SampleThemeTexts:
    """The sample set's theme words and texts, by theme slug (and language)."""

    dutch_words: dict[str, list[str]]
    texts: dict[tuple[str, str], dict[str, str]]


def sample_theme_texts(directory: Path = SAMPLE_DIR) -> SampleThemeTexts:
    dutch = {
        row["slug"]: split_list(row.get("synonyms", ""))
        for row in _rows(directory / "themes.csv")
        if row.get("slug")
    }
    texts = {
        (row["theme"], row["language"]): row
        for row in _rows(directory / "theme_texts.csv")
        if row.get("theme") and row.get("language")
    }
    return SampleThemeTexts(dutch, texts)


def sample_search_words(file_name: str, directory: Path | None = None) -> dict[str, str]:
    """{slug: search words} of the sample set's organisations.csv or services.csv (its
    ``search_words`` column, issue 13), for the items that have them."""
    return {
        row["slug"]: row["search_words"].strip()
        for row in _rows((directory or SAMPLE_DIR) / file_name)
        if row.get("slug") and (row.get("search_words") or "").strip()
    }


def merged_list(existing: list[str], extra: list[str]) -> list[str]:
    """``existing`` and then the words of ``extra`` it lacks (compared without case)."""
    known = {word.casefold() for word in existing}
    return [*existing, *(word for word in extra if word.casefold() not in known)]


def _merged_lines(existing: str, extra: list[str]) -> tuple[str, int]:
    lines = [line.strip() for line in (existing or "").splitlines() if line.strip()]
    merged = merged_list(lines, extra)
    return "\n".join(merged), len(merged) - len(lines)


def seed_theme_texts(theme_model, text_model, languages, directory: Path = SAMPLE_DIR):
    """Add the sample set's texts to the themes that exist (matched by slug).

    ``theme_model``/``text_model`` may be historical models (migrations); ``languages``
    are the codes a ThemeText may have (settings.LANGUAGES without Dutch).
    """
    result = SeedResult()
    sample = sample_theme_texts(directory)
    themes = {theme.slug: theme for theme in theme_model.objects.all()}
    for slug, dutch_words in sample.dutch_words.items():
        theme = themes.get(slug)
        if theme is None:
            continue
        merged, added = _merged_lines(theme.synonyms, dutch_words)
        if added:
            theme.synonyms = merged
            theme.save(update_fields=["synonyms"])
            result.dutch_words_added += added
    existing = {
        (text.theme_id, text.language): text
        for text in text_model.objects.filter(theme__in=themes.values())
    }
    for (slug, language), row in sample.texts.items():
        theme = themes.get(slug)
        if theme is None or language not in languages:
            continue
        words = "\n".join(split_list(row.get("search_words", "")))
        text = existing.get((theme.pk, language))
        if text is None:
            text_model.objects.create(
                theme=theme,
                language=language,
                name=row["name"],
                description=row.get("description", ""),
                search_words=words,
            )
            result.created += 1
            continue
        changed = []
        for field, value in (("name", row["name"]), ("description", row.get("description", ""))):
            if not getattr(text, field) and value:
                setattr(text, field, value)
                changed.append(field)
        merged, added = _merged_lines(text.search_words, split_list(row.get("search_words", "")))
        if added:
            text.search_words = merged
            changed.append("search_words")
        if changed:
            text.save(update_fields=changed)
            result.filled += 1
    return result
