from django.core.management.base import BaseCommand, CommandError

from kpi.services import KpiImportFailed, import_kpi_values


class Command(BaseCommand):
    help = (
        "Import KPI values from CSV: the World Bank's WDI layout (Country Name, Country Code, "
        "Indicator Name, Indicator Code, one column per year; rows matched to KPIs by their "
        "WDI code, countries outside ASEAN and empty years skipped) or the long layout "
        "indicator,country,year,value,source[,unit,source_url,note]. All or nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE")
        parser.add_argument(
            "--dry-run", action="store_true", help="Check and count; write nothing."
        )

    def handle(self, *args, files, dry_run=False, **options):
        try:
            summary = import_kpi_values(paths=files, dry_run=dry_run)
        except KpiImportFailed as failure:
            for problem in failure.problems:
                self.stderr.write(str(problem))
            count = len(failure.problems)
            raise CommandError(
                f"{count} error{'s' if count != 1 else ''} in the input; nothing was imported."
            ) from None
        if summary.ignored_countries:
            self.stdout.write(
                f"Ignored {len(summary.ignored_countries)} countries and aggregates outside ASEAN."
            )
        if summary.ignored_indicators:
            codes = ", ".join(sorted(summary.ignored_indicators)[:10])
            self.stdout.write(f"Ignored indicators that are not KPIs: {codes}")
        prefix = "Dry run, nothing was written. Would import" if dry_run else "Imported"
        self.stdout.write(
            f"{prefix} {summary.created + summary.updated + summary.unchanged} values: "
            f"{summary.created} created, {summary.updated} updated, {summary.unchanged} unchanged "
            f"({summary.missing_values} empty years skipped)."
        )
