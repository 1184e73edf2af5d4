"""The OpenAPI 3.1 document of our HSDS API, built from the same declarations the views
check requests against (``portal.opendata.api.ENDPOINTS``/``PARAMETERS``), so it always
matches what the API does. Result schemas are the official HSDS 3.0 ones, by URL, as in the
specification's own OpenAPI template.
"""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse
from django.utils import translation

from .api import (
    DEFAULT_PER_PAGE,
    ENDPOINTS,
    MAX_PER_PAGE,
    PARAMETERS,
    Endpoint,
    Parameter,
)
from .hsds_fields import HSDS_VERSION

SCHEMA_BASE = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/"
LICENCE = {
    "name": "CC0 1.0 Universal (public domain dedication)",
    "identifier": "CC0-1.0",
}
API_VERSION = "1.0.0"

PAGE_SCHEMA = {
    "type": "object",
    "required": [
        "total_items",
        "total_pages",
        "page_number",
        "size",
        "first_page",
        "last_page",
        "empty",
        "contents",
    ],
    "properties": {
        "total_items": {"type": "integer", "description": "Results in all pages."},
        "total_pages": {"type": "integer", "description": "Number of pages (0: no results)."},
        "page_number": {"type": "integer", "description": "This page's number, from 1."},
        "size": {"type": "integer", "description": "Results on this page."},
        "first_page": {"type": "boolean"},
        "last_page": {"type": "boolean", "description": "No page after this one."},
        "empty": {"type": "boolean", "description": "This page has no results."},
    },
}

ERROR_SCHEMA = {
    "type": "object",
    "required": ["status", "message"],
    "properties": {
        "status": {"type": "integer"},
        "message": {
            "type": "string",
            "description": "What is wrong, in Dutch or English (Accept-Language).",
        },
        "parameter": {"type": "string", "description": "The parameter that is wrong."},
    },
}


def _parameter_schema(parameter: Parameter) -> dict:
    if parameter.type == "integer":
        schema = {"type": "integer", "minimum": parameter.minimum, "maximum": parameter.maximum}
        if parameter.name == "per_page":
            schema["default"] = DEFAULT_PER_PAGE
        return schema
    if parameter.type == "number":
        return {"type": "number", "minimum": parameter.minimum, "maximum": parameter.maximum}
    if parameter.type == "boolean":
        return {"type": "boolean", "default": False}
    if parameter.type == "uuid":
        if parameter.name == "taxonomy_term_id":
            return {"type": "string", "description": "One UUID or several separated by commas."}
        return {"type": "string", "format": "uuid"}
    if parameter.type == "date-time":
        return {"type": "string", "format": "date-time"}
    if parameter.type == "postcode":
        return {"type": "string", "pattern": "^[1-9][0-9]{3} ?([A-Za-z]{2})?$"}
    if parameter.name == "format":
        return {"type": "string", "enum": ["json"], "default": "json"}
    return {"type": "string", "maxLength": 200}


def _result_schema(endpoint: Endpoint) -> dict:
    single = {"$ref": SCHEMA_BASE + endpoint.schema}
    if not endpoint.paged:
        return single
    return {
        "allOf": [
            {"$ref": "#/components/schemas/Page"},
            {"properties": {"contents": {"type": "array", "items": single}}},
        ]
    }


def _error(description: str) -> dict:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }


ROOT_SCHEMA = {
    "type": "object",
    "required": ["version", "profile", "openapi_url"],
    "properties": {
        "version": {"type": "string", "description": "HSDS version of this API."},
        "profile": {
            "type": "string",
            "format": "uri",
            "description": "The page that explains this API, its extensions and its mapping.",
        },
        "openapi_url": {"type": "string", "format": "uri"},
    },
}


def _operation(endpoint: Endpoint) -> dict:
    parameters = [{"$ref": f"#/components/parameters/{name}"} for name in endpoint.parameters]
    if "{id}" in endpoint.path:
        parameters.insert(
            0,
            {
                "name": "id",
                "in": "path",
                "required": True,
                "description": "The HSDS id (UUID).",
                "schema": {"type": "string", "format": "uuid"},
            },
        )
    schema = ROOT_SCHEMA if endpoint.name == "root" else _result_schema(endpoint)
    responses = {
        "200": {
            "description": endpoint.summary,
            "headers": {
                "ETag": {"schema": {"type": "string"}},
                "Last-Modified": {"schema": {"type": "string"}},
            },
            "content": {"application/json": {"schema": schema}},
        },
        "304": {"description": "Not modified (If-None-Match or If-Modified-Since)."},
        "400": _error("A parameter is unknown, repeated or has a wrong value."),
        "429": _error("Too many requests from this address; see Retry-After."),
    }
    if "{id}" in endpoint.path:
        responses["404"] = _error("No live item has this id.")
    return {
        "operationId": endpoint.name,
        "summary": endpoint.summary,
        "parameters": parameters,
        "responses": responses,
    }


def datapackage_path() -> str | None:
    """The data package's URL below the API, when this installation serves one."""
    try:
        url = reverse("hsds_datapackage")
    except NoReverseMatch:
        return None
    return url.removeprefix(reverse("hsds_root").rstrip("/"))


DATAPACKAGE_OPERATION = {
    "operationId": "datapackage",
    "summary": "Everything as the HSDS tabular data package (datapackage.json and CSVs), zipped.",
    "responses": {
        "200": {
            "description": "A zip file.",
            "content": {"application/zip": {"schema": {"type": "string", "format": "binary"}}},
        }
    },
}


def document(request) -> dict:
    with translation.override("nl"):
        page_url = request.build_absolute_uri(reverse("open_data"))
    api_root = request.build_absolute_uri(reverse("hsds_root")).rstrip("/")
    paths = {endpoint.path: {"get": _operation(endpoint)} for endpoint in ENDPOINTS.values()}
    package = datapackage_path()
    if package is not None:
        paths[package] = {"get": DATAPACKAGE_OPERATION}
    return {
        "openapi": "3.1.0",
        "jsonSchemaDialect": "https://json-schema.org/draft/2020-12/schema",
        "info": {
            "title": "Sociale kaart Hengelo — Open Referral HSDS 3.0 API",
            "version": API_VERSION,
            "summary": "The social map of Hengelo (basisondersteuning) as open data.",
            "description": (
                f"Live Dutch organisations, services (aanbod), locations, themes, target "
                f"groups and districts of the sociale kaart of Hengelo in the Human Services "
                f"Data Specification (HSDS) {HSDS_VERSION}. Read-only, no key. Lists have "
                f"{DEFAULT_PER_PAGE} results per page, at most {MAX_PER_PAGE}. Every answer "
                f"has an ETag and Last-Modified (send If-None-Match for a 304) and "
                f"Access-Control-Allow-Origin: *. The mapping field by field, our extension "
                f"properties and what HSDS cannot carry: {page_url}"
            ),
            "contact": {"name": "Wijkracht Hengelo, redactie sociale kaart", "url": page_url},
            "license": LICENCE,
        },
        "servers": [{"url": api_root, "description": "This site"}],
        "externalDocs": {"description": "Open data", "url": page_url},
        "paths": {endpoint.path: {"get": _operation(endpoint)} for endpoint in ENDPOINTS.values()},
        "components": {
            "schemas": {"Page": PAGE_SCHEMA, "Error": ERROR_SCHEMA},
            "parameters": {
                name: {
                    "name": name,
                    "in": "query",
                    "required": False,
                    "description": parameter.description,
                    "schema": _parameter_schema(parameter),
                }
                for name, parameter in PARAMETERS.items()
            },
        },
    }
