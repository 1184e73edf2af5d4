from django.apps import AppConfig


class FAQConfig(AppConfig):
    name = "faq"
    verbose_name = "Veelgestelde vragen"

    def ready(self):
        from portal.core.page_contexts import page_contexts

        from .page_context import faq_detail_context, faq_index_context

        page_contexts.register(
            "faq.FAQIndexPage", index=faq_index_context, detail=faq_detail_context
        )
