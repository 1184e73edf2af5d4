from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from portal.core.item_views import AdminDateColumn, PublicItemViewSet, live_column

from .models import FAQAnswer, FAQCategory


class FAQAnswerViewSet(PublicItemViewSet):
    model = FAQAnswer
    icon = "help"
    menu_label = "Vragen en antwoorden"
    list_display = [
        "question",
        "category",
        "audience",
        AdminDateColumn("last_reviewed", label="Laatst nagekeken", sort_key="last_reviewed"),
        live_column(),
    ]
    list_filter = ["category", "audience", "last_reviewed", "live", "locale"]


class FAQCategoryViewSet(SnippetViewSet):
    model = FAQCategory
    icon = "folder-open-inverse"
    menu_label = "Categorieën"
    list_display = ["name", "name_en", "slug"]


class FAQGroup(SnippetViewSetGroup):
    menu_label = "Veelgestelde vragen"
    menu_icon = "help"
    menu_order = 160
    items = (FAQAnswerViewSet, FAQCategoryViewSet)


register_snippet(FAQGroup)
