"""The social map as an HSDS 3.0 data package: ``datapackage.json`` and one CSV per table.

The documents are the API's (``portal.opendata.mapping``: live Dutch items only), flattened
into the standard's tables by ``portal.opendata.tabular``. Used by ``manage.py export_hsds``
and ``GET /api/hsds/datapackage.zip``; the same data gives the same bytes.
"""

from __future__ import annotations

from . import mapping
from .identifiers import derived
from .tabular import Origin, TableSet, package_files

# Our datapackage.json's own fields (the standard's tables follow them).
PACKAGE_METADATA = {
    "name": "sociale-kaart-hengelo",
    "title": "Sociale kaart Hengelo (Open Referral HSDS 3.0)",
    "description": (
        "Organisaties, aanbod en locaties van de basisondersteuning in Hengelo, in de "
        "tabelvorm van de Human Services Data Specification (HSDS) 3.0."
    ),
    "version": mapping.HSDS_VERSION,
}


def export_tables(site_root: str | None = None, request=None) -> TableSet:
    """Every published document in the standard's tables."""
    builder = mapping.Mapping(request=request, site_root=site_root)
    tables = TableSet()
    for document in mapping.taxonomy_documents(builder):
        tables.add_object("taxonomy", document, Origin("taxonomies"))
    for document in mapping.taxonomy_term_documents(builder):
        tables.add_object("taxonomy_term", document, Origin("taxonomy_terms"))
    for organisation in mapping.load_organizations(mapping.live_organizations(), full=True):
        tables.add_object(
            "organization", builder.organization(organisation, full=True), Origin("organizations")
        )
    for location in mapping.load_locations(mapping.live_locations()):
        tables.add_object("location", builder.location(location), Origin("locations"))
    for service in mapping.load_services(mapping.live_services(), full=True):
        tables.add_object("service", builder.service(service, full=True), Origin("services"))
    _unique_term_codes(tables)
    return tables


def _unique_term_codes(tables: TableSet) -> None:
    """The standard's table schema makes ``taxonomy_terms.code`` unique in the whole file
    (its JSON form has no such rule). The API gives a term's English translation the same
    code as the Dutch term; in the package only the Dutch term has it, and the English one
    is known by its id (derived from the Dutch term's id), as the import reads it."""
    terms = tables.rows["taxonomy_term"]
    translations = {derived(term.id, "en"): term for term in terms}
    for term in terms:
        original = translations.get(term.id)
        if original is not None and original.cells.get("code") == term.cells.get("code"):
            term.cells["code"] = ""


def export_files(site_root: str | None = None, request=None) -> dict[str, bytes]:
    tables = export_tables(site_root=site_root, request=request)
    if tables.problems:
        # Our own documents disagree with each other: a bug, never a resident's input.
        raise ValueError("\n".join(str(problem) for problem in tables.problems))
    return package_files(tables, PACKAGE_METADATA)
