from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label="Tekst", max_length=120)
    level = blocks.ChoiceBlock(
        label="Niveau", choices=[("h2", "Kop 2"), ("h3", "Kop 3")], default="h2"
    )

    class Meta:
        icon = "title"
        label = "Kop"
        template = "components/streamfield/blocks/heading_block.html"


class CalloutBlock(blocks.StructBlock):
    style = blocks.ChoiceBlock(
        label="Soort",
        choices=[("info", "Informatie"), ("warning", "Let op"), ("help", "Hulp")],
        default="info",
    )
    title = blocks.CharBlock(label="Titel", required=False, max_length=120)
    text = blocks.RichTextBlock(label="Tekst", features=["bold", "italic", "link", "ul"])

    class Meta:
        icon = "warning"
        label = "Opvallend blok"
        template = "components/streamfield/blocks/callout_block.html"


class ContactBlock(blocks.StructBlock):
    title = blocks.CharBlock(label="Titel", default=_("Contact"), max_length=120)
    phone = blocks.CharBlock(label="Telefoon", required=False, max_length=40)
    phone_hours = blocks.CharBlock(label="Bereikbaar", required=False, max_length=120)
    email = blocks.EmailBlock(label="E-mail", required=False)
    address = blocks.TextBlock(label="Adres", required=False)
    text = blocks.RichTextBlock(label="Toelichting", required=False, features=["bold", "link"])

    class Meta:
        icon = "mail"
        label = "Contactgegevens"
        template = "components/streamfield/blocks/contact_block.html"


class FAQListBlock(blocks.StructBlock):
    title = blocks.CharBlock(label="Titel", required=False, max_length=120)
    questions = blocks.ListBlock(SnippetChooserBlock("faq.FAQAnswer"), label="Vragen")

    class Meta:
        icon = "help"
        label = "Veelgestelde vragen"
        template = "components/streamfield/blocks/faq_list_block.html"


class BodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        label="Alinea",
        features=["bold", "italic", "link", "document-link", "ol", "ul"],
        template="components/streamfield/blocks/paragraph_block.html",
    )
    callout = CalloutBlock()
    contact = ContactBlock()
    faq_list = FAQListBlock()
