"""Import content: validate every record of every file, then write them all in one transaction."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, ValidationError
from django.db import transaction
from django.utils import translation
from wagtail.log_actions import log
from wagtail.models import Page

from servicecentre.content_io.history import IMPORT_ACTION
from servicecentre.content_io.readers import Problem, RawRecord, read_file
from servicecentre.content_io.schema import (
    Children,
    Vocabularies,
    apply_record,
    fields_for,
    model_error_names,
    page_record,
    related_names,
)
from servicecentre.content_io.validation import CheckedRecord, check_record
from servicecentre.models import COMPILED, BasePage, is_home_page
from servicecentre.selectors import content_models
from servicecentre.services import content_parent, ensure_site_structure

CREATE, UPDATE, UNCHANGED = "create", "update", "unchanged"
IDS_PER_QUERY = 500  # stays under the database's limit of query parameters
Progress = Callable[[Sequence["PlannedPage"]], Iterable["PlannedPage"]]


class ImportFailed(Exception):
    """The input has errors; nothing was written."""

    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} error(s) in the input")
        self.problems = problems


@dataclass
class PlannedPage:
    """What the import does with one record, and the page object it writes."""

    file: str
    line: int
    external_id: str
    content_type: str
    country: str
    action: str  # create, update or unchanged
    page: BasePage
    parent: Page | None = None  # for a page to create


@dataclass
class ImportResult:
    pages: list[PlannedPage]
    warnings: list[Problem]

    def count(self, action: str) -> int:
        return sum(1 for planned in self.pages if planned.action == action)

    def summary(self) -> str:
        pages = "page" if len(self.pages) == 1 else "pages"
        return (
            f"{len(self.pages)} {pages}: {self.count(CREATE)} created, "
            f"{self.count(UPDATE)} updated, {self.count(UNCHANGED)} unchanged"
        )


def import_content(
    *,
    paths: Sequence[str | Path],
    dry_run: bool = False,
    draft: bool = False,
    user=None,
    progress: Progress | None = None,
    strict: bool = False,
) -> ImportResult:
    """Import the records of every file, or raise ImportFailed with every problem and write nothing.

    Creates the site's skeleton (taxonomy, country hubs, sections) when it is missing.
    New ids become pages under their country's hub; known ids get a new revision of
    their latest version, unless nothing changes. Pages are published unless `draft`.
    A dry run validates and plans inside the transaction, then rolls it back.
    With `strict`, warnings (e.g. a home page cited for a figure) are errors.
    """
    labels = [str(path) for path in paths]
    with translation.override(settings.LANGUAGE_CODE), transaction.atomic():
        records: list[RawRecord] = []
        problems: list[Problem] = []
        for label in labels:
            file_records, file_problems = read_file(path=Path(label), label=label)
            records += file_records
            problems += file_problems
        ensure_site_structure()
        plan, plan_problems, warnings = plan_import(records=records, vocab=Vocabularies.load())
        problems += plan_problems
        if strict:
            problems += warnings
        if problems:
            order = {label: position for position, label in enumerate(labels)}
            raise ImportFailed(
                sorted(problems, key=lambda problem: (order.get(problem.file, 0), problem.line))
            )
        if dry_run:
            transaction.set_rollback(True)
        else:
            write_pages(plan=plan, draft=draft, user=user, progress=progress)
    return ImportResult(plan, warnings)


# --- Validation and planning -------------------------------------------------------


class _Parents:
    """Parents of new pages and their children's slugs, looked up once per import."""

    def __init__(self) -> None:
        self._parents: dict[tuple[type, str], Page | None] = {}
        self._slugs: dict[int | None, set[str]] = {None: set()}

    def parent(self, model: type[BasePage], country: str) -> Page | None:
        """The new page's parent; None when the type has no place for that country (the
        page's clean() reports why)."""
        key = (model, country)
        if key not in self._parents:
            self._parents[key] = content_parent(model, country)
        return self._parents[key]

    def free_slug(self, *, parent: Page | None, external_id: str, country: str) -> str:
        """The id without its country prefix, numbered if a sibling already has it."""
        if parent is None:
            return external_id
        if parent.pk not in self._slugs:
            self._slugs[parent.pk] = set(parent.get_children().values_list("slug", flat=True))
        taken = self._slugs[parent.pk]
        base = external_id.removeprefix(f"{country.lower()}-").strip("-") or external_id
        slug, number = base, 2
        while slug in taken:
            slug, number = f"{base}-{number}", number + 1
        taken.add(slug)
        return slug


def plan_import(
    *, records: list[RawRecord], vocab: Vocabularies
) -> tuple[list[PlannedPage], list[Problem], list[Problem]]:
    """Check each record alone, against the others and against the database; plan its action.

    Returns the plan, the problems and the warnings.
    """
    checked = [check_record(raw, vocab=vocab) for raw in records]
    _check_duplicate_ids(checked)
    existing = _existing_pages([record.values["id"] for record in checked if "id" in record.values])
    _check_unique_fields(checked)
    parents = _Parents()
    plan = [
        planned for record in checked if (planned := _plan_record(record, existing, parents, vocab))
    ]
    problems = [problem for record in checked for problem in record.problems]
    return plan, problems, [warning for record in checked for warning in record.warnings]


def _where(record: CheckedRecord) -> str:
    return f"{record.file}:{record.line}"


def _check_duplicate_ids(checked: list[CheckedRecord]) -> None:
    by_id: dict[str, list[CheckedRecord]] = defaultdict(list)
    for record in checked:
        if "id" in record.values:
            by_id[record.values["id"]].append(record)
    for external_id, group in by_id.items():
        for record in group if len(group) > 1 else ():
            others = ", ".join(_where(other) for other in group if other is not record)
            record.report("id", f"duplicate id {external_id!r}, also on {others}")


def _check_unique_fields(checked: list[CheckedRecord]) -> None:
    """A field the model declares unique (an FTA guide's agreement) is unique in the input
    and against other pages."""
    for content_type, model in content_models().items():
        for spec in fields_for(content_type):
            try:
                model_field = model._meta.get_field(spec.model_attr)
            except FieldDoesNotExist:
                continue
            if not getattr(model_field, "unique", False) or spec.name == "id":
                continue
            _check_unique(checked, content_type, model, spec.name, spec.model_attr)


def _check_unique(
    checked: list[CheckedRecord], content_type: str, model: type[BasePage], name: str, attr: str
) -> None:
    holders = dict(
        model.objects.exclude(**{f"{attr}__isnull": True})
        .exclude(**{attr: ""})
        .values_list(attr, "external_id")
    )
    by_value: dict[str, list[CheckedRecord]] = defaultdict(list)
    for record in checked:
        if record.content_type == content_type and name in record.values:
            by_value[record.values[name]].append(record)
    for value, group in by_value.items():
        for record in group:
            others = [other for other in group if other is not record]
            holder = holders.get(value)
            if others:
                where = ", ".join(
                    f"{other.values.get('id')!r} ({_where(other)})" for other in others
                )
                record.report(name, f"{value} is also the {name} of {where}")
            elif holder and holder != record.values.get("id"):
                record.report(name, f"{value} is already the {name} of the page {holder!r}")


def _existing_pages(ids: list[str]) -> dict[str, list[BasePage]]:
    """The content pages with these ids, of any type (ids are unique per type in the database)."""
    found: dict[str, list[BasePage]] = defaultdict(list)
    unique_ids = sorted(set(ids))
    for content_type, model in content_models().items():
        pages = model.objects.prefetch_related(*related_names(content_type))
        for start in range(0, len(unique_ids), IDS_PER_QUERY):
            chunk = unique_ids[start : start + IDS_PER_QUERY]
            for page in pages.filter(external_id__in=chunk):
                found[page.external_id].append(page)
    return found


def _plan_record(
    record: CheckedRecord,
    existing: dict[str, list[BasePage]],
    parents: _Parents,
    vocab: Vocabularies,
) -> PlannedPage | None:
    values = record.values
    external_id, content_type, country = values.get("id"), values.get("type"), values.get("country")
    if not (external_id and content_type and country):
        return None  # already reported
    model = content_models()[content_type]
    matches = existing.get(external_id, [])
    other_type = next((page for page in matches if not isinstance(page, model)), None)
    if other_type is not None:
        record.report(
            "id",
            f"{external_id!r} is already the id of a page of type {other_type.content_type_code} "
            f"({other_type.url_path}); a page cannot change its type",
        )
        return None
    planned = PlannedPage(
        record.file, record.line, external_id, content_type, country, CREATE, page=None
    )
    if matches:
        page = matches[0]
        if page.country_id != country:
            record.report(
                "country",
                f"the page {external_id!r} belongs to {page.country_id}; an import cannot move it "
                "to another country (move it in the admin)",
            )
            return None
        planned.page = page.get_latest_revision_as_object()
        planned.action = UNCHANGED if page_record(planned.page) == values else UPDATE
        if planned.action == UNCHANGED and not record.problems:
            return planned
        # An editor's lock and a review in progress are promises the admin keeps; an
        # import that wrote a new revision past them would break them behind their backs.
        if page.locked:
            record.report(
                "id",
                f"the page {external_id!r} is locked in the admin"
                + (f" by {page.locked_by}" if page.locked_by else "")
                + "; unlock it first",
            )
            return None
        if page.workflow_in_progress:
            record.report(
                "id",
                f"the page {external_id!r} is in review ({page.current_workflow_state.workflow}); "
                "approve, reject or cancel the review first",
            )
            return None
        # The prefetched relations would hide the values about to be set.
        getattr(planned.page, "_prefetched_objects_cache", {}).clear()
    else:
        planned.parent = parents.parent(model, country)
        planned.page = model(
            slug=parents.free_slug(parent=planned.parent, external_id=external_id, country=country)
        )
    _check_verification_claim(record, None if planned.action == CREATE else planned.page)
    apply_record(planned.page, values, vocab=vocab)
    _validate_page(record, planned.page)
    _warn_untraceable_sources(record, planned.page)
    return planned


def _check_verification_claim(record: CheckedRecord, current: BasePage | None) -> None:
    """An import carries a page's verification but cannot make one.

    Verifying is an admin action that records who checked what against which source;
    a file saying "verified" records nobody, so it may only repeat what the page says.
    """
    status = record.values.get("verification_status", COMPILED)
    if status == COMPILED:
        return
    if (
        current is None
        or current.verification_status != status
        or current.last_verified is None
        or current.last_verified.isoformat() != record.values.get("last_verified")
    ):
        record.report(
            "verification_status",
            f"an import cannot record a verification ({status}): import the page as compiled "
            "and mark it verified in the admin, which records who checked it against which source",
        )


def _warn_untraceable_sources(record: CheckedRecord, page: BasePage) -> None:
    """Warn of a source that is only a site's home page when the page states figures."""
    if record.problems or not page.states_figures():
        return
    for number, source in enumerate(record.values.get("sources") or [], start=1):
        if is_home_page(source["url"]):
            record.warn(
                "source_url" if record.source_from_url else f"sources[{number}].url",
                "only a site's home page, but the page states amounts, rates or dates: "
                "cite the page that states them",
            )


def _report_model_errors(
    record: CheckedRecord, error: ValidationError, names: dict[str, str], prefix: str = ""
) -> None:
    for model_field, messages in error.message_dict.items():
        name = "page" if model_field == NON_FIELD_ERRORS else names.get(model_field, model_field)
        for message in messages:
            message = str(message).rstrip(".")
            if not message[1:2].isupper():  # "The maximum ..." but not "FTA guides ..."
                message = message[:1].lower() + message[1:]
            record.report(f"{prefix}{name}", message)


def _validate_page(record: CheckedRecord, page: BasePage) -> None:
    """Run the model's own validation on the values the format's checks let through.

    Catches what only the model knows (lengths, decimal places, its `clean()` rules)
    here, with the record's line, rather than half-way through writing.
    """
    content_type = page.content_type_code
    names = model_error_names(fields_for(content_type))
    checked_fields: set[str] = set()
    for spec in fields_for(content_type):
        if spec.name in record.failed or spec.name == "country":
            continue  # country is a known code; its foreign key check would cost a query
        if isinstance(spec.kind, Children):
            child_names = model_error_names(spec.kind.fields)
            for number, child in enumerate(getattr(page, spec.model_attr).all(), start=1):
                try:
                    child.clean_fields(exclude=["id", "page", "sort_order"])
                except ValidationError as error:
                    _report_model_errors(
                        record, error, child_names, prefix=f"{spec.name}[{number}]."
                    )
            continue
        checked_fields.update(spec.kind.model_fields(spec.model_attr))
    try:
        page.clean_fields(
            exclude=[field.name for field in page._meta.fields if field.name not in checked_fields]
        )
    except ValidationError as error:
        _report_model_errors(record, error, names)
    if record.problems:
        return  # the cross-field rules assume valid fields
    try:
        page.clean_rules()
    except ValidationError as error:
        _report_model_errors(record, error, names)


# --- Writing -----------------------------------------------------------------------


def write_pages(
    *, plan: list[PlannedPage], draft: bool, user=None, progress: Progress | None = None
) -> None:
    """Save the planned pages as the admin would: a revision each, published unless `draft`."""
    pending = [planned for planned in plan if planned.action != UNCHANGED]
    for planned in progress(pending) if progress else pending:
        page = planned.page
        if planned.action == CREATE:
            page.live = False
            planned.parent.add_child(instance=page)  # validates the page as it saves it
        revision = page.save_revision(user=user, clean=planned.action != CREATE)
        log(
            instance=page,
            action=IMPORT_ACTION,
            user=user,
            revision=revision,
            content_changed=True,
            data={"file": planned.file, "line": planned.line, "created": planned.action == CREATE},
        )
        if not draft:
            revision.publish(user=user, skip_permission_checks=True)
