"""Print nDCG@10, recall@10 and the zero-result rate on the judgement file."""

import json

from django.core.management.base import BaseCommand

from search.relevance.evaluate import FIGURES, evaluate, service_search, table


class Command(BaseCommand):
    help = "Measure search relevance on search/relevance/judgements.csv (needs the sample content)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--backend", choices=["auto", "elasticsearch", "database"], default="elasticsearch"
        )
        parser.add_argument("--queries", action="store_true", help="print every query's figures")
        parser.add_argument("--json", help="write the whole report to this file")

    def handle(self, *args, backend, queries, json: str | None = None, **options):
        report = evaluate(service_search(backend))
        figures = _load(FIGURES)
        before = figures.get("before", {}).get(backend)
        if queries:
            for row in report["queries"]:
                self.stdout.write(
                    f"{row['ndcg@10']:.2f} {row['recall@10']:.2f} {row['total']:>4}  "
                    f"[{row['language']}] {row['query']}  → {', '.join(row['top'])}"
                )
        self.stdout.write(f"Backend: {backend}")
        self.stdout.write(table(report, before))
        if json:
            with open(json, "w", encoding="utf-8") as handle:
                _json.dump(report, handle, ensure_ascii=False, indent=1)


def _load(path):
    try:
        return _json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}


_json = json
