"""Write-side of the editorial workflow: translation fingerprints, XLIFF round trips, reminders."""

from __future__ import annotations

import copy
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from modelcluster.models import get_all_child_relations
from modeltranslation.translator import NotRegistered
from modeltranslation.utils import build_localized_fieldname
from wagtail.log_actions import log
from wagtail.models import Page, PageLogEntry, Revision
from wagtail.models.pages import COMMENTS_RELATION_NAME
from wagtail.users.models import UserProfile

from editorial.models import TranslationState
from editorial.roles import (
    reminder_recipients,
    translation_languages_for,
    translator_only_languages,
)
from editorial.selectors import OUTDATED, overdue_pages, translation_gaps
from editorial.texts import (
    SOURCE_LANGUAGE,
    SOURCE_TITLE_KEY,
    fingerprint,
    language_name,
    page_text,
    page_texts,
    target_languages,
    text_value,
    translatable_fields,
)
from editorial.xliff import PageUnits, ParsedUnit, Unit, XliffError, build_xliff, parse_xliff
from servicecentre.models import BasePage
from servicecentre.selectors import content_models

IMPORT_LOG_ACTION = "editorial.translation_import"


def admin_edit_url(page: Page) -> str:
    """The absolute URL of a page's edit view, for files and e-mails read outside the admin."""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse(
        "wagtailadmin_pages:edit", args=[page.pk]
    )


# --- Translators' revisions ------------------------------------------------------------


def _language_keys(model, languages: list[str]) -> set[str]:
    """Column names of `model`'s translated fields in `languages` (none if not translated)."""
    try:
        fields = translatable_fields(model)
    except NotRegistered:
        return set()
    return {build_localized_fieldname(name, code) for name in fields for code in languages}


def _base_content(revision: Revision, model) -> dict | None:
    """What the revision may differ from: its stored self, else the page's latest revision,
    else the page as saved."""
    if revision.pk:
        stored = Revision.objects.filter(pk=revision.pk).values_list("content", flat=True).first()
        if stored is not None:
            return stored
    page = model.objects.filter(pk=revision.object_id).first()
    if page is None:
        return None
    latest = page.get_latest_revision()
    return latest.content if latest else page.serializable_data()


def confine_revision_to_languages(revision: Revision, *, model) -> None:
    """Limit a translator-only user's revision to their languages' fields, in place.

    Everything else (other languages, English included, dates, links, taxonomy, items
    added or removed in inline lists) is taken from the revision it replaces; comments
    are the translator's own. Users with any other role on the page are left alone.
    """
    page = Page.objects.filter(pk=revision.object_id).first()
    if page is None:
        return
    languages = translator_only_languages(revision.user, page)
    if languages is None:
        return
    base = _base_content(revision, model)
    if base is None:
        return
    submitted = revision.content or {}
    content = copy.deepcopy(base)
    for key in _language_keys(model, languages):
        if key in submitted:
            content[key] = submitted[key]
    comments = COMMENTS_RELATION_NAME
    for relation in get_all_child_relations(model):
        name = relation.get_accessor_name()
        if name == comments:
            continue
        keys = _language_keys(relation.related_model, languages)
        kept = {child.get("pk"): child for child in content.get(name) or []}
        for child in submitted.get(name) or []:
            target = kept.get(child.get("pk"))
            if target is None or child.get("pk") is None:
                continue  # translators neither add nor remove items
            for key in keys & child.keys():
                target[key] = child[key]
    if comments in submitted:
        content[comments] = submitted[comments]
    revision.content = content


# --- Fingerprints ----------------------------------------------------------------------


def record_translations(
    page: Page,
    languages: list[str] | None = None,
    *,
    fields: list[str] | None = None,
    force: bool = False,
    previous: Page | None = None,
    user=None,
) -> int:
    """Record which English text the page's translations were made from; return rows changed.

    Call it after saving or publishing a page's content (the page_published receiver
    does, so revisions published in the admin, by workflows and by imports are covered).
    A translation that did not change since it was last recorded keeps its record, so a
    page whose English alone changed shows as outdated. `force` records every current
    translation as made from the current English (an import that vouches for them).
    `previous` is the page as last published, used for translations never recorded: if
    the translation was already there unchanged, it was made from the previous English.
    """
    page = page.specific
    languages = [code for code in (languages or target_languages()) if code != SOURCE_LANGUAGE]
    texts = page_texts(page)  # page fields and source titles (`sources.<pk>.title`)
    previous_texts = page_texts(previous) if previous is not None else {}
    if fields is None:
        changed = _forget_removed_sources(page, texts)
    else:
        changed = 0
    fields = list(fields or texts)
    states = {
        (state.language, state.field): state
        for state in TranslationState.objects.filter(
            page=page, language__in=languages, field__in=fields
        )
    }
    for language in languages:
        for name in fields:
            source = page_text(texts, name, SOURCE_LANGUAGE)
            text = page_text(texts, name, language)
            state = states.get((language, name))
            if not source or not text:
                if state is not None:
                    state.delete()
                    changed += 1
                continue
            text_hash = fingerprint(text)
            if state is not None and not force and state.translation_hash == text_hash:
                continue
            source_hash = fingerprint(source)
            if (
                state is None
                and not force
                and previous is not None
                and page_text(previous_texts, name, language) == text
                and page_text(previous_texts, name, SOURCE_LANGUAGE)
            ):
                source_hash = fingerprint(page_text(previous_texts, name, SOURCE_LANGUAGE))
            _save_state(
                page=page,
                language=language,
                field=name,
                source_hash=source_hash,
                translation_hash=text_hash,
                user=user,
            )
            changed += 1
    return changed


def _forget_removed_sources(page: Page, texts: dict) -> int:
    """Delete the records of source titles whose source is no longer on the page."""
    deleted, _ = (
        TranslationState.objects.filter(page=page, field__startswith="sources.")
        .exclude(field__in=list(texts))
        .delete()
    )
    return deleted


def previously_published(page: Page, *, revision: Revision | None) -> Page | None:
    """The page as it was published before `revision`, or None when this is the first time."""
    entries = PageLogEntry.objects.filter(
        page=page, action="wagtail.publish", revision__isnull=False
    )
    if revision is not None:
        entries = entries.exclude(revision=revision)
    entry = entries.select_related("revision").order_by("-timestamp", "-pk").first()
    return entry.revision.as_object() if entry else None


def _save_state(
    *, page: Page, language: str, field: str, source_hash: str, translation_hash: str, user=None
) -> None:
    TranslationState.objects.update_or_create(
        page=page,
        language=language,
        field=field,
        defaults={
            "source_hash": source_hash,
            "translation_hash": translation_hash,
            "updated_by": user,
        },
    )


# --- XLIFF export ------------------------------------------------------------------------


def export_translations(*, country: str, language: str, user=None) -> tuple[bytes, int]:
    """An XLIFF file of a country's missing and outdated fields in one language; its unit count.

    With `user`, private (view-restricted) pages are left out unless the user may edit them.
    """
    if language not in target_languages():
        raise ValueError(f"{language} is not a language pages are translated into.")
    groups: dict[int, tuple[BasePage, list[Unit]]] = {}
    gaps = translation_gaps(country=country, language=language)
    shown: dict[int, bool] = {}
    for gap in gaps:
        if user is not None and gap.page.pk not in shown:
            shown[gap.page.pk] = (
                not gap.page.get_view_restrictions().exists()
                or gap.page.permissions_for_user(user).can_edit()
            )
        if user is not None and not shown[gap.page.pk]:
            continue
        outdated = gap.status == OUTDATED
        groups.setdefault(gap.page.pk, (gap.page, []))[1].append(
            Unit(
                field=gap.field,
                source=gap.source,
                target=gap.translation if outdated else "",
                outdated=outdated,
                note=(
                    "The English may have changed since this translation was saved: "
                    "check it against the source and correct it."
                    if outdated
                    else ""
                ),
            )
        )
    pages = [
        PageUnits(
            external_id=page.external_id,
            title=text_value(page, "title", SOURCE_LANGUAGE),
            note=f"{page._meta.verbose_name}: {admin_edit_url(page)}",
            units=units,
        )
        for page, units in groups.values()
    ]
    data = build_xliff(
        original=f"servicecentre:{country}",
        language=language,
        pages=pages,
        created=timezone.now(),
    )
    return data, len(gaps)


# --- XLIFF import ------------------------------------------------------------------------

PUBLISHED = "published"
SUBMITTED = "submitted"
DRAFT = "draft"


class TranslationImportError(Exception):
    """The whole file was refused; nothing was written."""

    def __init__(self, errors: list[str]):
        super().__init__("; ".join(errors))
        self.errors = errors


@dataclass
class PageOutcome:
    page: BasePage
    fields: list[str]
    result: str  # PUBLISHED, SUBMITTED or DRAFT


@dataclass
class ImportResult:
    language: str
    pages: list[PageOutcome] = field(default_factory=list)

    @property
    def units(self) -> int:
        return sum(len(outcome.fields) for outcome in self.pages)


def import_translations(*, data: bytes, user=None, filename: str = "") -> ImportResult:
    """Apply a translated XLIFF file to its pages, all or nothing.

    Only the file's language's fields change. Each page gets a new revision by `user`
    with a log entry. A live page without other unpublished changes is published when
    `user` may publish it (or no user is given: a trusted command-line import) and is
    otherwise submitted to its review workflow; anything else stays a draft revision.
    """
    try:
        parsed = parse_xliff(data)
    except XliffError as error:
        raise TranslationImportError(error.errors) from None
    language = parsed.language
    if user is not None and language not in translation_languages_for(user):
        allowed = ", ".join(f"{language_name(c)} ({c})" for c in translation_languages_for(user))
        raise TranslationImportError(
            [
                f"The file is a {language_name(language)} ({language}) translation; "
                + (
                    f"you translate into {allowed} only."
                    if allowed
                    else "you are not a translator."
                )
            ]
        )
    if not parsed.units:
        raise TranslationImportError(["The file has no translated units (every target is empty)."])

    pages, errors = _validated_pages(parsed.units, language=language, user=user)
    if errors:
        raise TranslationImportError(errors)
    with transaction.atomic():
        result = ImportResult(language=language)
        for page, draft, units in pages:
            result.pages.append(
                _save_translation(
                    page=page,
                    draft=draft,
                    units=units,
                    language=language,
                    user=user,
                    filename=filename,
                )
            )
    return result


def _validated_pages(units: list[ParsedUnit], *, language: str, user) -> tuple[list, list[str]]:
    """Check every unit against the database; return (page, edited draft, units) and errors."""
    errors: list[str] = []
    by_page: dict[str, list[ParsedUnit]] = defaultdict(list)
    for unit in units:
        by_page[unit.external_id].append(unit)
    pages: dict[str, BasePage] = {}
    for model in content_models().values():
        for page in model.objects.filter(external_id__in=list(by_page)):
            pages[page.external_id] = page

    foreign_suffixes = {
        build_localized_fieldname("", code) for code in settings.LANGUAGE_CODES
    }  # "_en", "_th", "_ind", ...
    validated = []
    for external_id, page_units in by_page.items():
        page = pages.get(external_id)
        if page is None:
            errors.extend(
                f"Unit {external_id}/{u.field}: no page has the import id {external_id}."
                for u in page_units
            )
            continue
        fields = translatable_fields(type(page))
        for unit in page_units:
            if unit.field in fields or SOURCE_TITLE_KEY.fullmatch(unit.field):
                continue  # source titles are checked against the latest revision below
            if any(
                unit.field.endswith(suffix) and unit.field[: -len(suffix)] in fields
                for suffix in foreign_suffixes
            ):
                errors.append(
                    f"Unit {external_id}/{unit.field}: it names a field of one language; "
                    f"units name the field (e.g. {unit.field.rsplit('_', 1)[0]}) and the "
                    f"file's target-language says which language."
                )
            else:
                errors.append(
                    f"Unit {external_id}/{unit.field}: a {page._meta.verbose_name} has no "
                    f"translatable field {unit.field}."
                )
        if user is not None and not page.permissions_for_user(user).can_edit():
            errors.append(f"Page {external_id}: you may not edit this page.")
            continue
        lock = page.get_lock()
        if lock is not None and (user is None or lock.for_user(user)):
            errors.append(
                f"Page {external_id}: it is locked or in review; import again once the "
                f"review is finished or the page unlocked."
            )
            continue
        draft = page.get_latest_revision_as_object()
        source_units = [u for u in page_units if SOURCE_TITLE_KEY.fullmatch(u.field)]
        errors.extend(_set_source_titles(page, draft, source_units, language=language))
        for unit in page_units:
            if unit.field in fields:
                setattr(draft, build_localized_fieldname(unit.field, language), unit.target)
        try:
            draft.full_clean()
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                errors.extend(f"Page {external_id}: {name}: {message}" for message in messages)
            continue
        validated.append((page, draft, [u for u in page_units if u.field in fields] + source_units))
    return validated, errors


def _set_source_titles(
    page: BasePage, draft: BasePage, units: list[ParsedUnit], *, language: str
) -> list[str]:
    """Write source-title units onto the matching sources of `draft`; return the errors.

    `draft` is the page's latest revision: its sources are the ones the new revision
    carries, so the translation is saved, published or reviewed with the page's fields.
    """
    if not units:
        return []
    errors: list[str] = []
    relation = page._meta.get_field("sources") if hasattr(page, "sources") else None
    # get_object_list(): the relation's in-memory list (loaded from the database when the
    # latest revision is the live page), which save_revision() serialises; `.all()` on a
    # live page would return fresh copies and the change would be lost.
    on_draft = {s.pk: s for s in draft.sources.get_object_list()} if relation else {}
    column = build_localized_fieldname("title", language)
    for unit in units:
        label = f"Unit {page.external_id}/{unit.field}"
        pk = int(SOURCE_TITLE_KEY.fullmatch(unit.field)["pk"])
        source = on_draft.get(pk)
        if source is None:
            known = relation.related_model.objects.filter(pk=pk).first() if relation else None
            if known is None:
                errors.append(f"{label}: no source has the id {pk}.")
            elif known.page_id != page.pk:
                errors.append(f"{label}: source {pk} belongs to another page, not this one.")
            else:
                errors.append(f"{label}: source {pk} was removed in the page's latest draft.")
            continue
        setattr(source, column, unit.target)
        try:
            source.clean_fields(
                exclude=[f.name for f in source._meta.get_fields() if f.name != column]
            )
        except ValidationError as error:
            for messages in error.message_dict.values():
                errors.extend(f"{label}: {message}" for message in messages)
    return errors


def _save_translation(
    *, page: BasePage, draft: BasePage, units: list[ParsedUnit], language: str, user, filename: str
) -> PageOutcome:
    had_other_changes = page.has_unpublished_changes
    revision = draft.save_revision(user=user, log_action=False, clean=False)
    field_names = [unit.field for unit in units]
    log(
        instance=draft,
        action=IMPORT_LOG_ACTION,
        user=user,
        revision=revision,
        content_changed=True,
        data={
            "language": language,
            "language_name": language_name(language),
            "fields": field_names,
            "filename": filename,
        },
    )
    # The fingerprint is of the English the translator saw (the file's source), so a
    # translation of English that changed since the export is outdated at once.
    for unit in units:
        _save_state(
            page=page,
            language=language,
            field=unit.field,
            source_hash=fingerprint(unit.source),
            translation_hash=fingerprint(unit.target),
            user=user,
        )
    if not page.live or had_other_changes:
        # Never publish or submit someone else's unfinished draft along with ours.
        return PageOutcome(page, field_names, DRAFT)
    if user is None or page.permissions_for_user(user).can_publish():
        revision.publish(user=user)
        return PageOutcome(page, field_names, PUBLISHED)
    workflow = page.get_workflow()
    if workflow is not None and not page.workflow_in_progress:
        workflow.start(draft, user)
        return PageOutcome(page, field_names, SUBMITTED)
    return PageOutcome(page, field_names, DRAFT)


# --- Review reminders --------------------------------------------------------------------


@dataclass
class ReminderSummary:
    overdue: int = 0
    emails: list[tuple[str, int]] = field(default_factory=list)  # (address, pages listed)
    unreached: dict[str, int] = field(default_factory=dict)  # country code → pages


def overdue_order(page: BasePage) -> tuple:
    """Compiled pages first (never checked against a source), then the longest overdue."""
    return (not page.is_compiled, page.review_due, page.title)


def send_review_reminders(*, country: str | None = None, dry_run: bool = False) -> ReminderSummary:
    """E-mail each editor one list of all their overdue pages; return what was (to be) sent."""
    summary = ReminderSummary()
    by_country: dict[str, list[BasePage]] = defaultdict(list)
    for page in overdue_pages(country=country):
        by_country[page.country_id].append(page)
        summary.overdue += 1

    per_user: dict[int, tuple] = {}
    for code, pages in by_country.items():
        recipients = list(reminder_recipients(code))
        if not recipients:
            summary.unreached[code] = len(pages)
        for user in recipients:
            per_user.setdefault(user.pk, (user, []))[1].extend(pages)

    messages = []
    for user, pages in per_user.values():
        pages.sort(key=overdue_order)
        context = {
            "user": user,
            "items": [(page, admin_edit_url(page)) for page in pages],
            "today": timezone.localdate(),
            "site_name": settings.WAGTAIL_SITE_NAME,
        }
        with translation.override(UserProfile.get_for_user(user).get_preferred_language()):
            subject = render_to_string("editorial/emails/review_reminder_subject.txt", context)
            body = render_to_string("editorial/emails/review_reminder.txt", context)
        messages.append(EmailMessage(" ".join(subject.split()), body, to=[user.email]))
        summary.emails.append((user.email, len(pages)))
    if messages and not dry_run:
        get_connection().send_messages(messages)
    return summary
