"""Pages that read search's in-memory catalogue show exactly what the database says: the
theme page's lists (checked against ORM queries for every filter combination), an
organisation's themes, target groups and districts, and the cards' columns."""

import itertools

import pytest
from django.db.models import Q
from django.utils import translation
from wagtail.models import Locale

from directory.models import Organisation, Service, TargetGroup
from faq.models import FAQAnswer
from locations.models import District, Location
from portal.core.localized import localized
from portal.pages.directory_pages import related_faq_ids, theme_item_ids
from search.catalogue import get_catalogue
from tests import front_data

pytestmark = pytest.mark.django_db


def expected_lists(theme, chosen):
    """The theme page's lists as database queries (its implementation before the catalogue)."""
    organisations = localized(Organisation).filter(themes=theme)
    services = localized(Service).filter(themes=theme)
    if "doelgroep" in chosen:
        organisations = organisations.filter(target_groups__slug=chosen["doelgroep"])
        services = services.filter(organisation__target_groups__slug=chosen["doelgroep"])
    if "stadsdeel" in chosen:
        organisations = organisations.filter(districts__slug=chosen["stadsdeel"])
        services = services.filter(
            Q(organisation__districts__slug=chosen["stadsdeel"])
            | Q(locations__district__slug=chosen["stadsdeel"])
        )
    if "kosten" in chosen:
        organisations = organisations.filter(cost=chosen["kosten"])
        services = services.filter(cost=chosen["kosten"])
    organisation_ids = set(organisations.values_list("pk", flat=True))
    service_ids = set(services.values_list("pk", flat=True))
    locations = localized(Location).filter(
        Q(organisation_id__in=organisation_ids) | Q(services__in=service_ids)
    )
    if "stadsdeel" in chosen:
        locations = locations.filter(district__slug=chosen["stadsdeel"])
    return organisation_ids, service_ids, set(locations.values_list("pk", flat=True))


@pytest.fixture
def directory(db):
    data = front_data.build(batches=2)
    english = Locale.objects.get(language_code="en")
    # An English translation replaces its Dutch original on the English site only.
    original = data.organisations[0]
    translated = original.copy_for_translation(english)
    translated.name = "Debt help (English)"
    translated.save()
    translated.themes.set(original.themes.all())
    translated.target_groups.set(original.target_groups.all())
    translated.districts.set(original.districts.all())
    translated.save()
    # An unpublished organisation and service are never listed.
    hidden = data.organisations[1]
    Organisation.objects.filter(pk=hidden.pk).update(live=False)
    Service.objects.filter(pk=data.services[-1].pk).update(live=False)
    from search import catalogue

    catalogue.invalidate()  # the updates above send no signals
    return data


def all_choices():
    groups = [None, *TargetGroup.objects.values_list("slug", flat=True)]
    districts = [None, *District.objects.values_list("slug", flat=True)]
    costs = [None, "gratis", "eigen-bijdrage", "betaald"]
    for group, district, cost in itertools.product(groups, districts, costs):
        chosen = {"doelgroep": group, "stadsdeel": district, "kosten": cost}
        yield {name: value for name, value in chosen.items() if value}


@pytest.mark.parametrize("language", ["nl", "en"])
def test_theme_lists_match_the_database_for_every_filter_combination(directory, language):
    catalogue = get_catalogue()
    compared = 0
    with translation.override(language):
        for theme in directory.themes:
            for chosen in all_choices():
                lists = theme_item_ids(catalogue, theme.pk, language, chosen)
                organisations, services, locations = expected_lists(theme, chosen)
                assert set(lists.organisations) == organisations, (theme, chosen)
                assert set(lists.services) == services, (theme, chosen)
                assert set(lists.locations) == locations, (theme, chosen)
                assert len(lists.organisations) == len(organisations)
                compared += bool(organisations or services)
    assert compared > 10  # most combinations list something: the comparison is not empty


def test_theme_lists_show_translations_and_hide_unpublished_items(directory):
    catalogue = get_catalogue()
    theme = directory.themes[0]
    names = {}
    for language in ("nl", "en"):
        lists = theme_item_ids(catalogue, theme.pk, language, {})
        names[language] = [catalogue.items["organisation"][pk].title for pk in lists.organisations]
    assert "Debt help (English)" in names["en"] and "Debt help (English)" not in names["nl"]
    assert directory.organisations[0].name in names["nl"]
    assert directory.organisations[0].name not in names["en"]
    assert directory.organisations[1].name not in names["nl"] + names["en"]


def test_theme_lists_are_in_reading_order_of_their_names():
    from search.catalogue import Catalogue, ItemRecord

    def record(pk, title):
        return ItemRecord(pk, f"s{pk}", title, "", True, 1, pk, "directory.OrganisationIndexPage")

    titles = {1: "Zorgloket", 2: "Ärztehuis", 3: "budgetcoach", 4: "Budgetcoach", 5: "Apotheek"}
    catalogue = Catalogue(
        theme_items={7: {"organisation": sorted(titles)}},
        items={
            "organisation": {pk: record(pk, title) for pk, title in titles.items()},
            "service": {},
            "location": {},
        },
        locale_ids={"nl": 1},
    )
    lists = theme_item_ids(catalogue, 7, "nl", {})
    ordered = [titles[pk] for pk in lists.organisations]
    assert ordered == ["Apotheek", "Ärztehuis", "Budgetcoach", "budgetcoach", "Zorgloket"]


def test_related_questions_match_the_theme_words_in_question_or_keywords(directory):
    theme = directory.themes[0]  # Geldzaken, synonyms "schulden" and "rekeningen"
    FAQAnswer.objects.create(
        locale=Locale.get_default(),
        slug="post-sorteren",
        category=directory.answers[0].category,
        question="Wie helpt mij met mijn post?",
        search_keywords="Rekeningen, brieven",
        answer="<p>De Wijkentree.</p>",
        live=True,
    )
    expected = set(
        localized(FAQAnswer)
        .filter(
            Q(question__icontains="geldzaken")
            | Q(question__icontains="money matters")
            | Q(question__icontains="schulden")
            | Q(question__icontains="rekeningen")
            | Q(search_keywords__icontains="geldzaken")
            | Q(search_keywords__icontains="schulden")
            | Q(search_keywords__icontains="rekeningen")
            | Q(search_keywords__icontains="money matters")
        )
        .values_list("pk", flat=True)
    )
    found = related_faq_ids(get_catalogue(), theme, "nl")
    assert "Wie helpt mij met mijn post?" in [FAQAnswer.objects.get(pk=pk).question for pk in found]
    assert set(found) <= expected and len(found) == min(len(expected), 5)


@pytest.mark.parametrize(
    ("model", "template", "name"),
    [
        (Organisation, "components/organisation_card.html", "organisation"),
        (Service, "components/service_card.html", "service"),
        (Location, "components/location_card.html", "location"),
    ],
)
def test_cards_need_no_column_that_for_cards_leaves_out(
    directory, rf, django_assert_num_queries, model, template, name
):
    from django.template.loader import render_to_string

    items = list(model.objects.live().for_cards())
    assert items
    request = rf.get("/")
    with translation.override("nl"):
        render_to_string(template, {name: items[0], "request": request})  # index-page links
    with translation.override("nl"), django_assert_num_queries(0):
        html = "".join(
            render_to_string(template, {name: item, "request": request}) for item in items
        )
    assert all(item.name in html for item in items)


def test_organisation_relations_match_the_database_and_previews_use_the_form(directory, rf):
    from portal.pages.directory_pages import _organisation_relations

    organisation = directory.organisations[0]
    relations = _organisation_relations(rf.get("/"), organisation)
    assert relations["themes"] == list(organisation.themes.all())
    assert relations["target_groups"] == list(organisation.target_groups.all())
    assert relations["districts"] == list(organisation.districts.all())
    assert relations["themes"] and relations["districts"]

    organisation.themes.set(directory.themes)  # in memory only, as in the editor's preview
    preview = rf.get("/")
    preview.is_preview = True
    assert _organisation_relations(preview, organisation)["themes"] == directory.themes
