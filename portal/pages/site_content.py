"""Starting text for the pages ``setup_site`` creates. Editors own the text afterwards."""


def paragraph(html: str) -> dict:
    return {"type": "paragraph", "value": html}


def contact(title: str, phone_hours: str) -> dict:
    return {
        "type": "contact",
        "value": {
            "title": title,
            "phone": "14 074",
            "phone_hours": phone_hours,
            "email": "gemeente@hengelo.nl",
            "address": "",
            "text": "",
        },
    }


def heading(text: str) -> dict:
    return {"type": "heading", "value": {"text": text, "level": "h2"}}


HOME = {
    "nl": {
        "title": "Basisondersteuning Hengelo",
        "introduction": "Hulp en advies dichtbij huis. Zoek een organisatie, een Wijkentree "
        "of een antwoord op uw vraag.",
    },
    "en": {
        "title": "Basic support Hengelo",
        "introduction": "Help and advice close to home. Find an organisation, a Wijkentree "
        "walk-in point or an answer to your question.",
    },
}

INDEX_PAGES = {
    "themes": {
        "nl": {
            "slug": "themas",
            "title": "Thema's",
            "introduction": "Kies een onderwerp. U ziet dan welke organisaties u kunnen helpen.",
        },
        "en": {
            "slug": "themes",
            "title": "Themes",
            "introduction": "Choose a subject to see which organisations can help you.",
        },
    },
    "organisations": {
        "nl": {
            "slug": "organisaties",
            "title": "Organisaties",
            "introduction": "Alle organisaties in Hengelo die hulp, advies of activiteiten bieden.",
        },
        "en": {
            "slug": "organisations",
            "title": "Organisations",
            "introduction": "All organisations in Hengelo that offer help, advice or activities.",
        },
    },
    "services": {
        "nl": {
            "slug": "aanbod",
            "title": "Hulp en activiteiten",
            "introduction": "Wat organisaties in Hengelo voor u kunnen doen.",
        },
        "en": {
            "slug": "services",
            "title": "Help and activities",
            "introduction": "What organisations in Hengelo can do for you.",
        },
    },
    "locations": {
        "nl": {
            "slug": "locaties",
            "title": "Wijkentrees en locaties",
            "introduction": "Loop zonder afspraak binnen bij een Wijkentree bij u in de buurt.",
        },
        "en": {
            "slug": "locations",
            "title": "Wijkentrees and locations",
            "introduction": "Walk in without an appointment at a Wijkentree near you.",
        },
    },
    "faq": {
        "nl": {
            "slug": "vragen",
            "title": "Veelgestelde vragen",
            "introduction": "Antwoorden op vragen over de basisondersteuning in Hengelo.",
        },
        "en": {
            "slug": "questions",
            "title": "Frequently asked questions",
            "introduction": "Answers to questions about basic support in Hengelo.",
        },
    },
}

CONTENT_PAGES = [
    {
        "nl": {
            "slug": "contact",
            "title": "Contact",
            "introduction": "Heeft u een vraag? Bel, mail of loop binnen.",
            "body": [
                contact("Gemeente Hengelo", "Werkdagen van 8.30 tot 17.00 uur"),
                paragraph(
                    "<p>U kunt ook zonder afspraak binnenlopen bij een Wijkentree bij u in "
                    "de buurt. Daar helpt een medewerker van Wijkracht u verder.</p>"
                ),
            ],
        },
        "en": {
            "slug": "contact",
            "title": "Contact",
            "introduction": "Do you have a question? Call, e-mail or walk in.",
            "body": [
                contact("Municipality of Hengelo", "Working days from 8.30 to 17.00"),
                paragraph(
                    "<p>You can also walk into a Wijkentree near you without an appointment. "
                    "Someone from Wijkracht will help you there.</p>"
                ),
            ],
        },
    },
    {
        "nl": {
            "slug": "toegankelijkheid",
            "title": "Toegankelijkheidsverklaring",
            "introduction": "Iedereen moet deze website kunnen gebruiken.",
            "body": [
                paragraph(
                    "<p>Wij willen dat iedereen deze website kan gebruiken, ook met een "
                    "beperking. Daarom bouwen we de website volgens de richtlijnen voor "
                    "toegankelijkheid WCAG 2.2, niveau AA.</p>"
                ),
                paragraph(
                    "<p>We testen elke soort pagina automatisch in een echte browser, op een "
                    "telefoon en op een groot scherm, met alleen het toetsenbord en zonder "
                    "JavaScript. De kaart is nooit nodig: alles op de kaart staat ook in een "
                    "lijst.</p>"
                ),
                heading("Werkt iets niet?"),
                paragraph(
                    "<p>Kunt u iets niet lezen of gebruiken? Laat het ons weten. Bel 14 074 "
                    "of mail naar gemeente@hengelo.nl. We lossen het zo snel mogelijk op.</p>"
                ),
            ],
        },
        "en": {
            "slug": "accessibility",
            "title": "Accessibility statement",
            "introduction": "Everyone should be able to use this website.",
            "body": [
                paragraph(
                    "<p>We want everyone to be able to use this website, including people "
                    "with a disability. That is why we build it to the accessibility "
                    "guidelines WCAG 2.2, level AA.</p>"
                ),
                paragraph(
                    "<p>Every type of page is tested automatically in a real browser, on a "
                    "phone and on a large screen, with the keyboard only and without "
                    "JavaScript. You never need the map: everything on it is also in a list.</p>"
                ),
                heading("Something does not work?"),
                paragraph(
                    "<p>Is there something you cannot read or use? Let us know. Call 14 074 "
                    "or e-mail gemeente@hengelo.nl. We will fix it as soon as we can.</p>"
                ),
            ],
        },
    },
    {
        "nl": {
            "slug": "privacy",
            "title": "Privacy",
            "introduction": "Wat wij doen met uw gegevens.",
            "body": [
                paragraph(
                    "<p>Deze website gebruikt geen cookies om u te volgen. We sturen geen "
                    "gegevens naar andere bedrijven.</p>"
                ),
                paragraph(
                    "<p>Meldt u een fout en laat u uw e-mailadres achter? Dan gebruiken we "
                    "dat alleen om u te antwoorden. We verwijderen het adres als uw melding "
                    "is afgehandeld.</p>"
                ),
            ],
        },
        "en": {
            "slug": "privacy",
            "title": "Privacy",
            "introduction": "What we do with your data.",
            "body": [
                paragraph(
                    "<p>This website does not use cookies to follow you. We do not send any "
                    "data to other companies.</p>"
                ),
                paragraph(
                    "<p>If you report a mistake and leave your e-mail address, we only use it "
                    "to answer you. We delete the address once your report has been dealt "
                    "with.</p>"
                ),
            ],
        },
    },
]
