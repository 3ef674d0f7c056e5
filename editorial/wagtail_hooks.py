"""Admin wiring: the editorial reports, their URLs and the translation import log action."""

from django.conf import settings
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.log_actions import LogFormatter

from editorial import views
from editorial.roles import translator_only_languages
from editorial.services import IMPORT_LOG_ACTION
from editorial.texts import language_name, text_value, translatable_fields

app_name = "editorial"
urlpatterns = [
    path("translations/", views.TranslationReportView.as_view(), name="translations"),
    path("translations/export/", views.TranslationExportView.as_view(), name="translations_export"),
    path("translations/import/", views.TranslationImportView.as_view(), name="translations_import"),
    path("overdue/", views.OverdueReviewsView.as_view(), name="overdue"),
    path(
        "overdue/results/",
        views.OverdueReviewsView.as_view(results_only=True),
        name="overdue_results",
    ),
]


@hooks.register("register_admin_urls")
def register_editorial_urls():
    return [path("editorial/", include((urlpatterns, app_name), namespace=app_name))]


class PageWorkMenuItem(MenuItem):
    def is_shown(self, request):
        return views.user_works_on_pages(request.user)


@hooks.register("register_reports_menu_item")
def register_translation_report_menu_item():
    return PageWorkMenuItem(
        _("Translation status"),
        reverse("editorial:translations"),
        name="translation-status",
        icon_name="globe",
        order=1150,
    )


@hooks.register("register_reports_menu_item")
def register_overdue_report_menu_item():
    return PageWorkMenuItem(
        _("Overdue reviews"),
        reverse("editorial:overdue"),
        name="overdue-reviews",
        icon_name="time",
        order=1160,
    )


@hooks.register("register_log_actions")
def register_translation_log_actions(actions):
    @actions.register_action(IMPORT_LOG_ACTION)
    class TranslationImportFormatter(LogFormatter):
        label = _("Import translation")

        def format_message(self, log_entry):
            data = log_entry.data or {}
            message = _("Imported %(language)s translation of %(fields)s") % {
                "language": data.get("language_name") or data.get("language", "?"),
                "fields": ", ".join(data.get("fields") or []) or "-",
            }
            if data.get("filename"):
                message += " " + _("from %(filename)s") % {"filename": data["filename"]}
            return message


@hooks.register("before_edit_page")
def keep_translators_to_their_languages(request, page):
    """Undo a translator's changes to other languages' texts and tell them which.

    This is the visible half: the enforcement is on every revision a translator saves
    (editorial.signals.confine_translator_revisions), which also covers fields left out
    of the post, language-neutral fields and the revisions "revert" view.
    """
    if request.method != "POST":
        return None
    languages = translator_only_languages(request.user, page)
    if languages is None:
        return None
    post = request.POST.copy()
    undone = []
    for field in translatable_fields(page.specific_class):
        for code in settings.LANGUAGE_CODES:
            name = build_localized_fieldname(field, code)
            if code in languages or name not in post:
                continue
            submitted = post[name].replace("\r\n", "\n").strip()
            if submitted != text_value(page, field, code):
                post[name] = getattr(page, name) or ""
                undone.append(f"{field} ({language_name(code)})")
    if undone:
        request.POST = post
        messages.warning(
            request,
            _(
                "Translators change only %(languages)s texts; "
                "these changes were not kept: %(fields)s"
            )
            % {
                "languages": ", ".join(language_name(code) for code in languages),
                "fields": ", ".join(undone),
            },
        )
    return None
