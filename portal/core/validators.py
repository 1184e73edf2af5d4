"""Validators shared by the domain apps' models (and so by the admin and the import)."""

import re

from django.core.validators import RegexValidator

# The one rule for postcodes, in the admin and in the spreadsheet import: the space may be
# left out when typing, and is put in by ``normalise_postcode`` when the item is saved
# (the models' ``clean``) or imported (the adapters' postcode columns).
POSTCODE_VALIDATOR = RegexValidator(
    r"^[1-9][0-9]{3} ?[A-Z]{2}$", "Vul een postcode in zoals 7551 DR."
)
_POSTCODE_PARTS = re.compile(r"^([1-9][0-9]{3}) ?([A-Z]{2})$")


def normalise_postcode(value: str) -> str:
    """A valid postcode in its one written form, "7551 DR"; anything else unchanged."""
    parts = _POSTCODE_PARTS.match(value or "")
    return f"{parts[1]} {parts[2]}" if parts else value


LANGUAGE_CODE_VALIDATOR = RegexValidator(
    r"^[a-z]{2}$", "Gebruik een taalcode van twee letters, zoals nl."
)
