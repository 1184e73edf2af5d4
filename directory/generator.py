"""Generate larger, valid social-map data sets from the sample's vocabulary.

Used for load tests and search-quality work: names, sentences, streets, opening hours and
postcodes are recombined from the (fictional) sample set, so the text is realistic Dutch
and every file passes the import's validation. Deterministic for a given seed.
"""

from __future__ import annotations

import csv
import io
import random
import re
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from django.utils.text import slugify

from portal.core.exchange import spreadsheet_files

# The files of the exchange format this generator writes (their columns come from the
# adapters, ``spreadsheet_files``).
THEMES = "themes.csv"
THEME_TEXTS = "theme_texts.csv"
DISTRICTS = "districts.csv"
ORGANISATIONS = "organisations.csv"
LOCATIONS = "locations.csv"
SERVICES = "services.csv"
FAQS = "faqs.csv"

# A box inside the municipality of Hengelo (WGS84).
HENGELO_LATITUDE = (52.235, 52.295)
HENGELO_LONGITUDE = (6.740, 6.830)
# Postcode letter pairs that PostNL does not use.
UNUSED_LETTER_PAIRS = {"SA", "SD", "SS"}

ORGANISATION_PREFIXES = [
    "Stichting",
    "Vereniging",
    "Buurtinitiatief",
    "Steunpunt",
    "Huiskamer",
    "Platform",
    "Coöperatie",
    "Inloophuis",
    "Vrijwilligersgroep",
    "Praktijk",
]
FAQ_TEMPLATES = [
    "Waar kan ik terecht met vragen over {theme}?",
    "Wie helpt mij in {neighbourhood} met {theme}?",
    "Is er in {neighbourhood} een inloop voor {theme}?",
    "Wat kost hulp bij {theme}?",
    "Kan ik zonder afspraak langskomen als ik vragen heb over {theme}?",
    "Hoe meld ik mij aan voor hulp bij {theme} in {neighbourhood}?",
]


@dataclass
class Counts:
    organisations: int
    services: int
    locations: int
    faqs: int


def _read(folder: Path, name: str) -> list[dict[str, str]]:
    with (folder / name).open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def _sentences(texts: list[str]) -> list[str]:
    sentences = []
    for text in texts:
        for sentence in re.split(r"(?<=[.!?])\s+", text.strip()):
            if len(sentence) > 20:
                sentences.append(sentence)
    return sorted(set(sentences))


class Generator:
    def __init__(self, sample: Path, seed: int = 1):
        self.random = random.Random(seed)  # noqa: S311 (test data, not secrets)
        self.sample = {name: _read(sample, name) for name in spreadsheet_files.names()}
        self.themes = [row["slug"] for row in self.sample[THEMES]]
        self.theme_names = {row["slug"]: row["name"].lower() for row in self.sample[THEMES]}
        self.districts = {
            row["slug"]: {
                "postcodes": row["postcodes"].split(";"),
                "neighbourhoods": row["neighbourhoods"].split(";"),
            }
            for row in self.sample[DISTRICTS]
        }
        self.neighbourhoods = sorted(
            n for district in self.districts.values() for n in district["neighbourhoods"]
        )
        organisations = self.sample[ORGANISATIONS]
        self.org_cores = sorted({self._core(row["name"]) for row in organisations})
        self.org_sentences = _sentences([row["description"] for row in organisations])
        self.language_sets = sorted({row["languages"] for row in organisations})
        self.streets = sorted(
            {
                re.sub(r"\s+\d+\w*$", "", row["street"])
                for row in organisations + self.sample[LOCATIONS]
                if row["street"]
            }
        )
        services = self.sample[SERVICES]
        self.service_sentences = _sentences([row["description"] for row in services])
        locations = self.sample[LOCATIONS]
        self.venues = sorted({self._venue(row["name"]) for row in locations})
        self.opening_hours = sorted({row["opening_hours"] for row in locations})
        self.accessibility = sorted({row["accessibility"] for row in locations})
        self.location_sentences = _sentences([row["description"] for row in locations])
        faqs = self.sample[FAQS]
        self.questions = [row["question"] for row in faqs]
        self.answer_sentences = _sentences([row["answer"] for row in faqs])
        self.used_slugs: dict[str, set[str]] = {name: set() for name in spreadsheet_files.names()}

    @staticmethod
    def _core(name: str) -> str:
        words = [w for w in name.split() if w not in {"Stichting", "Hengelo"}]
        return " ".join(words) or name

    @staticmethod
    def _venue(name: str) -> str:
        for prefix in ("Wijkentree ", "Wijkteam ", "Inloop "):
            name = name.removeprefix(prefix)
        return name

    def _slug(self, file: str, text: str) -> str:
        base = slugify(text)[:90].strip("-") or "item"
        slug, n = base, 1
        while slug in self.used_slugs[file]:
            n += 1
            slug = f"{base}-{n}"
        self.used_slugs[file].add(slug)
        return slug

    def _pick(self, values, low: int, high: int) -> list:
        return self.random.sample(values, self.random.randint(low, min(high, len(values))))

    def _postcode(self, district: str) -> str:
        pc4 = self.random.choice(self.districts[district]["postcodes"])
        while True:
            letters = "".join(self.random.choice("ABCDEGHJKLMNPRSTVWXZ") for _ in range(2))
            if letters not in UNUSED_LETTER_PAIRS:
                return f"{pc4} {letters}"

    def _text(self, sentences: list[str], low: int, high: int) -> str:
        return " ".join(self._pick(sentences, low, high))

    def _phone(self) -> str:
        return f"074 000 {self.random.randint(1000, 9999)}"

    def _sentences_like(self, template_text: str, pool: list[str]) -> str:
        """The template's own sentences in a new order, plus one from elsewhere in the pool.

        Keeps the text about the template's themes, so search tests stay meaningful.
        """
        own = _sentences([template_text]) or [template_text]
        chosen = self._pick(own, max(1, len(own) - 1), len(own)) + [self.random.choice(pool)]
        return " ".join(chosen)

    def organisations(self, count: int) -> list[dict]:
        rows = []
        for _ in range(count):
            template = self.random.choice(self.sample[ORGANISATIONS])
            name = (
                f"{self.random.choice(ORGANISATION_PREFIXES)} {self._core(template['name'])} "
                f"{self.random.choice(self.neighbourhoods)}"
            )
            slug = self._slug(ORGANISATIONS, name)
            district = self.random.choice(sorted(self.districts))
            last_verified = date(2024, 1, 1) + timedelta(days=self.random.randint(0, 700))
            rows.append(
                {
                    "slug": slug,
                    "name": name,
                    "kind": template["kind"],
                    "themes": template["themes"],
                    "target_groups": template["target_groups"],
                    "summary": template["summary"],
                    "description": self._sentences_like(
                        template["description"], self.org_sentences
                    ),
                    "website": f"https://example.org/{slug}",
                    "phone": self._phone(),
                    "email": f"{slug[:50]}@example.org",
                    "street": f"{self.random.choice(self.streets)} {self.random.randint(1, 250)}",
                    "postcode": self._postcode(district),
                    "city": "Hengelo",
                    "districts": ";".join(self._pick(sorted(self.districts), 1, 4)),
                    "cost": template["cost"],
                    "languages": self.random.choice(self.language_sets),
                    "last_verified": last_verified.isoformat(),
                }
            )
        return rows

    def locations(self, count: int, organisations: list[dict]) -> list[dict]:
        rows = []
        kinds = ["inloop"] * 4 + ["activiteit"] * 4 + ["wijkentree", "wijkteam"]
        for _ in range(count):
            kind = self.random.choice(kinds)
            district = self.random.choice(sorted(self.districts))
            neighbourhood = self.random.choice(self.districts[district]["neighbourhoods"])
            label = {"wijkentree": "Wijkentree", "wijkteam": "Wijkteam"}.get(kind, "")
            name = " ".join(filter(None, [label, self.random.choice(self.venues), neighbourhood]))
            rows.append(
                {
                    "slug": self._slug(LOCATIONS, name),
                    "name": name,
                    "kind": kind,
                    "organisation": self.random.choice(organisations)["slug"],
                    "street": f"{self.random.choice(self.streets)} {self.random.randint(1, 250)}",
                    "postcode": self._postcode(district),
                    "city": "Hengelo",
                    "district": district,
                    "latitude": f"{self.random.uniform(*HENGELO_LATITUDE):.5f}",
                    "longitude": f"{self.random.uniform(*HENGELO_LONGITUDE):.5f}",
                    "opening_hours": self.random.choice(self.opening_hours),
                    "accessibility": self.random.choice(self.accessibility),
                    "phone": self._phone(),
                    "description": self._text(self.location_sentences, 1, 3),
                }
            )
        return rows

    def services(self, count: int, organisations: list[dict], locations: list[dict]) -> list:
        rows = []
        for _ in range(count):
            organisation = self.random.choice(organisations)
            template = self.random.choice(self.sample[SERVICES])
            name = template["name"].split(": ")[-1]
            if self.random.random() < 0.5:
                name = f"{name} in {self.random.choice(self.neighbourhoods)}"
            where = self._pick(locations, 0, 3) if self.random.random() < 0.5 else []
            rows.append(
                {
                    "slug": self._slug(SERVICES, f"{organisation['slug'][:40]} {name}"),
                    "organisation": organisation["slug"],
                    "name": name[:200],
                    "themes": template["themes"],
                    "description": self._sentences_like(
                        template["description"], self.service_sentences
                    ),
                    "cost": template["cost"],
                    "locations": ";".join(location["slug"] for location in where),
                }
            )
        return rows

    def faqs(self, count: int) -> list[dict]:
        rows = []
        for index in range(count):
            template = self.random.choice(self.sample[FAQS])
            if index < len(self.questions) and self.random.random() < 0.5:
                template = self.sample[FAQS][index]
                question = template["question"]
            else:
                question = self.random.choice(FAQ_TEMPLATES).format(
                    theme=self.theme_names[self.random.choice(self.themes)],
                    neighbourhood=self.random.choice(self.neighbourhoods),
                )
            rows.append(
                {
                    "slug": self._slug(FAQS, question),
                    "question": question[:255],
                    "answer": self._sentences_like(template["answer"], self.answer_sentences),
                    "category": template["category"],
                    "audience": template["audience"],
                }
            )
        return rows

    def generate(self, counts: Counts) -> dict[str, list[dict]]:
        organisations = self.organisations(counts.organisations)
        locations = self.locations(counts.locations, organisations)
        return {
            THEMES: self.sample[THEMES],
            THEME_TEXTS: self.sample[THEME_TEXTS],
            DISTRICTS: self.sample[DISTRICTS],
            ORGANISATIONS: organisations,
            LOCATIONS: locations,
            SERVICES: self.services(counts.services, organisations, locations),
            FAQS: self.faqs(counts.faqs),
        }


def sample_counts(sample: Path, scale: float) -> Counts:
    sizes = {name: len(_read(sample, name)) for name in spreadsheet_files.names()}
    return Counts(
        organisations=round(sizes[ORGANISATIONS] * scale),
        services=round(sizes[SERVICES] * scale),
        locations=round(sizes[LOCATIONS] * scale),
        faqs=round(sizes[FAQS] * scale),
    )


def write_files(folder: Path, data: dict[str, list[dict]]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in data.items():
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=spreadsheet_files.columns(name))
        writer.writeheader()
        writer.writerows(rows)
        (folder / name).write_text(buffer.getvalue(), encoding="utf-8", newline="")
