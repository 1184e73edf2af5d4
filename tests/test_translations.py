"""The interface text catalogues: complete, compiled and used by every template.

Dutch is the source language (the msgid); every other language in ``LANGUAGES`` ships a
``django.po`` next to its compiled ``django.mo``. These tests are the CI check of README,
"Languages and translations": they fail on a string that a template or a Python module uses
but no catalogue holds, on an untranslated or fuzzy entry, on a ``.mo`` that is older than its
``.po`` and on the retired ``{% t "nl" "en" %}`` tag.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import polib
import pytest
from django.apps import apps
from django.conf import settings
from django.template import engines
from django.templatetags.i18n import BlockTranslateNode, TranslateNode
from django.utils import translation

SOURCE_LANGUAGE = settings.LANGUAGE_CODE
SHIPPED_LANGUAGES = [code for code, _name in settings.LANGUAGES if code != SOURCE_LANGUAGE]
BASE_DIR = Path(settings.BASE_DIR).resolve()

# The retired home-made tag: `{% t "Dutch" "English" %}` (also `{%t` and `{%- t`-like spacing).
RETIRED_T_TAG = re.compile(r"\{%-?\s*t\s")


def _ours(path: Path) -> bool:
    """A path of this project, not of an installed package (the venv may live in the checkout)."""
    path = path.resolve()
    return path.is_relative_to(BASE_DIR) and "site-packages" not in path.parts


def locale_dirs() -> list[Path]:
    """The project's `locale/` (LOCALE_PATHS) and every own app's `<app>/locale/`."""
    dirs = [Path(path) for path in settings.LOCALE_PATHS]
    dirs += [Path(app.path) / "locale" for app in apps.get_app_configs() if _ours(Path(app.path))]
    return [path for path in dict.fromkeys(dirs) if path.is_dir()]


def catalogue_files(language: str) -> list[Path]:
    return [
        po
        for directory in locale_dirs()
        for po in sorted((directory / language / "LC_MESSAGES").glob("*.po"))
    ]


def all_catalogue_files() -> list[Path]:
    return [
        po for directory in locale_dirs() for po in sorted(directory.glob("*/LC_MESSAGES/*.po"))
    ]


def template_files() -> list[Path]:
    dirs = [Path(d) for d in engines["django"].template_dirs if _ours(Path(d))]
    return sorted({path for directory in dirs for path in directory.rglob("*.html")})


# Folders `make messages` skips (Makefile: --ignore), plus migrations (no interface text).
SKIPPED_DIRS = {".venv", "node_modules", "staticfiles", "var", "tests", "migrations", ".git"}
# gettext functions by name: where the context and the message id are among the arguments.
GETTEXT_CALLS = {
    "_": (None, 0),
    "gettext": (None, 0),
    "gettext_lazy": (None, 0),
    "gettext_noop": (None, 0),
    "ngettext": (None, 0),
    "ngettext_lazy": (None, 0),
    "pgettext": (0, 1),
    "pgettext_lazy": (0, 1),
    "npgettext": (0, 1),
    "npgettext_lazy": (0, 1),
}


def python_files() -> list[Path]:
    return sorted(
        path
        for path in BASE_DIR.rglob("*.py")
        if not SKIPPED_DIRS.intersection(path.relative_to(BASE_DIR).parts) and _ours(path)
    )


def python_messages(path: Path) -> set[tuple[str | None, str]]:
    """(context, msgid) of every gettext call with literal arguments in one module."""
    messages = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
        if name not in GETTEXT_CALLS:
            continue
        context_at, msgid_at = GETTEXT_CALLS[name]
        literals = [
            arg.value if isinstance(arg, ast.Constant) and isinstance(arg.value, str) else None
            for arg in node.args
        ]
        if len(literals) <= msgid_at or literals[msgid_at] is None:
            continue
        context = literals[context_at] if context_at is not None else None
        messages.add(_key(context, literals[msgid_at]))
    return messages


def _key(context, msgid: str) -> tuple[str | None, str]:
    return (context or None, msgid)


def template_messages(path: Path) -> set[tuple[str | None, str]]:
    """(context, msgid) of every {% translate %} and {% blocktranslate %} in one template,
    built the way Django builds them at render time (`%(var)s` placeholders, trimmed)."""
    template = engines["django"].from_string(path.read_text(encoding="utf-8")).template
    messages = set()
    for node in template.nodelist.get_nodes_by_type(TranslateNode):
        context = node.message_context.resolve({}) if node.message_context else None
        if node.filter_expression.var.literal is not None:
            messages.add(_key(context, str(node.filter_expression.var.literal)))
    for node in template.nodelist.get_nodes_by_type(BlockTranslateNode):
        context = node.message_context.resolve({}) if node.message_context else None
        messages.add(_key(context, node.render_token_list(node.singular)[0]))
    return messages


def catalogue_messages(language: str) -> dict[tuple[str | None, str], polib.POEntry]:
    entries = {}
    for po_path in catalogue_files(language):
        for entry in polib.pofile(str(po_path)):
            if not entry.obsolete:
                entries[_key(entry.msgctxt, entry.msgid)] = entry
    return entries


def test_no_template_uses_the_retired_t_tag():
    uses = [
        f"{path.relative_to(BASE_DIR)}:{number}: {line.strip()}"
        for path in template_files()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if RETIRED_T_TAG.search(line)
    ]
    assert not uses, "use {% translate %} / {% blocktranslate %} instead of {% t %}:\n" + "\n".join(
        uses
    )


def test_the_retired_t_tag_pattern_catches_its_forms():
    assert RETIRED_T_TAG.search('{% t "Zoeken" "Search" %}')
    assert RETIRED_T_TAG.search('{%t "Zoeken" "Search" as label %}')
    assert not RETIRED_T_TAG.search('{% translate "Zoeken" %}')
    assert not RETIRED_T_TAG.search("{% trans 'Zoeken' %}")


def test_templates_translate_their_text():
    """A guard that the extraction below sees something: the templates hold well over a
    hundred interface strings."""
    messages = set().union(*(template_messages(path) for path in template_files()))
    assert len(messages) > 100
    assert (None, "Zoeken") in messages
    assert (None, "%(counter)s resultaat") in messages


@pytest.mark.parametrize("language", SHIPPED_LANGUAGES)
def test_every_template_string_is_in_the_catalogue(language):
    """A string added to a template without `make messages` is a missing translation."""
    catalogue = catalogue_messages(language)
    missing = [
        f"{path.relative_to(BASE_DIR)}: {msgid!r}" + (f" (context {context!r})" if context else "")
        for path in template_files()
        for context, msgid in sorted(template_messages(path), key=str)
        if (context, msgid) not in catalogue
    ]
    assert not missing, f"not in the {language} catalogue; run `make messages`:\n" + "\n".join(
        missing
    )


def test_python_modules_translate_their_text():
    """A guard that the extraction below sees the gettext calls of the apps' Python code."""
    messages = set().union(*(python_messages(path) for path in python_files()))
    assert len(messages) > 50
    assert (None, "Nu open tot %(time)s") in messages
    assert ("kosten", "Gratis") in messages


def test_python_extraction_reads_every_gettext_form(tmp_path):
    module = tmp_path / "texts.py"
    module.write_text(
        "from django.utils.translation import gettext_lazy as _, ngettext, pgettext_lazy\n"
        "A = _('een ' 'zin')\n"
        "B = pgettext_lazy('soort', 'Inloop')\n"
        "C = ngettext('%(n)s vraag', '%(n)s vragen', 2)\n"
        "D = _(variable)\n",
        encoding="utf-8",
    )
    assert python_messages(module) == {
        (None, "een zin"),
        ("soort", "Inloop"),
        (None, "%(n)s vraag"),
    }


@pytest.mark.parametrize("language", SHIPPED_LANGUAGES)
def test_every_python_string_is_in_the_catalogue(language):
    """A gettext string added to Python code without `make messages` is a missing translation."""
    catalogue = catalogue_messages(language)
    missing = [
        f"{path.relative_to(BASE_DIR)}: {msgid!r}" + (f" (context {context!r})" if context else "")
        for path in python_files()
        for context, msgid in sorted(python_messages(path), key=str)
        if (context, msgid) not in catalogue
    ]
    assert not missing, f"not in the {language} catalogue; run `make messages`:\n" + "\n".join(
        missing
    )


@pytest.mark.parametrize("language", SHIPPED_LANGUAGES)
def test_every_shipped_language_is_fully_translated(language):
    files = catalogue_files(language)
    assert files, f"{language} is in LANGUAGES but has no catalogue; run `make messages`"
    problems = []
    for po_path in files:
        for entry in polib.pofile(str(po_path)):
            if entry.obsolete:
                continue
            where = f"{po_path.relative_to(BASE_DIR)}: {entry.msgid!r}"
            if "fuzzy" in entry.flags:
                problems.append(f"{where} is fuzzy (check the translation, then drop the flag)")
            elif not entry.translated():
                problems.append(f"{where} is not translated")
    assert not problems, "\n".join(problems)


def _compiled(entries) -> dict:
    table = {}
    for entry in entries:
        if entry.msgid == "" or entry.obsolete or "fuzzy" in entry.flags:
            continue
        if entry.msgid_plural:
            value = tuple(entry.msgstr_plural[index] for index in sorted(entry.msgstr_plural))
        else:
            value = entry.msgstr
        if any(value) if isinstance(value, tuple) else value:
            table[_key(entry.msgctxt, entry.msgid)] = value
    return table


@pytest.mark.parametrize(
    "po_path", all_catalogue_files(), ids=lambda path: str(path.relative_to(BASE_DIR))
)
def test_compiled_catalogue_is_current(po_path):
    """The committed .mo says what its .po says (`make messages` compiles after extracting)."""
    mo_path = po_path.with_suffix(".mo")
    assert mo_path.exists(), f"{mo_path.relative_to(BASE_DIR)} is missing; run `make messages`"
    assert _compiled(polib.mofile(str(mo_path))) == _compiled(polib.pofile(str(po_path))), (
        f"{mo_path.relative_to(BASE_DIR)} differs from its .po; run `make messages`"
    )


def test_dutch_source_text_is_shown_as_written():
    """Dutch msgids pass through untranslated in Dutch. A Dutch msgid that happens to be an
    English msgid of Django's or Wagtail's catalogues (say "Search") would come out as *their*
    Dutch translation instead; choose another wording or add a context."""
    changed = []
    with translation.override(SOURCE_LANGUAGE):
        for language in SHIPPED_LANGUAGES:
            for (context, msgid), entry in catalogue_messages(language).items():
                if entry.msgid_plural:
                    shown = (
                        translation.npgettext(context, msgid, entry.msgid_plural, 1)
                        if context
                        else translation.ngettext(msgid, entry.msgid_plural, 1)
                    )
                else:
                    shown = (
                        translation.pgettext(context, msgid)
                        if context
                        else translation.gettext(msgid)
                    )
                if shown != msgid:
                    changed.append(f"{msgid!r} is shown as {shown!r}")
    assert not changed, "\n".join(changed)


@pytest.mark.parametrize("language", SHIPPED_LANGUAGES)
def test_interface_text_is_translated_at_run_time(language):
    """The compiled catalogue is the one Django loads: a template string comes out translated."""
    template = engines["django"].from_string('{% load i18n %}{% translate "Zoeken" %}')
    with translation.override(language):
        assert template.render({}) == catalogue_messages(language)[(None, "Zoeken")].msgstr
