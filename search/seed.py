"""Load the synonym seed file (search/data/synonyms.txt) into SynonymGroup rows."""

from __future__ import annotations

from pathlib import Path

from search.models import split_terms

SEED_FILE = Path(__file__).resolve().parent / "data" / "synonyms.txt"


def seed_groups(path: Path = SEED_FILE) -> list[list[str]]:
    """The groups of the seed file: one per line, `#` comments and blank lines skipped."""
    groups = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            groups.append(split_terms(line))
    return groups


def load_seed(model, path: Path = SEED_FILE) -> int:
    """Add the seed groups that are not there yet (same terms); return how many were added."""
    existing = {row.terms.strip() for row in model.objects.all()}
    new = [
        model(terms=" ~ ".join(terms), note="seed: search/data/synonyms.txt")
        for terms in seed_groups(path)
        if " ~ ".join(terms) not in existing
    ]
    model.objects.bulk_create(new)
    return len(new)
