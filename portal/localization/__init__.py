"""Content in every site language, never stale (issue 14).

- ``languages``: the site languages as settings.LANGUAGES declares them (nowhere else).
- ``synchronised``: fields that are not prose (phone, address, opening hours …) are copied
  from the Dutch source to every translation, never offered for translation.
- ``status`` and ``views``: the editors' report of missing and outdated translations.
- ``machine``: machine translation (LibreTranslate, DeepL) as a draft, set from the
  environment.
- ``alternates``, ``sitemaps`` and the ``localization_tags`` library: the language switch,
  ``hreflang`` links and one sitemap per language.
"""
