"""Validators shared by the domain apps' models (and so by the admin and the import)."""

from django.core.validators import RegexValidator

POSTCODE_VALIDATOR = RegexValidator(
    r"^[1-9][0-9]{3} ?[A-Z]{2}$", "Vul een postcode in zoals 7551 DR."
)
LANGUAGE_CODE_VALIDATOR = RegexValidator(
    r"^[a-z]{2}$", "Gebruik een taalcode van twee letters, zoals nl."
)
