# ruff: noqa: E501 - public sentences read better unbroken
"""Public wording of the report form and freshness notice (B1 Dutch, plain English)."""

from __future__ import annotations

from django.utils.translation import get_language

TEXTS = {
    "nl": {
        "heading": "Klopt er iets niet?",
        "intro": "Ziet u een fout op deze pagina? Laat het ons weten. Wij passen het aan.",
        "legend": "Wat klopt er niet?",
        "problems": {
            "telefoonnummer": "Het telefoonnummer",
            "adres": "Het adres",
            "openingstijden": "De openingstijden",
            "bestaat-niet-meer": "Het bestaat niet meer",
            "iets-anders": "Iets anders",
        },
        "message_label": "Wat is er fout? (niet verplicht)",
        "message_hint": "Bijvoorbeeld het goede telefoonnummer. Schrijf hier niet uw naam, adres of BSN. U kunt maximaal 2000 tekens gebruiken.",
        "email_label": "Uw e-mailadres (niet verplicht)",
        "email_hint": "Alleen als u een antwoord wilt. Wij gebruiken het alleen voor deze melding en verwijderen het daarna.",
        "honeypot_label": "Laat dit veld leeg",
        "submit": "Melding versturen",
        "errors_heading": "Er ging iets mis. Verbeter het volgende:",
        "error_problem": "Kies wat er niet klopt.",
        "error_problem_invalid": "Kies een van de mogelijkheden.",
        "error_message_long": "Uw tekst is te lang. Gebruik maximaal 2000 tekens.",
        "error_email": "Vul een e-mailadres in zoals naam@voorbeeld.nl, of laat het veld leeg.",
        "error_email_long": "Dit e-mailadres is te lang.",
        "rate_limited": "Uw melding is nog niet verstuurd. Vanaf dit adres zijn in korte tijd veel meldingen gestuurd. Uw tekst staat nog hieronder. Probeer het over {minutes} minuten opnieuw. Is het dringend? Bel de gemeente: 14 074.",
        "rate_limited_one_minute": "Uw melding is nog niet verstuurd. Vanaf dit adres zijn in korte tijd veel meldingen gestuurd. Uw tekst staat nog hieronder. Probeer het over 1 minuut opnieuw. Is het dringend? Bel de gemeente: 14 074.",
        "page_title": "Klopt er iets niet?",
        "about": "Uw melding gaat over",
        "thanks_title": "Bedankt voor uw melding",
        "thanks_text": "Wij hebben uw melding ontvangen. Een redacteur kijkt ernaar en past de pagina zo nodig aan.",
        "thanks_email": "Heeft u uw e-mailadres gegeven? Dan krijgt u een antwoord.",
        "back": "Terug naar de pagina",
        "last_verified": "Laatst gecontroleerd op",
        "last_reviewed": "Laatst nagekeken op",
        "stale_notice": "Deze gegevens zijn al lang niet gecontroleerd. Misschien is er iets veranderd. Bel of mail eerst voordat u langsgaat.",
    },
    "en": {
        "heading": "Is something wrong?",
        "intro": "Do you see a mistake on this page? Let us know and we will fix it.",
        "legend": "What is wrong?",
        "problems": {
            "telefoonnummer": "The phone number",
            "adres": "The address",
            "openingstijden": "The opening hours",
            "bestaat-niet-meer": "It no longer exists",
            "iets-anders": "Something else",
        },
        "message_label": "What is wrong? (optional)",
        "message_hint": "For example the right phone number. Do not write your name, address or citizen service number. At most 2000 characters.",
        "email_label": "Your e-mail address (optional)",
        "email_hint": "Only if you want an answer. We only use it for this report and delete it afterwards.",
        "honeypot_label": "Leave this field empty",
        "submit": "Send report",
        "errors_heading": "Something went wrong. Please correct the following:",
        "error_problem": "Choose what is wrong.",
        "error_problem_invalid": "Choose one of the options.",
        "error_message_long": "Your text is too long. Use at most 2000 characters.",
        "error_email": "Enter an e-mail address like name@example.com, or leave it empty.",
        "error_email_long": "This e-mail address is too long.",
        "rate_limited": "Your report has not been sent yet. Many reports were sent from this address in a short time. Your text is still below. Please try again in {minutes} minutes. Is it urgent? Call the municipality: 14 074.",
        "rate_limited_one_minute": "Your report has not been sent yet. Many reports were sent from this address in a short time. Your text is still below. Please try again in 1 minute. Is it urgent? Call the municipality: 14 074.",
        "page_title": "Is something wrong?",
        "about": "Your report is about",
        "thanks_title": "Thank you for your report",
        "thanks_text": "We have received your report. An editor will look at it and correct the page if needed.",
        "thanks_email": "Did you give your e-mail address? Then you will get an answer.",
        "back": "Back to the page",
        "last_verified": "Last checked on",
        "last_reviewed": "Last reviewed on",
        "stale_notice": "This information has not been checked for a long time. Something may have changed. Please call or e-mail before you visit.",
    },
}


def texts(language: str | None = None) -> dict:
    language = (language or get_language() or "nl").split("-")[0]
    return TEXTS.get(language, TEXTS["nl"])
