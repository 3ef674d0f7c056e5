"""Which page fields are translated, their text per language, and fingerprints of it."""

from __future__ import annotations

import hashlib
import re
from functools import cache

from django.conf import settings
from django.db.models import Model
from django.utils import translation
from modeltranslation.translator import translator
from modeltranslation.utils import build_localized_fieldname

SOURCE_LANGUAGE = "en"
# Promote fields last: translators start with what readers see first.
_LATE_FIELDS = ("seo_title", "search_description")


def target_languages() -> list[str]:
    """Every site language a page is translated into (all but English)."""
    return [code for code in settings.LANGUAGE_CODES if code != SOURCE_LANGUAGE]


def language_name(code: str) -> str:
    """The English name of a site language, e.g. `Thai` (group names use it)."""
    names = dict(settings.LANGUAGES)
    with translation.override("en"):
        return str(names[code])


@cache
def translatable_fields(model: type[Model]) -> tuple[str, ...]:
    """The model's translated fields (modeltranslation's registry, inherited ones included).

    Ordered as the model declares them, title first and the promote fields last.
    """
    names = set(translator.get_options_for_model(model).get_field_names())
    declared = [field.name for field in model._meta.fields]
    ordered = sorted(
        names,
        key=lambda name: (
            name != "title",
            name in _LATE_FIELDS,
            declared.index(name) if name in declared else len(declared),
        ),
    )
    return tuple(ordered)


def text_value(obj: Model, field: str, language: str) -> str:
    """The stored text of one field in one language, without modeltranslation's fallback."""
    return (getattr(obj, build_localized_fieldname(field, language)) or "").strip()


def fingerprint(text: str) -> str:
    """A hash of a text that ignores changes in whitespace only."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


def xliff_language(code: str) -> str:
    """The BCP 47 tag of a site language as XLIFF writes it (`zh-hans` → `zh-Hans`)."""
    if code == "zh-hans":
        return "zh-Hans"
    return code


def site_language(tag: str) -> str | None:
    """The site language of a BCP 47 tag from a file, or None when it is not one of ours."""
    normalised = tag.strip().lower().replace("_", "-")
    return normalised if normalised in settings.LANGUAGE_CODES else None


# --- Texts of a page's inline children ----------------------------------------------------

# A child text's key, in translation records and XLIFF unit ids: `sources.<source pk>.title`.
SOURCE_TITLE_KEY = re.compile(r"^sources\.(?P<pk>[0-9]+)\.title$")


def source_title_key(source: Model) -> str:
    return f"sources.{source.pk}.title"


def page_texts(page: Model) -> dict[str, tuple[Model, str]]:
    """Every translatable text of a page: key → (object holding it, field name).

    The page's own fields (key = field name) and its sources' titles (key
    `sources.<pk>.title`). Works on a page loaded from the database and on a revision's
    page object (whose sources are the revision's). Sources not saved yet (no pk) are
    left out: they have no stable key until the revision that adds them is published.
    """
    texts: dict[str, tuple[Model, str]] = {
        name: (page, name) for name in translatable_fields(type(page))
    }
    sources = getattr(page, "sources", None)
    if sources is not None:
        for source in sources.all():
            if source.pk is not None:
                texts[source_title_key(source)] = (source, "title")
    return texts


def page_text(texts: dict[str, tuple[Model, str]], key: str, language: str) -> str:
    """The text of one key of `page_texts()` in one language ("" when the key is absent)."""
    if key not in texts:
        return ""
    obj, name = texts[key]
    return text_value(obj, name, language)
