"""Column types of the exchange format: how a cell becomes a value, and a value a cell.

A column is declared once, in the adapter of its file, and is bound to the model field
of the same name (or ``field=``): its length limit, choices, bounds and validators come
from that field, so the admin and the import apply the same rules. A column adds only
what a spreadsheet needs on top: the cell syntax (``;`` lists, slugs of other rows) and
the message an editor reads, ``'7551DR' is geen geldige postcode …``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.validators import (
    MaxLengthValidator,
    MaxValueValidator,
    MinValueValidator,
    RegexValidator,
)

from .bulk import set_m2m
from .cells import (
    RowCleaner,
    reference_problem,
    rich_text_to_text,
    split_values,
    text_to_rich_text,
)

DATE_PATTERN = re.compile(r"^\d{4}-\d{2}-\d{2}$")
SLUG_VALIDATOR = RegexValidator(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

# ISO 639-1: the two-letter language codes (a fixed list; languages do not come and go).
_ISO_639_1_CODES = """
aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs
cu cv cy da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht
hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb lg
li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv ny oc oj om or os pa
pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr ss st su sv sw ta te tg th ti
tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu"""
ISO_639_1 = frozenset(_ISO_639_1_CODES.split())  # noqa: SIM905


def _is_iso_639_1(value: str) -> None:
    if value not in ISO_639_1:
        raise ValidationError("not ISO 639-1")


def target_key(target) -> str:
    """References point at another file ("themes.csv") or at a model kept in the admin."""
    return target if isinstance(target, str) else target._meta.label_lower


def first_error(value: str, validators: Iterable[Callable], message: str | None) -> str | None:
    for validator in validators:
        try:
            validator(value)
        except ValidationError as error:
            return message.format(value=value) if message else " ".join(error.messages)
    return None


class Column:
    """A column whose cell is the model field's value as text."""

    # Written with the row (bulk_create/bulk_update); False for many-to-many columns.
    stores_field = True
    target = None

    def __init__(
        self,
        name: str,
        *,
        field: str | None = None,
        required: bool = False,
        max_length: int | None = None,
        validators: Iterable[Callable] = (),
        message: str | None = None,
        normalise: Callable[[str], str] | None = None,
        read: Callable | None = None,
    ):
        self.name = name
        self.attribute = field or name
        self.required = required
        self.max_length = max_length
        self.extra_validators = tuple(validators)
        self.validators: tuple[Callable, ...] = self.extra_validators
        self.message = message
        self.normalise = normalise
        self._read = read
        self.model_field = None

    def bind(self, model) -> None:
        """Take the limits and validators of the model field this column fills."""
        try:
            self.model_field = model._meta.get_field(self.attribute)
        except FieldDoesNotExist:
            return
        if self.max_length is None:
            self.max_length = getattr(self.model_field, "max_length", None)
        own = [v for v in self.model_field.validators if not isinstance(v, MaxLengthValidator)]
        self.validators = (*own, *self.extra_validators)

    # -- import --

    def clean(self, row: RowCleaner, known: dict):
        value = row.cell(self.name).strip()
        if not value:
            if self.required:
                row.problem(self.name, "verplicht, maar leeg")
            return value
        error = first_error(value, self.validators, self.message)
        if error:
            row.problem(self.name, error)
        elif self.max_length and len(value) > self.max_length:
            row.problem(self.name, f"te lang: {len(value)} tekens (maximaal {self.max_length})")
        elif self.normalise:
            value = self.normalise(value)
        return value

    def write(self, obj, value, slug_maps: dict) -> None:
        setattr(obj, self.attribute, value)

    def write_related(self, model, pairs: list, slug_maps: dict) -> None:
        """Rows outside the model's table (many-to-many, inline rows), after the write."""

    # -- export (and the comparison that decides what an import changes) --

    def read(self, obj):
        return self._read(obj) if self._read else getattr(obj, self.attribute)

    def cell(self, value) -> str:
        return str(value or "")


class Slug(Column):
    """The row's key, unique within its file; references between files use it."""

    def __init__(self):
        super().__init__(
            "slug",
            required=True,
            validators=[SLUG_VALIDATOR],
            message="'{value}' is geen geldige slug (alleen kleine letters a-z, cijfers en "
            "streepjes, zoals 'wijkentree-berflo')",
        )

    def bind(self, model) -> None:
        super().bind(model)
        self.validators = self.extra_validators  # stricter than Django's validate_slug

    def clean(self, row: RowCleaner, known: dict):
        problems = len(row.problems)
        value = super().clean(row, known)
        if value and len(row.problems) == problems:
            first_line = row.first_lines.setdefault(value, row.line)
            if first_line != row.line:
                row.problem("slug", f"'{value}' staat al op regel {first_line} van dit bestand")
        return value


class MultiLine(Column):
    """Free text that may span lines: inner line breaks stay, outer whitespace goes."""

    def clean(self, row: RowCleaner, known: dict):
        return row.cell(self.name).strip()


class RichText(Column):
    """A rich-text field as plain paragraphs (HTML an editor formatted stays HTML)."""

    def clean(self, row: RowCleaner, known: dict):
        text = row.cell(self.name).strip()
        if self.required and not text:
            row.problem(self.name, "verplicht, maar leeg")
        return text_to_rich_text(text)

    def cell(self, value) -> str:
        return rich_text_to_text(value)


class Choice(Column):
    """One of the model field's choices."""

    def __init__(self, name: str, **options):
        options.setdefault("required", True)
        super().__init__(name, **options)
        self.choices: list[str] = []

    def bind(self, model) -> None:
        super().bind(model)
        self.choices = [str(value) for value, _label in self.model_field.choices]
        self.validators = ()
        self.max_length = None

    def clean(self, row: RowCleaner, known: dict):
        value = super().clean(row, known)
        if value and value not in self.choices:
            row.problem(
                self.name,
                f"'{value}' is geen geldige waarde (kies uit: {', '.join(self.choices)})",
            )
        return value


class Values(Column):
    """A ``;``-separated list; ``joined`` stores it as one text ("\\n"), else as a list."""

    def __init__(self, name: str, *, joined: str | None = None, **options):
        super().__init__(name, **options)
        self.joined = joined

    def bind(self, model) -> None:
        super().bind(model)
        base_field = getattr(self.model_field, "base_field", None)
        own = list(base_field.validators) if base_field else []
        own = [v for v in own if not isinstance(v, MaxLengthValidator)]
        self.validators = (*own, *self.extra_validators)

    def clean(self, row: RowCleaner, known: dict):
        values = split_values(row.cell(self.name))
        for value in values:
            error = first_error(value, self.validators, self.message)
            if error:
                row.problem(self.name, error)
        return values

    def write(self, obj, value, slug_maps: dict) -> None:
        setattr(obj, self.attribute, self.joined.join(value) if self.joined else value)

    def read(self, obj):
        return list(super().read(obj) or [])

    def cell(self, value) -> str:
        return ";".join(value)


class LanguageCodes(Values):
    def __init__(self, name: str, **options):
        options.setdefault("validators", [_is_iso_639_1])
        options.setdefault("message", "'{value}' is geen taalcode volgens ISO 639-1 (zoals nl)")
        super().__init__(name, **options)


class Reference(Column):
    """The slug of one row of another file (or of a model kept in the admin)."""

    def __init__(self, name: str, target, label: str, **options):
        super().__init__(name, **options)
        self.target, self.label = target, label

    def bind(self, model) -> None:
        super().bind(model)
        self.validators, self.max_length = (), None

    def clean(self, row: RowCleaner, known: dict):
        value = super().clean(row, known)
        if value:
            check_reference(row, self.name, value, known.get(target_key(self.target)), self.label)
        return value or None

    def write(self, obj, value, slug_maps: dict) -> None:
        pk = slug_maps[target_key(self.target)][value] if value else None
        setattr(obj, f"{self.attribute}_id", pk)

    def read(self, obj):
        related = getattr(obj, self.attribute)
        return related.slug if related else None


class References(Reference):
    """A ``;`` list of slugs of a many-to-many field, sorted in the cell."""

    stores_field = False

    def clean(self, row: RowCleaner, known: dict):
        values = split_values(row.cell(self.name))
        for value in values:
            check_reference(row, self.name, value, known.get(target_key(self.target)), self.label)
        return values

    def write(self, obj, value, slug_maps: dict) -> None:
        """Written by ``write_related`` once the rows have primary keys."""

    def write_related(self, model, pairs: list, slug_maps: dict) -> None:
        set_m2m(model, self.attribute, pairs, slug_maps[target_key(self.target)])

    def read(self, obj):
        return [related.slug for related in getattr(obj, self.attribute).all()]

    def cell(self, value) -> str:
        return ";".join(sorted(value))


def check_reference(row: RowCleaner, column: str, value: str, known, label: str) -> None:
    # ``known`` is None when the referenced file itself could not be read: its own
    # problem is reported there, not once for every row that points at it.
    if known is not None and value not in known:
        row.problem(column, reference_problem(label, value))


class Date(Column):
    """A date written as JJJJ-MM-DD."""

    def bind(self, model) -> None:
        super().bind(model)
        self.validators = ()

    def clean(self, row: RowCleaner, known: dict):
        value = super().clean(row, known)
        if not value:
            return None
        try:
            if not DATE_PATTERN.match(value):
                raise ValueError
            return date.fromisoformat(value)
        except ValueError:
            row.problem(self.name, f"'{value}' is geen geldige datum (schrijf JJJJ-MM-DD)")
            return None

    def cell(self, value) -> str:
        return value.isoformat() if value else ""


class Coordinate(Column):
    """A decimal degree within the bounds of the model field's validators."""

    def __init__(self, name: str, label: str, **options):
        super().__init__(name, **options)
        self.label = label
        self.bounds: tuple[Decimal, Decimal] = (Decimal("-Infinity"), Decimal("Infinity"))

    def bind(self, model) -> None:
        super().bind(model)
        low = [v.limit_value for v in self.validators if isinstance(v, MinValueValidator)]
        high = [v.limit_value for v in self.validators if isinstance(v, MaxValueValidator)]
        self.bounds = (max(low, default=self.bounds[0]), min(high, default=self.bounds[1]))
        self.places = self.model_field.decimal_places
        self.validators = ()
        self.max_length = None

    def clean(self, row: RowCleaner, known: dict):
        value = super().clean(row, known)
        if not value:
            return None
        try:
            number = Decimal(value)
            if not number.is_finite():
                raise InvalidOperation
        except InvalidOperation:
            row.problem(self.name, f"'{value}' is geen getal (schrijf bijvoorbeeld 52.26570)")
            return None
        low, high = self.bounds
        if not low <= number <= high:
            row.problem(
                self.name,
                f"{value} ligt buiten Nederland ({self.label} moet tussen {low} en {high} liggen)",
            )
            return None
        return number.quantize(Decimal(1).scaleb(-self.places))

    def cell(self, value) -> str:
        return "" if value is None else f"{value:.{self.places}f}"
