from __future__ import annotations

import re

from django import forms
from django.utils.html import strip_tags

from .models import ResidentReport
from .texts import texts

HONEYPOT_FIELD = "website"


def plain_text(value: str) -> str:
    """Residents' text is stored as plain text: tags removed, control characters dropped."""
    text = strip_tags(value or "")
    text = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", "", text)
    return text.strip()


class ResidentReportForm(forms.Form):
    problem = forms.ChoiceField(choices=ResidentReport.Problem.choices)
    message = forms.CharField(required=False, max_length=ResidentReport.MESSAGE_MAX_LENGTH)
    email = forms.EmailField(required=False, max_length=254)
    website = forms.CharField(required=False)  # honeypot: people never see or fill it

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        t = texts()
        self.fields["problem"].error_messages.update(
            required=t["error_problem"], invalid_choice=t["error_problem_invalid"]
        )
        self.fields["message"].error_messages["max_length"] = t["error_message_long"]
        self.fields["email"].error_messages.update(
            invalid=t["error_email"], max_length=t["error_email_long"]
        )

    def is_spam(self) -> bool:
        return bool((self.data.get(HONEYPOT_FIELD) or "").strip())

    def clean_message(self):
        return plain_text(self.cleaned_data["message"])

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()
