"""Write a larger, valid social-map data set (the six CSV files) for load and search tests."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from directory.generator import Counts, Generator, sample_counts, write_files

DEFAULT_SAMPLE = Path(settings.BASE_DIR) / "portal" / "fixtures" / "sociale-kaart"


class Command(BaseCommand):
    help = (
        "Generate the six CSV files from the sample's vocabulary: --scale N times the sample, "
        "or explicit --organisations/--services/--locations/--faqs counts. Deterministic."
    )

    def add_arguments(self, parser):
        parser.add_argument("out_dir", type=Path)
        parser.add_argument("--scale", type=float, default=None, help="Multiple of the sample")
        parser.add_argument("--organisations", type=int)
        parser.add_argument("--services", type=int)
        parser.add_argument("--locations", type=int)
        parser.add_argument("--faqs", type=int)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--sample", type=Path, default=DEFAULT_SAMPLE)

    def handle(self, *args, out_dir: Path, scale, sample: Path, seed: int, **options):
        if not (sample / "themes.csv").is_file():
            raise CommandError(f"Sample data not found in {sample}")
        counts = sample_counts(sample, scale if scale is not None else 1)
        for name in ("organisations", "services", "locations", "faqs"):
            if options[name] is not None:
                if options[name] < 1:
                    raise CommandError(f"--{name} must be at least 1")
                setattr(counts, name, options[name])
        data = Generator(sample, seed=seed).generate(Counts(**vars(counts)))
        write_files(out_dir, data)
        for name, rows in data.items():
            self.stdout.write(f"{name}: {len(rows)} rows")
        self.stdout.write(self.style.SUCCESS(f"Written to {out_dir}"))
