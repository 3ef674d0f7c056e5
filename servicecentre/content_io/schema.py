"""The import format's fields: how each value is checked, written to a page and read back.

Every field has a *kind*. A kind turns an incoming value into its canonical form
(`clean`), writes a canonical value to a page (`apply`, `None` clears) and reads it
back (`read`, `None` when empty). Export is `read` over every field, and an import
leaves a page untouched when `clean` of the incoming line equals that export, so
the two stay each other's inverse by construction.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import Any, ClassVar

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.utils import translation
from modeltranslation.translator import NotRegistered, translator
from modeltranslation.utils import build_localized_fieldname

from servicecentre.models import (
    COMPILED,
    EXTERNAL_ID_VALIDATOR,
    VERIFICATION_STATUSES,
    BasePage,
    content_models,
)
from servicecentre.services import VOCABULARIES

# (suffix of the field name, message): the suffix names a part, e.g. ".th" or "[2].url".
Report = Callable[[str, str], None]

EXTERNAL_ID_MAX_LENGTH = BasePage._meta.get_field("external_id").max_length
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_url_validator = URLValidator(schemes=["http", "https"])


def describe(value: Any) -> str:
    """Name a value's JSON type for an error message."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float | Decimal):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"  # JSON's array
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def one_of(codes) -> str:
    return ", ".join(codes)


@dataclass
class Vocabularies:
    """The taxonomy codes an import may use, loaded once per import."""

    terms: dict[str, dict[str, Any]]  # vocabulary -> code -> term, in sort order
    member_states: frozenset[str]

    @classmethod
    def load(cls) -> Vocabularies:
        terms = {
            name: {term.pk: term for term in model.objects.all()}
            for name, model in VOCABULARIES.items()
        }
        members = frozenset(
            code for code, term in terms["countries"].items() if term.is_member_state
        )
        return cls(terms=terms, member_states=members)

    def sort_key(self, vocabulary: str) -> Callable[[str], int]:
        order = {code: position for position, code in enumerate(self.terms[vocabulary])}
        return lambda code: order.get(code, len(order))


class Kind:
    """How one field's values are checked, stored and read."""

    csv: ClassVar[str] = "text"  # how a CSV cell becomes a value: text, list, bool, number, json

    def clean(self, value: Any, *, report: Report, vocab: Vocabularies) -> Any:
        raise NotImplementedError

    def apply(self, page, attr: str, value: Any, *, vocab: Vocabularies) -> None:
        setattr(page, attr, value)

    def read(self, page, attr: str) -> Any:
        return getattr(page, attr)

    def model_fields(self, attr: str) -> list[str]:
        """The model fields this kind writes, for validation and for naming their errors."""
        return [attr]


class Text(Kind):
    def clean(self, value, *, report, vocab):
        if not isinstance(value, str):
            report("", f"expected a string, got {describe(value)}")
            return None
        return value if value.strip() else None

    def apply(self, page, attr, value, *, vocab):
        setattr(page, attr, value or "")

    def read(self, page, attr):
        value = getattr(page, attr)
        return value if value and value.strip() else None


class Url(Text):
    def clean(self, value, *, report, vocab):
        value = super().clean(value, report=report, vocab=vocab)
        if value is None:
            return None
        try:
            _url_validator(value)
        except ValidationError:
            report("", f"not a valid http(s) URL: {value!r}")
            return None
        return value


class Pattern(Text):
    """A string matching a pattern, e.g. an ISO 4217 currency code."""

    def __init__(self, pattern: re.Pattern, hint: str):
        self.pattern = pattern
        self.hint = hint

    def clean(self, value, *, report, vocab):
        value = super().clean(value, report=report, vocab=vocab)
        if value is not None and not self.pattern.match(value):
            report("", f"{value!r} is not {self.hint}")
            return None
        return value


class Choice(Text):
    """One of a model field's choices (an agreement, a certificate form)."""

    def __init__(self, model_label: str, field_name: str):
        self.model_label = model_label
        self.field_name = field_name

    @property
    def codes(self) -> list[str]:
        field = apps.get_model(self.model_label)._meta.get_field(self.field_name)
        return [code for code, _label in field.choices]

    def apply(self, page, attr, value, *, vocab):
        # A nullable choice (FtaGuidePage.agreement is unique when given) stores None.
        nullable = apps.get_model(self.model_label)._meta.get_field(self.field_name).null
        setattr(page, attr, value or (None if nullable else ""))

    def clean(self, value, *, report, vocab):
        value = super().clean(value, report=report, vocab=vocab)
        if value is not None and value not in self.codes:
            report("", f"unknown code {value!r} (use one of {one_of(self.codes)})")
            return None
        return value


class ExternalId(Text):
    def clean(self, value, *, report, vocab):
        value = super().clean(value, report=report, vocab=vocab)
        if value is None:
            return None
        try:
            EXTERNAL_ID_VALIDATOR(value)
        except ValidationError:
            report(
                "",
                f"{value!r} is not a valid id: use lowercase letters, digits and hyphens, "
                "starting with a letter or digit",
            )
            return None
        if len(value) > EXTERNAL_ID_MAX_LENGTH:
            report("", f"must be at most {EXTERNAL_ID_MAX_LENGTH} characters (it has {len(value)})")
            return None
        return value


class ContentTypeCode(Text):
    """The page's type: checked by the validator, implied by the page's model."""

    def clean(self, value, *, report, vocab):
        value = super().clean(value, report=report, vocab=vocab)
        codes = content_models()
        if value is not None and value not in codes:
            report("", f"unknown content type {value!r} (use one of {one_of(codes)})")
            return None
        return value

    def apply(self, page, attr, value, *, vocab):
        pass

    def read(self, page, attr):
        return page.content_type_code

    def model_fields(self, attr):
        return []


class CountryCode(Text):
    def clean(self, value, *, report, vocab):
        value = super().clean(value, report=report, vocab=vocab)
        if value is not None and value not in vocab.terms["countries"]:
            report(
                "",
                f"unknown country code {value!r} (use one of {one_of(vocab.terms['countries'])})",
            )
            return None
        return value

    def apply(self, page, attr, value, *, vocab):
        page.country = vocab.terms["countries"][value]

    def read(self, page, attr):
        return page.country_id


class Date(Kind):
    def clean(self, value, *, report, vocab):
        if not isinstance(value, str):
            report("", f"expected an ISO date (YYYY-MM-DD), got {describe(value)}")
            return None
        value = value.strip()
        if not ISO_DATE.match(value):
            report("", f"{value!r} is not an ISO date (YYYY-MM-DD)")
            return None
        try:
            datetime.date.fromisoformat(value)
        except ValueError:
            report("", f"{value!r} is not a valid date")
            return None
        return value

    def apply(self, page, attr, value, *, vocab):
        setattr(page, attr, datetime.date.fromisoformat(value) if value else None)

    def read(self, page, attr):
        value = getattr(page, attr)
        return value.isoformat() if value else None


class LastChecked(Date):
    """`last_verified`: the verification date of a verified page, the compile date otherwise.

    The format's required date predates verification states; for a compiled page it
    is when the facts were last gathered or checked from public sources.
    """

    def apply(self, page, attr, value, *, vocab):
        date = datetime.date.fromisoformat(value) if value else None
        if page.verification_status == COMPILED:
            page.last_verified = None
            page.compiled_on = date or datetime.date.today()
        else:
            page.last_verified = date

    def read(self, page, attr):
        value = page.compiled_on if page.verification_status == COMPILED else page.last_verified
        return value.isoformat() if value else None

    def model_fields(self, attr):
        return ["last_verified", "compiled_on"]


class CompiledOn(Date):
    """The compile date of a verified page; left out when it equals `last_verified`."""

    def apply(self, page, attr, value, *, vocab):
        if page.verification_status == COMPILED:
            return  # `last_verified` carries it
        page.compiled_on = (
            datetime.date.fromisoformat(value) if value else page.last_verified or page.compiled_on
        )

    def read(self, page, attr):
        if page.verification_status == COMPILED or page.compiled_on == page.last_verified:
            return None
        return page.compiled_on.isoformat() if page.compiled_on else None

    def model_fields(self, attr):
        return []  # named through last_verified


class Code(Text):
    """One of a fixed list of codes."""

    def __init__(self, choices, default: str = ""):
        self.codes = [code for code, _label in choices]
        self.default = default

    def clean(self, value, *, report, vocab):
        value = super().clean(value, report=report, vocab=vocab)
        if value is not None and value not in self.codes:
            report("", f"unknown code {value!r} (use one of {one_of(self.codes)})")
            return None
        return value

    def apply(self, page, attr, value, *, vocab):
        setattr(page, attr, value or self.default)


class Year(Kind):
    csv = "number"

    def clean(self, value, *, report, vocab):
        if isinstance(value, bool) or not isinstance(value, int | Decimal) or value != int(value):
            report("", f"expected a year such as 2025, got {describe(value)}")
            return None
        return int(value)


class Amount(Kind):
    csv = "number"

    def clean(self, value, *, report, vocab):
        if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
            report("", f"expected a number, got {describe(value)}")
            return None
        amount = value if isinstance(value, Decimal) else Decimal(str(value))
        if not amount.is_finite():
            report("", "expected a finite number")
            return None
        if amount < 0:
            report("", "must not be negative")
            return None
        return amount

    def apply(self, page, attr, value, *, vocab):
        setattr(page, attr, value)


class Boolean(Kind):
    csv = "bool"

    def clean(self, value, *, report, vocab):
        if not isinstance(value, bool):
            report("", f"expected true or false, got {describe(value)}")
            return None
        return value


class OptionalBoolean(Boolean):
    """true, false or unknown (absent, or null in JSON)."""


class Translated(Kind):
    """An object from language code to text; English is required wherever the field is given.

    The languages given replace all of the field's languages: a translation left out
    is cleared, so a removed translation disappears and export then import is a fixed point.
    """

    csv = "translated"

    def clean(self, value, *, report, vocab):
        if not isinstance(value, dict):
            report(
                "",
                f'expected an object from language code to text, e.g. {{"en": "..."}}, '
                f"got {describe(value)}",
            )
            return None
        texts = {}
        english_reported = False
        for language, text in value.items():
            if language not in settings.LANGUAGE_CODES:
                report(
                    f".{language}",
                    f"unknown language code (use one of {one_of(settings.LANGUAGE_CODES)})",
                )
            elif text is None:
                continue
            elif not isinstance(text, str):
                report(f".{language}", f"expected a string, got {describe(text)}")
                english_reported |= language == "en"
            elif text.strip():
                texts[language] = text
        if "en" not in texts and not english_reported:
            report(".en", "required: every translated text needs English")
        return {
            language: texts[language] for language in settings.LANGUAGE_CODES if language in texts
        } or None

    def apply(self, page, attr, value, *, vocab):
        value = value or {}
        # Through modeltranslation's descriptor in English: it keeps the untranslated
        # column (what non-translation-aware code reads) on English.
        with translation.override(settings.LANGUAGE_CODE):
            setattr(page, attr, value.get("en", ""))
        for language in settings.LANGUAGE_CODES:
            setattr(page, build_localized_fieldname(attr, language), value.get(language))

    def read(self, page, attr):
        texts = {}
        for language in settings.LANGUAGE_CODES:
            text = getattr(page, build_localized_fieldname(attr, language))
            if text and text.strip():
                texts[language] = text
        raw = page.__dict__.get(attr)
        if "en" not in texts and raw and raw.strip():
            texts = {"en": raw, **texts}  # a page saved before its English column was filled
        return texts or None

    def model_fields(self, attr):
        # The language columns only: the untranslated one repeats English and its errors.
        return [build_localized_fieldname(attr, language) for language in settings.LANGUAGE_CODES]


class TranslatedOrText(Translated):
    """A translated text that also accepts a plain string (English), as older files give it."""

    plain_language = "en"  # a CSV column without a language is this language

    def clean(self, value, *, report, vocab):
        if isinstance(value, str):
            return {"en": value} if value.strip() else None
        return super().clean(value, report=report, vocab=vocab)


class Codes(Kind):
    """A list of taxonomy codes, stored as a many-to-many relation."""

    csv = "list"

    def __init__(self, vocabulary: str):
        self.vocabulary = vocabulary

    def clean(self, value, *, report, vocab):
        if not isinstance(value, list):
            report("", f"expected a list of codes, got {describe(value)}")
            return None
        known = vocab.terms[self.vocabulary]
        codes = []
        for item in value:
            if not isinstance(item, str):
                report("", f"expected codes as strings, got {describe(item)}")
            elif item not in known:
                report("", f"unknown code {item!r} (use one of {one_of(known)})")
            elif item not in codes:
                codes.append(item)
        return sorted(codes, key=vocab.sort_key(self.vocabulary)) or None

    def apply(self, page, attr, value, *, vocab):
        terms = vocab.terms[self.vocabulary]
        setattr(page, attr, [terms[code] for code in value or []])

    def read(self, page, attr):
        # Codes are primary keys; sort as the vocabulary does, also for a revision's terms.
        terms = sorted(getattr(page, attr).all(), key=lambda term: (term.sort_order, term.pk))
        return [term.pk for term in terms] or None


@dataclass(frozen=True)
class Field:
    """One field of the import format."""

    name: str
    kind: Kind
    attr: str = ""  # the model attribute, when it differs from the name
    required: bool = False
    # The value other fields imply (a scheme without a window is open all year): absent
    # means this value, and the canonical record leaves out a value equal to it.
    implied: Callable[[dict[str, Any]], Any] | None = None

    @property
    def model_attr(self) -> str:
        return self.attr or self.name


class Children(Kind):
    """Ordered child objects (registration steps, one-stop centres), replaced wholesale."""

    csv = "json"

    def __init__(self, model_label: str, fields: list[Field]):
        self.model_label = model_label
        self.fields = fields

    @property
    def model(self):
        return apps.get_model(self.model_label)

    def clean(self, value, *, report, vocab):
        if not isinstance(value, list):
            report("", f"expected a list of objects, got {describe(value)}")
            return None
        names = [field.name for field in self.fields]
        items = []
        for number, item in enumerate(value, start=1):
            if not isinstance(item, dict):
                report(f"[{number}]", f"expected an object, got {describe(item)}")
                continue
            for key in item:
                if key not in names:
                    report(f"[{number}].{key}", f"unknown field (use {one_of(names)})")
            clean_item = {}
            for field in self.fields:

                def report_part(suffix, message, prefix=f"[{number}].{field.name}"):
                    report(prefix + suffix, message)

                raw = item.get(field.name)
                if raw is None:
                    if field.required:
                        report_part("", "required")
                    continue
                cleaned = field.kind.clean(raw, report=report_part, vocab=vocab)
                if cleaned is not None:
                    clean_item[field.name] = cleaned
                elif field.required:
                    report_part("", "required")
            items.append(clean_item)
        return items or None

    def build(self, items, *, vocab) -> list:
        """Unsaved child objects for the canonical items, numbered in order."""
        children = []
        for position, item in enumerate(items or []):
            child = self.model(sort_order=position)
            for field in self.fields:
                field.kind.apply(child, field.model_attr, item.get(field.name), vocab=vocab)
            children.append(child)
        return children

    def apply(self, page, attr, value, *, vocab):
        setattr(page, attr, self.build(value, vocab=vocab))

    def read(self, page, attr):
        children = sorted(getattr(page, attr).all(), key=lambda child: child.sort_order or 0)
        items = []
        for child in children:
            items.append(
                {
                    field.name: value
                    for field in self.fields
                    if (value := field.kind.read(child, field.model_attr)) is not None
                }
            )
        return items or None


class Sources(Children):
    """A page's numbered sources; each page type has its own source model."""

    def __init__(self, fields: list[Field]):
        super().__init__("", fields)

    def apply(self, page, attr, value, *, vocab):
        model = page._meta.get_field(attr).related_model
        children = []
        for position, item in enumerate(value or []):
            child = model(sort_order=position)
            for field in self.fields:
                field.kind.apply(child, field.model_attr, item.get(field.name), vocab=vocab)
            children.append(child)
        setattr(page, attr, children)


# --- The format ----------------------------------------------------------------

SOURCE_FIELDS = [
    Field("url", Url(), required=True),
    Field("title", Translated()),
    Field("publisher", Text()),
    Field("accessed_on", Date()),
    Field("facts", Text()),
]

ID = Field("id", ExternalId(), attr="external_id", required=True)
TYPE = Field("type", ContentTypeCode(), required=True)
COUNTRY = Field("country", CountryCode(), required=True)
SUPPORT_TYPES = Field("support_types", Codes("support_types"))
COMMON_HEAD = [
    ID,
    TYPE,
    COUNTRY,
    Field("title", Translated(), required=True),
    Field("summary", Translated(), required=True),
    Field("body", Translated()),
    Field("sectors", Codes("sectors")),
    Field("enterprise_sizes", Codes("enterprise_sizes")),
]
COMMON_TAIL = [
    Field("target_groups", Codes("target_groups")),
    Field("provider", Translated()),
    Field("url", Url(), attr="official_url"),
    # Required unless `sources` is given; without `sources` it becomes the only source.
    Field("source_url", Url()),
    Field("sources", Sources(SOURCE_FIELDS)),
    Field("verification_status", Code(VERIFICATION_STATUSES, default=COMPILED)),
    Field("last_verified", LastChecked(), required=True),
    Field("compiled_on", CompiledOn()),
    Field("verification_note", TranslatedOrText()),
]


def _kind_for(model: type[BasePage], name: str, translated: set[str]) -> Kind:
    """The import kind of a model field, read from the field (and translation.py)."""
    field = model._meta.get_field(name)
    if name in translated:
        return Translated()
    if field.many_to_many and field.related_model in VOCABULARIES.values():
        vocabulary = next(key for key, m in VOCABULARIES.items() if m is field.related_model)
        return Codes(vocabulary)
    if field.choices:
        return Choice(model._meta.label, name)
    if isinstance(field, models.URLField):
        return Url()
    if isinstance(field, models.DateField):
        return Date()
    if isinstance(field, models.DecimalField):
        return Amount()
    if isinstance(field, models.BooleanField):
        return OptionalBoolean() if field.null else Boolean()
    if isinstance(field, models.CharField | models.TextField):
        return Text()
    raise ImproperlyConfigured(
        f"{model.__name__}.import_fields: give {name!r} as a Field with its kind "
        f"(no default kind for {type(field).__name__})"
    )


@cache
def declared_fields(model: type[BasePage]) -> tuple[Field, ...]:
    """A content type's own fields of the import format, from its `import_fields`."""
    try:
        translated = set(translator.get_options_for_model(model).get_field_names())
    except NotRegistered:
        translated = set()
    return tuple(
        entry if isinstance(entry, Field) else Field(entry, _kind_for(model, entry, translated))
        for entry in model.import_fields
    )


def type_fields() -> dict[str, list[Field]]:
    """Each content type's own fields, in export order (formerly the TYPE_FIELDS table)."""
    return {code: list(declared_fields(model)) for code, model in content_models().items()}


def __getattr__(name: str) -> Any:
    if name == "TYPE_FIELDS":  # the old table's name, for code written before it was derived
        return type_fields()
    raise AttributeError(name)


def stores_support_types(content_type: str) -> bool:
    """Whether the type's pages have support types (a common field that only some models store)."""
    model = content_models()[content_type]
    return any(field.name == SUPPORT_TYPES.name for field in model._meta.get_fields())


def fields_for(content_type: str | None) -> list[Field]:
    """The fields of one content type in export order; the common fields for an unknown type."""
    models_by_code = content_models()
    if content_type not in models_by_code:
        return [*COMMON_HEAD, SUPPORT_TYPES, *COMMON_TAIL]
    support = [SUPPORT_TYPES] if stores_support_types(content_type) else []
    own = list(declared_fields(models_by_code[content_type]))
    return COMMON_HEAD + support + COMMON_TAIL + own


def all_fields() -> dict[str, Field]:
    """Every field name of any type (later types win on shared names; kinds agree)."""
    fields = {field.name: field for field in fields_for(None)}
    for content_type in content_models():
        fields.update({field.name: field for field in fields_for(content_type)})
    return fields


def types_with_field(name: str) -> list[str]:
    return [
        code for code in content_models() if any(field.name == name for field in fields_for(code))
    ]


def related_names(content_type: str) -> list[str]:
    """The relations a type's record reads, for `prefetch_related` when reading many pages."""
    return [
        field.model_attr
        for field in fields_for(content_type)
        if isinstance(field.kind, Codes | Children)
    ]


def model_error_names(fields: list[Field]) -> dict[str, str]:
    """Map model field names to import names (`title_th` -> `title.th`) to name model errors."""
    languages = {build_localized_fieldname("", code)[1:]: code for code in settings.LANGUAGE_CODES}
    names = {}
    for field in fields:
        names[field.model_attr] = field.name
        for model_field in field.kind.model_fields(field.model_attr):
            suffix = model_field.removeprefix(field.model_attr).removeprefix("_")
            names[model_field] = (
                f"{field.name}.{languages[suffix]}" if suffix in languages else field.name
            )
    return names


def parse_decimal(text: str) -> Decimal | None:
    """A CSV cell as a number, or None when it is not one."""
    try:
        number = Decimal(text.strip())
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


# --- Pages <-> records -------------------------------------------------------------


def canonical_provenance(values: dict[str, Any]) -> None:
    """Fill in what the format implies: the status, and `source_url` and `sources` from each other.

    Shared by validation and export, so a line giving only one of them equals its export.
    """
    values.setdefault("verification_status", COMPILED)
    if "sources" not in values and values.get("source_url"):
        values["sources"] = [{"url": values["source_url"]}]
    if "source_url" not in values and values.get("sources"):
        values["source_url"] = values["sources"][0]["url"]


def page_record(page: BasePage) -> dict[str, Any]:
    """A page as one record of the import format: fields in order, empty ones left out."""
    record = {}
    for field in fields_for(page.content_type_code):
        value = field.kind.read(page, field.model_attr)
        if value is not None:
            record[field.name] = value
    if not record.get("id"):
        # As BasePage.full_clean names pages made before it filled the id in.
        record = {"id": f"{page.country_id.lower()}-{page.slug}"[:EXTERNAL_ID_MAX_LENGTH], **record}
    drop_implied(record, fields_for(page.content_type_code))
    canonical_provenance(record)
    return record


def apply_record(page: BasePage, values: dict[str, Any], *, vocab: Vocabularies) -> None:
    """Write a canonical record to a page object: given fields replace, absent ones are cleared."""
    for field in fields_for(page.content_type_code):
        value = values.get(field.name)
        if value is None and field.implied is not None:
            value = field.implied(values)
        field.kind.apply(page, field.model_attr, value, vocab=vocab)


def drop_implied(values: dict[str, Any], fields: list[Field]) -> None:
    """Leave out the values that other fields imply, as the canonical record does."""
    for field in fields:
        if field.implied is not None and field.name in values:
            if values[field.name] == field.implied(values):
                del values[field.name]
