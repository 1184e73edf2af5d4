"""What an import reports: problems as ``file:line: column: message`` and counts per file."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.column}: {self.message}"


@dataclass
class FileCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass
class ImportResult:
    """What an import did (or, with ``dry_run``, would do)."""

    dry_run: bool = False
    problems: list[Problem] = field(default_factory=list)
    counts: dict[str, FileCounts] = field(default_factory=dict)
    # Per file, the slugs that are (or would be) created and updated, for previews.
    created: dict[str, list[str]] = field(default_factory=dict)
    updated: dict[str, list[str]] = field(default_factory=dict)
    # Per file and updated slug, what changes: [(column, old cell, new cell), ...].
    changes: dict[str, dict[str, list[tuple[str, str, str]]]] = field(default_factory=dict)
    # Per file, rows left out on purpose and why (``SpreadsheetFile.skip_reason``): count.
    skipped: dict[str, dict[str, int]] = field(default_factory=dict)
    elapsed: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary_lines(self) -> list[str]:
        lines = [
            f"{name}: {c.created} nieuw, {c.updated} gewijzigd, {c.unchanged} ongewijzigd"
            for name, c in self.counts.items()
        ]
        for name, reasons in self.skipped.items():
            for reason, count in sorted(reasons.items()):
                lines.append(f"{name}: {count} regel(s) overgeslagen: {reason}")
        return lines


class SpreadsheetError(Exception):
    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems
