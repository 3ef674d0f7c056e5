"""Admin forms of the page types: fields an editor may not change are shown disabled."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm


class CountryPageForm(WagtailAdminPageForm):
    """A hub's country decides whose pages sit below it: only superusers change it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        if "country" in self.fields and self.instance.pk and not (user and user.is_superuser):
            # A disabled field ignores whatever is posted and keeps the stored value.
            self.fields["country"].disabled = True
            self.initial["country"] = (
                type(self.instance)
                .objects.filter(pk=self.instance.pk)
                .values_list("country_id", flat=True)
                .first()
            )


class ContentPageForm(WagtailAdminPageForm):
    """A content page's country is its hub's; its import id is set by imports (or a superuser).

    Disabled fields ignore what is posted (or left out), so no admin path changes them.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = self.instance
        country = instance.required_country(parent=None if instance.pk else self.parent_page)
        if "country" in self.fields and country:
            self.fields["country"].disabled = True
            self.fields["country"].help_text = _("Set by the country hub the page sits under.")
            self.initial["country"] = country
        user = self.for_user
        if "external_id" in self.fields and not (user and user.is_superuser):
            self.fields["external_id"].disabled = True
            stored = (
                type(instance).objects.filter(pk=instance.pk).values_list("external_id", flat=True)
            )
            self.initial["external_id"] = (stored.first() if instance.pk else "") or ""
