"""Our vocabularies as HSDS taxonomies: themes, target groups, districts and the kinds of
organisation and location, with stable term ids, and the attributes that link items to
their terms."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from . import identifiers
from .hsds_fields import LANGUAGE, without_empty
from .identifiers import derived
from .published import District, Location, Organisation, TargetGroup, Theme
from .web_addresses import SiteAddresses


def _pc4_list(postcodes) -> str:
    return ", ".join(postcodes)


@dataclass
class Term:
    id: str
    taxonomy_id: str
    code: str
    name: str
    description: str
    language: str = LANGUAGE
    parent_id: str | None = None
    term_uri: str | None = None
    # The Dutch term this one translates (English terms), and what it stands for.
    same_as: str | None = None
    postcodes: tuple[str, ...] = ()
    pk: int | None = None


@dataclass
class Taxonomy:
    id: str
    name: str
    description: str
    link_type: str
    terms: list[Term] = field(default_factory=list)


TAXONOMY_TEXTS = {
    identifiers.THEMES_TAXONOMY: (
        "Thema's",
        "De onderwerpen van de sociale kaart van Hengelo waar inwoners hulp bij zoeken "
        "(code: onze vaste slug). Elk thema staat er in het Nederlands en in het Engels.",
        "service_category",
    ),
    identifiers.TARGET_GROUPS_TAXONOMY: (
        "Doelgroepen",
        "Voor wie een organisatie er is. In het Nederlands en in het Engels.",
        "target_group",
    ),
    identifiers.DISTRICTS_TAXONOMY: (
        "Stadsdelen van Hengelo",
        "De stadsdelen van Hengelo met hun wijken en postcodegebieden (4 cijfers).",
        "district",
    ),
    identifiers.ORGANISATION_KINDS_TAXONOMY: (
        "Soort organisatie",
        "De rol van een organisatie in de basisondersteuning in Hengelo.",
        "organization_kind",
    ),
    identifiers.LOCATION_KINDS_TAXONOMY: (
        "Soort locatie",
        "Wat voor plek een locatie is: Wijkentree, wijkteam, inloop of activiteit.",
        "location_kind",
    ),
}


class TaxonomyMapping(SiteAddresses):
    """The taxonomies with all their terms (built once), as documents and as attributes."""

    @cached_property
    def taxonomies(self) -> dict[str, Taxonomy]:
        """All taxonomies with all their terms, in a fixed number of queries."""
        # With their texts per language (directory.ThemeText): the English term reads them.
        themes = list(
            Theme().objects.order_by("sort_order", "name", "pk").prefetch_related("texts")
        )
        groups = list(TargetGroup().objects.order_by("sort_order", "name", "pk"))
        districts = list(
            District().objects.prefetch_related("postcodes").order_by("sort_order", "name", "pk")
        )
        stored = identifiers.stored_uuids_for(
            {
                Theme(): [t.pk for t in themes],
                TargetGroup(): [g.pk for g in groups],
                District(): [d.pk for d in districts],
            }
        )
        result = {
            key: Taxonomy(key, name, description, link_type)
            for key, (name, description, link_type) in TAXONOMY_TEXTS.items()
        }
        theme_ids = stored[Theme()]
        theme_terms = result[identifiers.THEMES_TAXONOMY].terms
        for theme in themes:
            english = theme.text_for("en")
            english_description, _ = theme.description_in("en")
            dutch = theme_ids[theme.pk]
            parent = theme_ids.get(theme.parent_id) if theme.parent_id else None
            base_nl, base_en = self._theme_bases["nl"], self._theme_bases["en"]
            theme_terms.append(
                Term(
                    id=dutch,
                    taxonomy_id=identifiers.THEMES_TAXONOMY,
                    code=theme.slug,
                    name=theme.name,
                    description=theme.description,
                    parent_id=parent,
                    term_uri=f"{base_nl}{theme.slug}/" if base_nl else None,
                    pk=theme.pk,
                )
            )
            theme_terms.append(
                Term(
                    id=derived(dutch, "en"),
                    taxonomy_id=identifiers.THEMES_TAXONOMY,
                    code=theme.slug,
                    name=theme.display_name("en"),
                    description=english_description,
                    language="en" if english and english.name else LANGUAGE,
                    parent_id=derived(parent, "en") if parent else None,
                    term_uri=f"{base_en}{theme.slug}/" if base_en else None,
                    same_as=dutch,
                    pk=theme.pk,
                )
            )
        group_ids = stored[TargetGroup()]
        group_terms = result[identifiers.TARGET_GROUPS_TAXONOMY].terms
        for group in groups:
            dutch = group_ids[group.pk]
            group_terms.append(
                Term(
                    id=dutch,
                    taxonomy_id=identifiers.TARGET_GROUPS_TAXONOMY,
                    code=group.slug,
                    name=group.name,
                    description=f"Doelgroep: {group.name}",
                    pk=group.pk,
                )
            )
            group_terms.append(
                Term(
                    id=derived(dutch, "en"),
                    taxonomy_id=identifiers.TARGET_GROUPS_TAXONOMY,
                    code=group.slug,
                    name=group.name_en or group.name,
                    description=f"Target group: {group.name_en or group.name}",
                    language="en" if group.name_en else LANGUAGE,
                    same_as=dutch,
                    pk=group.pk,
                )
            )
        district_ids = stored[District()]
        district_terms = result[identifiers.DISTRICTS_TAXONOMY].terms
        for district in districts:
            postcodes = tuple(p.postcode for p in district.postcodes.all())
            parts = [f"Stadsdeel {district.name} van Hengelo."]
            if district.neighbourhood_list:
                parts.append(f"Wijken: {', '.join(district.neighbourhood_list)}.")
            if postcodes:
                parts.append(f"Postcodegebieden: {_pc4_list(postcodes)}.")
            district_terms.append(
                Term(
                    id=district_ids[district.pk],
                    taxonomy_id=identifiers.DISTRICTS_TAXONOMY,
                    code=district.slug,
                    name=district.name,
                    description=" ".join(parts),
                    postcodes=postcodes,
                    pk=district.pk,
                )
            )
        for taxonomy_id, model in (
            (identifiers.ORGANISATION_KINDS_TAXONOMY, Organisation()),
            (identifiers.LOCATION_KINDS_TAXONOMY, Location()),
        ):
            for code, label in model.Kind.choices:
                result[taxonomy_id].terms.append(
                    Term(
                        id=derived(taxonomy_id, code),
                        taxonomy_id=taxonomy_id,
                        code=code,
                        name=str(label),
                        description=f"{TAXONOMY_TEXTS[taxonomy_id][0]}: {label}",
                    )
                )
        return result

    @cached_property
    def _terms_by_id(self) -> dict[str, Term]:
        return {term.id: term for tax in self.taxonomies.values() for term in tax.terms}

    def _dutch_term(self, taxonomy_id: str, pk: int | None = None, code: str | None = None):
        for term in self._term_index[taxonomy_id].get(pk if pk is not None else code, ()):
            return term
        return None

    @cached_property
    def _term_index(self) -> dict[str, dict]:
        index: dict[str, dict] = {}
        for taxonomy_id, taxonomy in self.taxonomies.items():
            per = index.setdefault(taxonomy_id, {})
            for term in taxonomy.terms:
                if term.same_as is not None:
                    continue
                per.setdefault(term.pk if term.pk is not None else term.code, []).append(term)
        return index

    def term(self, term_id: str) -> Term | None:
        return self._terms_by_id.get(str(term_id))

    def terms_for(self, term_id: str) -> tuple[str, int | str | None]:
        """(taxonomy id, pk or code) of a term id — a Dutch or an English term."""
        term = self.term(term_id)
        if term is None:
            return "", None
        return term.taxonomy_id, term.pk if term.pk is not None else term.code

    def district_of_pc4(self, pc4: str) -> Term | None:
        for term in self.taxonomies[identifiers.DISTRICTS_TAXONOMY].terms:
            if pc4 in term.postcodes:
                return term
        return None

    def taxonomy(self, taxonomy: Taxonomy) -> dict:
        return without_empty(
            {
                "id": taxonomy.id,
                "name": taxonomy.name,
                "description": taxonomy.description,
                "uri": f"{self.api_root}/taxonomies/{taxonomy.id}",
            }
        )

    def taxonomy_term(self, term: Term, *, with_taxonomy: bool = True) -> dict:
        taxonomy = self.taxonomies[term.taxonomy_id]
        document = {
            "id": term.id,
            "code": term.code,
            "name": term.name,
            "description": term.description,
            "parent_id": term.parent_id,
            "taxonomy": taxonomy.name,
            "taxonomy_detail": self.taxonomy(taxonomy) if with_taxonomy else None,
            "language": term.language,
            "taxonomy_id": term.taxonomy_id,
            "term_uri": term.term_uri,
        }
        result = without_empty(document)
        result["description"] = term.description  # required, even when empty
        return result

    def _attribute(self, owner_id: str, entity: str, term: Term | None) -> dict | None:
        if term is None:
            return None
        return {
            "id": derived(owner_id, "attribute", term.id),
            "link_id": owner_id,
            "link_type": self.taxonomies[term.taxonomy_id].link_type,
            "link_entity": entity,
            "taxonomy_term_id": term.id,
            # The term without its taxonomy's details (they are at /taxonomies/{id}).
            "taxonomy_term": self.taxonomy_term(term, with_taxonomy=False),
        }

    def _attributes(self, owner_id: str, entity: str, pairs) -> list[dict]:
        found = []
        for taxonomy_id, key in pairs:
            attribute = self._attribute(owner_id, entity, self._dutch_term(taxonomy_id, *key))
            if attribute is not None:
                found.append(attribute)
        return found
