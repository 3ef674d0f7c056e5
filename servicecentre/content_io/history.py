"""How imports appear in a page's history in the admin."""

from __future__ import annotations

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import LogFormatter

IMPORT_ACTION = "servicecentre.import"


class ImportLogFormatter(LogFormatter):
    label = _("Import")

    def format_message(self, log_entry) -> str:
        if log_entry.data.get("created"):
            return gettext("Created by import")
        return gettext("Updated by import")

    def format_comment(self, log_entry) -> str:
        source = log_entry.data.get("file")
        return gettext("Imported from %(file)s") % {"file": source} if source else ""


def register_import_action(actions) -> None:
    """Teach Wagtail's log registry the import action (a `register_log_actions` hook)."""
    actions.register_action(IMPORT_ACTION)(ImportLogFormatter)
