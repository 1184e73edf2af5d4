"""Request parameters, paging, filters and the HTTP rules of the HSDS API.

The parameters each endpoint accepts are declared once (``ENDPOINTS``); the views check
requests against them and ``portal.opendata.openapi`` describes them, so the OpenAPI
document always says what the API does.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
import uuid
from dataclasses import dataclass

from django.db.models import Case, F, FloatField, IntegerField, Value, When
from django.db.models.functions import ASin, Cos, Power, Radians, Sin, Sqrt
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.http import http_date, quote_etag
from django.utils.translation import gettext as _

from . import identifiers

DEFAULT_PER_PAGE = 25
MAX_PER_PAGE = 100
# ``minimal`` lists are small per service: the spec asks to return all of them at once.
MAX_PER_PAGE_MINIMAL = 10000
MAX_PAGE = 100000
MAX_PROXIMITY_METRES = 50000
MAX_SEARCH_LENGTH = 200
MAX_IDS = 10  # taxonomy_term_id may list several
CACHE_SECONDS = 300
EARTH_RADIUS_METRES = 6371008.8


class ApiError(Exception):
    """A request the API cannot answer: status, message in the reader's language."""

    def __init__(self, message: str, parameter: str | None = None, status: int = 400):
        super().__init__(message)
        self.message = message
        self.parameter = parameter
        self.status = status


@dataclass(frozen=True)
class Parameter:
    name: str
    type: str  # integer, boolean, string, uuid, date-time, postcode, number
    description: str
    minimum: int | None = None
    maximum: int | None = None


P = Parameter
PARAMETERS = {
    p.name: p
    for p in (
        P("page", "integer", "Page number, from 1.", 1, MAX_PAGE),
        P(
            "per_page",
            "integer",
            f"Results per page: 1 to {MAX_PER_PAGE} (default {DEFAULT_PER_PAGE}); with "
            f"minimal=true up to {MAX_PER_PAGE_MINIMAL}, default all.",
            1,
            MAX_PER_PAGE_MINIMAL,
        ),
        P(
            "format",
            "string",
            "Only `json` (the default). Streaming `ndjson` is not offered: page through the "
            "results, or download the data package.",
        ),
        P(
            "search",
            "string",
            "Full-text search with the site's own search engine (Dutch stemming, compound "
            "words, spelling correction, themes and places), best matches first.",
        ),
        P(
            "taxonomy_term_id",
            "uuid",
            "Only results with this taxonomy term (Dutch or English term of a theme, target "
            "group, district, organisation kind or location kind). Several ids separated by "
            "commas: results with all of them.",
        ),
        P(
            "taxonomy_id",
            "uuid",
            "Only results with at least one term of this taxonomy.",
        ),
        P("organization_id", "uuid", "Only results of this organization."),
        P(
            "modified_after",
            "date-time",
            "Only results modified on or after this moment (RFC 3339, e.g. "
            "2026-01-31T12:00:00Z; a date means its start, UTC).",
        ),
        P(
            "minimal",
            "boolean",
            "true: each service with only id, name, status and last_modified (name and "
            "status because the schema requires them), all on one page by default.",
        ),
        P("full", "boolean", "true: fully nested objects instead of the one-to-one fields."),
        P(
            "full_service",
            "boolean",
            "true: the organization's services fully nested (default: their one-to-one fields).",
        ),
        P(
            "top_only",
            "boolean",
            "true: only terms without a parent term (the top of each hierarchy).",
        ),
        P("parent_id", "uuid", "Only the terms whose parent term is this one."),
        P(
            "postcode",
            "postcode",
            "A Dutch postcode (7555 or 7555 BT). Only services whose service area (the "
            "districts their organization works in) covers it; services without a service "
            "area are kept. With proximity: the distance is measured from this postcode.",
        ),
        P(
            "proximity",
            "number",
            "Metres (1 to 50000) from the postcode; needs postcode. The postcode's position "
            "is the average of the addresses we know in that postcode area; results nearest "
            "first.",
            1,
            MAX_PROXIMITY_METRES,
        ),
    )
}


@dataclass(frozen=True)
class Endpoint:
    name: str
    path: str
    summary: str
    parameters: tuple[str, ...]
    schema: str  # the HSDS schema of a result (its file name)
    paged: bool = False


LIST = ("page", "per_page", "format")
ENDPOINTS = {
    e.name: e
    for e in (
        Endpoint("root", "/", "HSDS version, profile and the address of this document.", (), ""),
        Endpoint(
            "services",
            "/services",
            "Live services, one-to-one fields (or fully nested with full=true).",
            (
                "search",
                *LIST,
                "taxonomy_term_id",
                "taxonomy_id",
                "organization_id",
                "modified_after",
                "minimal",
                "full",
            ),
            "service.json",
            paged=True,
        ),
        Endpoint("service", "/services/{id}", "One fully nested service.", (), "service.json"),
        Endpoint(
            "organizations",
            "/organizations",
            "Live organizations.",
            (
                "search",
                *LIST,
                "taxonomy_term_id",
                "taxonomy_id",
                "modified_after",
                "full",
                "full_service",
            ),
            "organization.json",
            paged=True,
        ),
        Endpoint(
            "organization",
            "/organizations/{id}",
            "One fully nested organization with its services.",
            ("full_service",),
            "organization.json",
        ),
        Endpoint(
            "taxonomies", "/taxonomies", "Our taxonomies.", ("search", *LIST), "taxonomy.json", True
        ),
        Endpoint("taxonomy", "/taxonomies/{id}", "One taxonomy.", (), "taxonomy.json"),
        Endpoint(
            "taxonomy_terms",
            "/taxonomy_terms",
            "The terms of our taxonomies, Dutch and English.",
            ("search", *LIST, "taxonomy_id", "top_only", "parent_id"),
            "taxonomy_term.json",
            paged=True,
        ),
        Endpoint(
            "taxonomy_term", "/taxonomy_terms/{id}", "One taxonomy term.", (), "taxonomy_term.json"
        ),
        Endpoint(
            "service_at_locations",
            "/service_at_locations",
            "Where each live service takes place: one per service and location.",
            (
                "search",
                "taxonomy_term_id",
                "taxonomy_id",
                "organization_id",
                "modified_after",
                "full",
                *LIST,
                "postcode",
                "proximity",
            ),
            "service_at_location.json",
            paged=True,
        ),
        Endpoint(
            "service_at_location",
            "/service_at_locations/{id}",
            "One service at a location, fully nested, with its service.",
            (),
            "service_at_location.json",
        ),
    )
}


# --- reading parameters ---------------------------------------------------------------
class Params:
    """The validated query parameters of one request."""

    def __init__(self, request, endpoint: Endpoint):
        self.endpoint = endpoint
        self.values: dict[str, object] = {}
        allowed = set(endpoint.parameters)
        for name in request.GET:
            if name not in allowed:
                if allowed:
                    raise ApiError(
                        _("Onbekende parameter '%(name)s'. Deze URL kent: %(allowed)s.")
                        % {"name": name, "allowed": ", ".join(endpoint.parameters)},
                        name,
                    )
                raise ApiError(
                    _("Onbekende parameter '%(name)s'. Deze URL heeft geen parameters.")
                    % {"name": name},
                    name,
                )
            values = request.GET.getlist(name)
            if len(values) > 1:
                raise ApiError(
                    _("Geef de parameter '%(name)s' maar één keer.") % {"name": name}, name
                )
            self.values[name] = _parse(PARAMETERS[name], values[0])
        if self.get("format", "json") != "json":
            raise ApiError(
                _("De parameter 'format' kan alleen 'json' zijn."),
                "format",
            )
        if self.get("minimal") and self.get("full"):
            raise ApiError(_("Gebruik 'minimal' of 'full', niet allebei."), "minimal")
        per_page_max = MAX_PER_PAGE_MINIMAL if self.get("minimal") else MAX_PER_PAGE
        if self.get("per_page", 1) > per_page_max:
            raise ApiError(
                _("De parameter 'per_page' moet een heel getal van 1 tot en met %(max)s zijn.")
                % {"max": per_page_max},
                "per_page",
            )
        if "proximity" in self.values and "postcode" not in self.values:
            raise ApiError(
                _("De parameter 'proximity' werkt alleen samen met 'postcode'."), "proximity"
            )

    def get(self, name: str, default=None):
        return self.values.get(name, default)

    @property
    def full(self) -> bool:
        return bool(self.get("full"))


def _parse(parameter: Parameter, raw: str):
    text = raw.strip()
    name = parameter.name
    if parameter.type == "integer":
        if not text.isdigit() or not (parameter.minimum <= int(text) <= parameter.maximum):
            raise ApiError(
                _("'%(name)s' moet een heel getal van %(min)s tot en met %(max)s zijn.")
                % {"name": name, "min": parameter.minimum, "max": parameter.maximum},
                name,
            )
        return int(text)
    if parameter.type == "number":
        try:
            value = float(text)
        except ValueError:
            value = math.nan
        if not (parameter.minimum <= value <= parameter.maximum):  # NaN fails too
            raise ApiError(
                _("'%(name)s' moet een getal van %(min)s tot en met %(max)s zijn.")
                % {"name": name, "min": parameter.minimum, "max": parameter.maximum},
                name,
            )
        return value
    if parameter.type == "boolean":
        if text.lower() not in ("true", "false"):
            raise ApiError(
                _("De parameter '%(name)s' moet 'true' of 'false' zijn.") % {"name": name}, name
            )
        return text.lower() == "true"
    if parameter.type == "uuid":
        parts = [part.strip() for part in text.split(",")]
        if name != "taxonomy_term_id" and len(parts) > 1:
            parts = []  # one id only
        try:
            ids = [str(uuid.UUID(part)) for part in parts]
        except ValueError:
            ids = []
        if len(ids) > MAX_IDS:
            raise ApiError(
                _("Geef hoogstens %(max)s id's in '%(name)s'.") % {"max": MAX_IDS, "name": name},
                name,
            )
        if not ids:
            raise ApiError(
                _("De parameter '%(name)s' moet een id (UUID) zijn, zoals %(example)s.")
                % {"name": name, "example": identifiers.THEMES_TAXONOMY},
                name,
            )
        return ids
    if parameter.type == "date-time":
        return _parse_moment(text, name)
    if parameter.type == "postcode":
        normalised = _normalise_postcode(text)
        if normalised is None:
            raise ApiError(
                _(
                    "De parameter 'postcode' moet een Nederlandse postcode zijn: 4 cijfers en "
                    "soms 2 letters, bijvoorbeeld 7555 of 7555 BT."
                ),
                name,
            )
        return normalised
    if len(text) > MAX_SEARCH_LENGTH:
        raise ApiError(
            _("De parameter '%(name)s' mag hoogstens %(max)s tekens lang zijn.")
            % {"name": name, "max": MAX_SEARCH_LENGTH},
            name,
        )
    return text


def _normalise_postcode(text: str) -> str | None:
    compact = text.replace(" ", "").upper()
    if len(compact) == 4 and compact.isdigit() and compact[0] != "0":
        return compact
    if (
        len(compact) == 6
        and compact[:4].isdigit()
        and compact[0] != "0"
        and compact[4:].isalpha()
        and compact[4:].isascii()
    ):
        return f"{compact[:4]} {compact[4:]}"
    return None


def _parse_moment(text: str, name: str) -> dt.datetime:
    moment = None
    try:
        moment = parse_datetime(text.replace(" ", "+"))  # a '+' in a URL arrives as a space
        if moment is None:
            day = parse_date(text)
            if day is not None:
                moment = dt.datetime.combine(day, dt.time())
    except ValueError:
        moment = None
    if moment is None:
        raise ApiError(
            _(
                "De parameter '%(name)s' moet een datum en tijd zijn, zoals "
                "2026-01-31T12:00:00Z of 2026-01-31."
            )
            % {"name": name},
            name,
        )
    if timezone.is_naive(moment):
        moment = moment.replace(tzinfo=dt.UTC)
    return moment


# --- paging ------------------------------------------------------------------------------
@dataclass
class Paging:
    page: int
    per_page: int
    total_items: int

    @property
    def total_pages(self) -> int:
        return math.ceil(self.total_items / self.per_page) if self.total_items else 0

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page

    def page_document(self, contents: list) -> dict:
        """The spec's ``Page``: ``size`` is the number of results on this page, ``empty``
        says this page has none (no results at all, or a page after the last)."""
        return {
            "total_items": self.total_items,
            "total_pages": self.total_pages,
            "page_number": self.page,
            "size": len(contents),
            "first_page": self.page == 1,
            "last_page": self.page >= self.total_pages,
            "empty": not contents,
            "contents": contents,
        }


def paging(params: Params, total_items: int) -> Paging:
    default = MAX_PER_PAGE_MINIMAL if params.get("minimal") else DEFAULT_PER_PAGE
    return Paging(params.get("page", 1), params.get("per_page", default), total_items)


def ranked(queryset, pks: list[int]):
    """Only ``pks``, in that order (the search engine's ranking)."""
    if not pks:
        return queryset.none()
    order = Case(
        *[When(pk=pk, then=Value(rank)) for rank, pk in enumerate(pks)],
        output_field=IntegerField(),
    )
    return queryset.filter(pk__in=pks).annotate(search_rank=order).order_by("search_rank", "pk")


# --- haversine distance in SQL -----------------------------------------------------------
def distance_expression(latitude: float, longitude: float, prefix: str = ""):
    """Metres from a point to ``<prefix>latitude/longitude`` (haversine), as SQL."""
    lat = Radians(F(f"{prefix}latitude"), output_field=FloatField())
    lon = Radians(F(f"{prefix}longitude"), output_field=FloatField())
    lat0 = math.radians(latitude)
    lon0 = math.radians(longitude)
    half_dlat = (lat - Value(lat0)) / Value(2.0)
    half_dlon = (lon - Value(lon0)) / Value(2.0)
    a = Power(Sin(half_dlat), 2) + Value(math.cos(lat0)) * Cos(lat) * Power(Sin(half_dlon), 2)
    return Value(2 * EARTH_RADIUS_METRES) * ASin(Sqrt(a))


# --- responses ---------------------------------------------------------------------------
def add_common_headers(response, *, cache: bool = True):
    """Anyone may read the API from a browser app; caches may keep answers a few minutes."""
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Expose-Headers"] = "ETag, Last-Modified, Retry-After"
    if cache:
        patch_cache_control(response, public=True, max_age=CACHE_SECONDS)
    else:
        patch_cache_control(response, no_store=True)
    return response


def json_body(payload) -> bytes:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()


def conditional(request, response, last_modified: dt.datetime | None):
    """ETag from the body (exact), Last-Modified from the data; 304 when unchanged."""
    etag = quote_etag(hashlib.sha256(response.content).hexdigest()[:32])
    response["ETag"] = etag
    stamp = None
    if last_modified is not None:
        stamp = int(last_modified.timestamp())
        response["Last-Modified"] = http_date(stamp)
    answer = get_conditional_response(request, etag=etag, last_modified=stamp, response=response)
    return add_common_headers(answer)
