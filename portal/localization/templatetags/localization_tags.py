"""Template tags for content in several languages (a builtin library: no ``{% load %}``).

- ``{% language_links as links %}``: the language switch and ``hreflang`` links.
- ``{% content_lang obj %}``: `` lang="nl"`` when ``obj``'s text is in another language
  than the page (an untranslated item or a page still copied from Dutch; WCAG 3.1.2).
- ``{% untranslated_notice obj %}``: one line in the reader's language saying so.
"""

from __future__ import annotations

from django import template
from django.template.loader import render_to_string
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
    return format_html(' lang="{}"', content_language(obj))


@register.simple_tag
def untranslated_notice(obj) -> str:
    if not is_untranslated(obj):
        return ""
    return render_to_string("localization/untranslated_notice.html")
