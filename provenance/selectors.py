"""Reads of the provenance app."""

from __future__ import annotations

from django.db.models import QuerySet

from provenance.models import ProblemReport
from servicecentre.models import Country


def report_countries_for(user) -> list[str] | None:
    """Country codes whose reports the user handles; None for all (Secretariat, superusers).

    A country's editors and approvers handle its pages' reports, and only theirs.
    """
    from editorial.roles import approvers_group_name, editors_group_name, is_secretariat

    if not user.is_active:
        return []
    if is_secretariat(user):
        return None
    names = set(user.groups.values_list("name", flat=True))
    return [
        country.code
        for country in Country.objects.all()
        if editors_group_name(country) in names or approvers_group_name(country) in names
    ]


def reports_for(user) -> QuerySet:
    reports = ProblemReport.objects.select_related("page", "country")
    countries = report_countries_for(user)
    return reports if countries is None else reports.filter(country_id__in=countries)


def open_report_count(user) -> int:
    return reports_for(user).filter(status=ProblemReport.OPEN).count()
