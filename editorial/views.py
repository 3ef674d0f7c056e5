"""Admin views: translation status, XLIFF export and import, overdue reviews."""

from __future__ import annotations

from itertools import groupby

import django_filters
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, TemplateView
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.reports import ReportView
from wagtail.models import Page
from wagtail.permission_policies.pages import PagePermissionPolicy

from editorial.forms import (
    TranslationExportForm,
    TranslationFilterForm,
    TranslationImportForm,
    country_choices,
)
from editorial.roles import is_secretariat, translation_languages_for
from editorial.selectors import overdue_pages, translation_status
from editorial.services import TranslationImportError, export_translations, import_translations
from editorial.texts import language_name

PAGE_ACTIONS = ["add", "change", "publish"]


def user_works_on_pages(user) -> bool:
    """Whether the user edits, approves or translates any page (who sees these reports)."""
    return PagePermissionPolicy().user_has_any_permission(user, PAGE_ACTIONS)


class PagePermissionRequiredMixin:
    def dispatch(self, request, *args, **kwargs):
        if not user_works_on_pages(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class TranslationReportView(PagePermissionRequiredMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "editorial/translation_report.html"
    page_title = _("Translation status")
    header_icon = "globe"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = TranslationFilterForm(self.request.GET or None)
        country = language = ""
        if form.is_valid():
            country = form.cleaned_data["country"]
            language = form.cleaned_data["language"]
        own_languages = translation_languages_for(self.request.user)
        if language:
            languages = [language]
        elif own_languages and not is_secretariat(self.request.user):
            # A translator sees their own language(s) for every country by default.
            languages = own_languages
        else:
            languages = None
        rows = translation_status(country=country or None, languages=languages)
        groups = []
        for (country_obj, code), items in groupby(
            rows, key=lambda row: (row.country, row.language)
        ):
            items = list(items)
            groups.append(
                {
                    "country": country_obj,
                    "language": code,
                    "language_name": language_name(code),
                    "rows": items,
                    "translated": sum(row.translated for row in items),
                    "missing": sum(row.missing for row in items),
                    "outdated": sum(row.outdated for row in items),
                    "export_url": reverse("editorial:translations_export")
                    + "?"
                    + urlencode({"country": country_obj.code, "language": code}),
                }
            )
        context.update(
            form=form,
            groups=groups,
            own_languages=[(code, language_name(code)) for code in own_languages],
            import_url=reverse("editorial:translations_import"),
        )
        return context


class TranslationExportView(PagePermissionRequiredMixin, WagtailAdminTemplateMixin, FormView):
    """Download one country's missing and outdated fields in one language as XLIFF."""

    form_class = TranslationExportForm
    template_name = "editorial/translation_export.html"
    page_title = _("Export translations")
    header_icon = "download"

    def get(self, request, *args, **kwargs):
        if "country" in request.GET:
            form = self.form_class(request.GET)
            if form.is_valid():
                return self.form_valid(form)
            return self.form_invalid(form)
        return super().get(request, *args, **kwargs)

    def form_valid(self, form):
        country = form.cleaned_data["country"]
        language = form.cleaned_data["language"]
        data, _units = export_translations(
            country=country, language=language, user=self.request.user
        )
        filename = f"servicecentre-{country}-{language}-{timezone.localdate():%Y%m%d}.xlf"
        response = HttpResponse(data, content_type="application/x-xliff+xml; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


class TranslationImportView(PagePermissionRequiredMixin, WagtailAdminTemplateMixin, FormView):
    """Upload a translated XLIFF file; it is applied whole or refused whole."""

    form_class = TranslationImportForm
    template_name = "editorial/translation_import.html"
    page_title = _("Import translations")
    header_icon = "upload"

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("editorial:translations"), "label": _("Translation status")},
            {"url": "", "label": self.page_title},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["own_languages"] = [
            (code, language_name(code)) for code in translation_languages_for(self.request.user)
        ]
        return context

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        try:
            result = import_translations(
                data=upload.read(), user=self.request.user, filename=upload.name
            )
        except TranslationImportError as error:
            return self.render_to_response(
                self.get_context_data(form=form, import_errors=error.errors), status=400
            )
        return self.render_to_response(
            self.get_context_data(
                form=self.form_class(),
                result=result,
                result_language_name=language_name(result.language),
            )
        )


# --- Overdue reviews ---------------------------------------------------------------------


class OverdueFilterSet(WagtailFilterSet):
    # Applied by the view (review dates are computed, not stored), so no `method` here.
    country = django_filters.ChoiceFilter(label=_("Country"), choices=lambda: country_choices())

    class Meta:
        model = Page
        fields: list[str] = []


class OverdueReviewsView(ReportView):
    """Live overdue content pages the user may edit: compiled first, then longest overdue."""

    model = Page
    any_permission_required = PAGE_ACTIONS
    page_title = _("Overdue reviews")
    header_icon = "time"
    index_url_name = "editorial:overdue"
    index_results_url_name = "editorial:overdue_results"
    results_template_name = "editorial/overdue_report_results.html"
    filterset_class = OverdueFilterSet
    context_object_name = "pages"
    list_export = [
        "title",
        "country",
        "verification_status",
        "compiled_on",
        "last_verified",
        "review_months",
        "review_due",
    ]
    export_headings = {
        "title": _("Title"),
        "country": _("Country"),
        "verification_status": _("Verification"),
        "compiled_on": _("Compiled on"),
        "last_verified": _("Last verified"),
        "review_months": _("Review interval (months)"),
        "review_due": _("Review due"),
    }

    def get_queryset(self):
        country = None
        if self.filters and self.filters.is_valid():
            country = self.filters.form.cleaned_data.get("country") or None
        return overdue_pages(country=country, user=self.request.user)

    def filter_queryset(self, queryset):
        return queryset  # filtered in get_queryset: the list is computed in Python

    def write_csv_row(self, writer, row_dict):
        # A title such as `=HYPERLINK(...)` would run as a formula when the file is opened
        # in a spreadsheet (CSV injection); Wagtail's XLSX export already writes strings.
        return super().write_csv_row(
            writer, {field: neutralise_formula(value) for field, value in row_dict.items()}
        )


FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(value):
    """Prefix a text cell that a spreadsheet would read as a formula with an apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value
