"""Context for the FAQ overview and an answer's page."""

from __future__ import annotations

from django.db.models import Count, F, Window
from django.db.models.functions import RowNumber
from django.utils.html import strip_tags

from faq.models import FAQAnswer, FAQCategory
from portal.core.localized import absolute, localized
from portal.core.pagination import paginate

MAX_RELATED = 5
ANSWERS_PER_CATEGORY = 5
CATEGORY_PAGE_SIZE = 20


def faq_index_context(request) -> dict:
    """All categories with their first answers; `?onderwerp=<slug>` lists one category in full.

    The overview stays short however many answers there are: a window function picks the
    first answers of every category in one query, and one more query counts the rest.
    """
    answers = localized(FAQAnswer).select_related("category", "locale")
    chosen_slug = request.GET.get("onderwerp")
    if chosen_slug:
        category = FAQCategory.objects.filter(slug=chosen_slug).first()
        if category is not None:
            return _category_context(request, answers.filter(category=category), category)
    first_answers = list(
        answers.annotate(
            position=Window(
                RowNumber(), partition_by=[F("category_id")], order_by=[F("question").asc()]
            )
        )
        .filter(position__lte=ANSWERS_PER_CATEGORY)
        .order_by("category__sort_order", "category__name", "question")
    )
    totals = dict(
        answers.order_by()
        .values_list("category_id")
        .annotate(total=Count("pk"))
        .values_list("category_id", "total")
    )
    groups = []
    for answer in first_answers:
        if not groups or groups[-1]["category"].pk != answer.category_id:
            groups.append(
                {"category": answer.category, "answers": [], "total": totals[answer.category_id]}
            )
        groups[-1]["answers"].append(answer)
    for group in groups:
        group["more"] = group["total"] - len(group["answers"])
    return {
        "faq_groups": groups,
        "unknown_category": bool(chosen_slug),
        "structured_data": _faq_page_data(request, first_answers),
    }


def _category_context(request, answers, category) -> dict:
    pager = paginate(request, answers.order_by("question", "pk"), CATEGORY_PAGE_SIZE)
    shown = pager.items
    return {
        "faq_category": category,
        "pager": pager,
        "faq_groups": [{"category": category, "answers": shown, "total": pager.count, "more": 0}],
        "structured_data": _faq_page_data(request, shown),
    }


def _faq_page_data(request, answers) -> dict:
    # Only the questions on this page: structured data must match what the page shows.
    return {
        "@context": "https://schema.org",
        "@type": "FAQPage",
        "url": absolute(request, request.get_full_path()),
        "mainEntity": [question_data(answer) for answer in answers],
    }


def answer_text(answer) -> str:
    text = strip_tags(answer.answer).strip()
    return f"{answer.short_answer}\n\n{text}" if answer.short_answer else text


def question_data(answer) -> dict:
    return {
        "@type": "Question",
        "name": answer.question,
        "acceptedAnswer": {"@type": "Answer", "text": answer_text(answer)},
    }


def faq_detail_context(request, answer) -> dict:
    related = list(
        localized(FAQAnswer)
        .filter(translation_key__in=answer.related_questions.values("translation_key"))
        .select_related("locale")
        .order_by("question")[:MAX_RELATED]
    )
    if not related:
        related = list(
            localized(FAQAnswer)
            .filter(category_id=answer.category_id)
            .exclude(translation_key=answer.translation_key)
            .select_related("locale")
            .order_by("question")[:MAX_RELATED]
        )
    structured_data = {
        "@context": "https://schema.org",
        "@type": "FAQPage",
        "url": absolute(request, request.path),
        "mainEntity": [question_data(answer)],
    }
    return {
        "category": answer.category,
        "related_answers": related,
        "structured_data": structured_data,
    }
