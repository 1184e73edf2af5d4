# ruff: noqa: E501 - public sentences read better unbroken
"""Public wording of the report form and freshness notice (B1 Dutch message ids).

The texts are lazy gettext strings, translated in ``portal/editorial/locale/`` when read in
a template or form: ``texts()`` gives them by name, so the templates say ``{{ t.heading }}``.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy

# The answers to "Wat klopt er niet?", by the value the form sends (ResidentReport.Problem).
PROBLEMS = {
    "telefoonnummer": pgettext_lazy("wat klopt er niet", "Het telefoonnummer"),
    "adres": pgettext_lazy("wat klopt er niet", "Het adres"),
    "openingstijden": pgettext_lazy("wat klopt er niet", "De openingstijden"),
    "bestaat-niet-meer": pgettext_lazy("wat klopt er niet", "Het bestaat niet meer"),
    "iets-anders": pgettext_lazy("wat klopt er niet", "Iets anders"),
}

TEXTS = {
    "heading": _("Klopt er iets niet?"),
    "intro": _("Ziet u een fout op deze pagina? Laat het ons weten. Wij passen het aan."),
    "legend": _("Wat klopt er niet?"),
    "problems": PROBLEMS,
    "message_label": _("Wat is er fout? (niet verplicht)"),
    "message_hint": _(
        "Bijvoorbeeld het goede telefoonnummer. Schrijf hier niet uw naam, adres of BSN. U kunt maximaal 2000 tekens gebruiken."
    ),
    "email_label": _("Uw e-mailadres (niet verplicht)"),
    "email_hint": _(
        "Alleen als u een antwoord wilt. Wij gebruiken het alleen voor deze melding en verwijderen het daarna."
    ),
    "honeypot_label": _("Laat dit veld leeg"),
    "submit": _("Melding versturen"),
    "errors_heading": _("Er ging iets mis. Verbeter het volgende:"),
    "error_problem": _("Kies wat er niet klopt."),
    "error_problem_invalid": _("Kies een van de mogelijkheden."),
    "error_message_long": _("Uw tekst is te lang. Gebruik maximaal 2000 tekens."),
    "error_email": _("Vul een e-mailadres in zoals naam@voorbeeld.nl, of laat het veld leeg."),
    "error_email_long": _("Dit e-mailadres is te lang."),
    "page_title": _("Klopt er iets niet?"),
    "about": _("Uw melding gaat over"),
    "thanks_title": _("Bedankt voor uw melding"),
    "thanks_text": _(
        "Wij hebben uw melding ontvangen. Een redacteur kijkt ernaar en past de pagina zo nodig aan."
    ),
    "thanks_email": _("Heeft u uw e-mailadres gegeven? Dan krijgt u een antwoord."),
    "back": _("Terug naar de pagina"),
    "last_verified": _("Laatst gecontroleerd op"),
    "last_reviewed": _("Laatst nagekeken op"),
    "stale_notice": _(
        "Deze gegevens zijn al lang niet gecontroleerd. Misschien is er iets veranderd. Bel of mail eerst voordat u langsgaat."
    ),
}


def texts() -> dict:
    """The report form's texts by name; each is translated when it is shown."""
    return TEXTS


def rate_limited_message(minutes: int) -> str:
    """Why the report was not sent, and when to try again (in the active language)."""
    return ngettext(
        "Uw melding is nog niet verstuurd. Vanaf dit adres zijn in korte tijd veel meldingen gestuurd. Uw tekst staat nog hieronder. Probeer het over %(minutes)s minuut opnieuw. Is het dringend? Bel de gemeente: 14 074.",
        "Uw melding is nog niet verstuurd. Vanaf dit adres zijn in korte tijd veel meldingen gestuurd. Uw tekst staat nog hieronder. Probeer het over %(minutes)s minuten opnieuw. Is het dringend? Bel de gemeente: 14 074.",
        minutes,
    ) % {"minutes": minutes}
