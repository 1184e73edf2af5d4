"""Template tags for content in several languages (a builtin library: no ``{% load %}``).

- ``{% language_links as links %}``: the language switch and ``hreflang`` links.
- ``{% content_lang obj %}``: `` lang="nl"`` when ``obj``'s text is in another language
  than the page (an untranslated item or a page still copied from Dutch; WCAG 3.1.2), with
  ``dir="ltr"`` on a right-to-left page.
- ``{% untranslated_notice obj %}``: one line in the reader's language saying so.
"""

from __future__ import annotations

from django import template
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.html import format_html

from portal.localization.alternates import language_links as links_for
from portal.localization.content import content_language, is_untranslated

register = template.Library()


@register.simple_tag(takes_context=True)
def language_links(context):
    return links_for(context)


@register.simple_tag
def content_lang(obj) -> str:
    if not is_untranslated(obj):
        return ""
    code = content_language(obj)
    # Dutch on an Arabic page keeps its own direction (and its full stop at the line's end).
    bidi = bool(translation.get_language_info(code).get("bidi"))
    if bidi != translation.get_language_bidi():
        return format_html(' lang="{}" dir="{}"', code, "rtl" if bidi else "ltr")
    return format_html(' lang="{}"', code)


@register.simple_tag
def untranslated_notice(obj) -> str:
    if not is_untranslated(obj):
        return ""
    return render_to_string("localization/untranslated_notice.html")
