"""The FAQ app's file of the spreadsheet exchange: faqs.csv.

Each column is declared once; its limits and validators come from the model field it
fills (``portal.core.exchange.columns``). The format: ``portal/fixtures/sociale-kaart``.
"""

from __future__ import annotations

from faq.models import FAQAnswer, FAQCategory
from portal.core.exchange import SpreadsheetFile, spreadsheet_files
from portal.core.exchange.columns import Choice, Column, Reference, RichText

FAQS = "faqs.csv"

faqs = spreadsheet_files.register(
    SpreadsheetFile(
        FAQS,
        FAQAnswer,
        order=60,
        select_related=("category",),
        prefetch_related=("related_questions",),
        columns=(
            Column("question", required=True),
            RichText("answer", required=True),
            Reference("category", FAQCategory, "categorie", required=True),
            Choice("audience"),
        ),
    )
)
