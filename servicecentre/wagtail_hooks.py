"""Admin hooks of the shared core."""

from wagtail import hooks

from servicecentre.content_io.history import register_import_action

hooks.register("register_log_actions", register_import_action)
