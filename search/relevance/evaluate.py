"""Measure the search against the judgement file: nDCG@10, recall@10, zero-result rate.

`judgements.csv` (query, language, page_id, grade 0-2) was written from the sample
content as readers type, before looking at results (README.md beside it). The
figures recorded in `figures.json` are what the relevance test holds the search to.
Run through `make relevance` (sample content in a database of its own, its own index).
"""

from __future__ import annotations

import csv
import math
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
JUDGEMENTS = HERE / "judgements.csv"
FIGURES = HERE / "figures.json"
CUTOFF = 10


@dataclass(frozen=True)
class Judged:
    query: str
    language: str
    grades: dict[str, int]  # page id → grade (unlisted pages are 0)


def load_judgements(path: Path = JUDGEMENTS) -> list[Judged]:
    grades: dict[tuple[str, str], dict[str, int]] = defaultdict(dict)
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            grades[(row["query"], row["language"])][row["page_id"]] = int(row["grade"])
    return [Judged(q, lang, g) for (q, lang), g in grades.items()]


def dcg(gains: list[int]) -> float:
    return sum((2**g - 1) / math.log2(rank + 2) for rank, g in enumerate(gains[:CUTOFF]))


def ndcg(ranked: list[str], grades: dict[str, int]) -> float:
    ideal = dcg(sorted(grades.values(), reverse=True))
    return dcg([grades.get(page, 0) for page in ranked]) / ideal if ideal else 0.0


def recall(ranked: list[str], grades: dict[str, int]) -> float:
    """Relevant pages in the first ten, over the relevant pages (at most ten can be found)."""
    relevant = {page for page, grade in grades.items() if grade > 0}
    if not relevant:
        return 0.0
    return len(relevant & set(ranked[:CUTOFF])) / min(len(relevant), CUTOFF)


@dataclass
class Scores:
    queries: int = 0
    ndcg: float = 0.0
    recall: float = 0.0
    zero: int = 0

    def add(self, n: float, r: float, found: int) -> None:
        self.queries += 1
        self.ndcg += n
        self.recall += r
        self.zero += found == 0

    def as_dict(self) -> dict[str, float]:
        count = self.queries or 1
        return {
            "queries": self.queries,
            "ndcg@10": round(self.ndcg / count, 4),
            "recall@10": round(self.recall / count, 4),
            "zero_result_rate": round(self.zero / count, 4),
        }


Search = Callable[[str, str], tuple[list[str], int]]  # (query, language) → (ids, total)


def evaluate(search: Search, judgements: list[Judged] | None = None) -> dict:
    """Scores per language and overall, and each query's figures."""
    per_language: dict[str, Scores] = defaultdict(Scores)
    overall = Scores()
    rows = []
    for judged in judgements or load_judgements():
        ranked, total = search(judged.query, judged.language)
        n, r = ndcg(ranked, judged.grades), recall(ranked, judged.grades)
        per_language[judged.language].add(n, r, total)
        overall.add(n, r, total)
        rows.append(
            {
                "query": judged.query,
                "language": judged.language,
                "ndcg@10": round(n, 4),
                "recall@10": round(r, 4),
                "total": total,
                "top": ranked[:3],
            }
        )
    return {
        "overall": overall.as_dict(),
        "languages": {lang: s.as_dict() for lang, s in sorted(per_language.items())},
        "queries": rows,
    }


def service_search(backend: str = "auto") -> Search:
    """The site's own search service (or one backend of it), first page of ten."""
    from search.backends import search_database, search_elasticsearch
    from search.params import SearchParams
    from search.service import run_search

    run = {"auto": run_search, "elasticsearch": search_elasticsearch, "database": search_database}[
        backend
    ]

    def search(query: str, language: str) -> tuple[list[str], int]:
        params = SearchParams(q=query, lang=language, sort="relevance", page_size=CUTOFF)
        result = run(params)
        return [item["id"] for item in result.results], result.total

    return search


def table(report: dict, before: dict | None = None) -> str:
    """A plain-text table per language and overall, beside the figures from before."""
    lines = [
        f"{'language':<10}{'queries':>8}{'nDCG@10':>10}{'recall@10':>11}{'zero':>7}"
        + ("   before: nDCG  recall   zero" if before else "")
    ]
    rows = [*report["languages"].items(), ("overall", report["overall"])]
    for language, s in rows:
        line = (
            f"{language:<10}{s['queries']:>8}{s['ndcg@10']:>10.3f}{s['recall@10']:>11.3f}"
            f"{s['zero_result_rate']:>7.1%}"
        )
        old = (before or {}).get("overall" if language == "overall" else "languages", {})
        old = old if language == "overall" else old.get(language)
        if old:
            line += (
                f"   {old['ndcg@10']:>12.3f}{old['recall@10']:>8.3f}{old['zero_result_rate']:>7.1%}"
            )
        lines.append(line)
    return "\n".join(lines)
