"""Context for the FAQ overview and an answer's page."""

from __future__ import annotations

from django.utils.html import strip_tags

from portal.localized import absolute, localized

MAX_RELATED = 5


def faq_index_context(request) -> dict:
    from faq.models import FAQAnswer

    answers = (
        localized(FAQAnswer)
        .select_related("category", "locale")
        .order_by("category__sort_order", "category__name", "question")
    )
    answers = list(answers)
    return {
        "answers": answers,
        "structured_data": {
            "@context": "https://schema.org",
            "@type": "FAQPage",
            "url": absolute(request, request.path),
            "mainEntity": [question_data(answer) for answer in answers],
        },
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
    from faq.models import FAQAnswer

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
