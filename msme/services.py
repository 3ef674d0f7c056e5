"""The MSME size check: pure classification rules, and loading the seeded definitions.

`evaluate()` is pure (plain data in, plain data out); `classify()` looks the definition up
and calls it. The reading of each country's rule is documented in docs/msme-size.md.
"""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from modeltranslation.utils import build_localized_fieldname

from msme.models import Combination, Criterion, Size, ThresholdStatus
from msme.selectors import find_definition

DATA_FILE = Path(__file__).parent / "data" / "appendix_a.json"
SIZES: tuple[str, ...] = tuple(Size.values)
CRITERIA: tuple[str, ...] = tuple(Criterion.values)
LARGE = "large"
UNDETERMINED = "undetermined"
# Query parameter (and form field) that carries each criterion.
PARAMETERS = {
    "workers": "employees",
    "sales": "annual_sales",
    "assets": "assets",
    "capital": "capital",
}


# --- Plain data ----------------------------------------------------------------


@dataclass(frozen=True)
class Limit:
    """One cell of the table: a strict upper bound of one criterion for one size."""

    size: str
    criterion: str
    status: str
    upper_bound: Decimal | None
    printed: str = ""
    note: str = ""


@dataclass(frozen=True)
class Rules:
    """A definition as plain data, with its texts already in the active language."""

    country: str
    country_name: str
    sector: str
    sector_label: str
    currency: str
    combination: str
    combination_basis: str
    source: str
    source_url: str
    limits: tuple[Limit, ...]

    @property
    def place(self) -> str:
        if not self.sector:
            return self.country_name
        # Sentence case inside a line ("Malaysia, manufacturing"); no-op for caseless scripts.
        label = self.sector_label or self.sector
        return _("%(country)s, %(sector)s") % {
            "country": self.country_name,
            "sector": label.lower(),
        }


@dataclass(frozen=True)
class Result:
    """The answer of the check: a size, the lines that explain it, and the source."""

    country: str
    sector: str | None
    size: str
    explanation: list[str]
    source: str
    source_url: str = ""
    currency: str = ""
    possible_sizes: list[str] = field(default_factory=list)


# --- Phrases ---------------------------------------------------------------------


def _number(value: Decimal) -> str:
    """Digits with thousands separators and no trailing zeros: 10,000,000 or 40.5."""
    if value == value.to_integral_value():
        return f"{int(value):,}"
    return f"{value.normalize():,f}"


def _size_name(size: str) -> str:
    return str(Size(size).label) if size in SIZES else _("large")


def _sizes_list(sizes: list[str]) -> str:
    names = [_size_name(size) for size in sizes]
    if len(names) < 2:
        return "".join(names)
    return _("%(first)s or %(last)s") % {"first": ", ".join(names[:-1]), "last": names[-1]}


def _criterion_name(criterion: str) -> str:
    return str(Criterion(criterion).label)


def _criteria_list(criteria: list[str]) -> str:
    names = [_criterion_name(criterion) for criterion in criteria]
    if len(names) < 2:
        return "".join(names)
    return _("%(first)s and %(last)s") % {"first": ", ".join(names[:-1]), "last": names[-1]}


def _amount(rules: Rules, criterion: str, value: Decimal) -> str:
    if criterion == "workers":
        return _number(value)
    return f"{rules.currency} {_number(value)}".strip()


def _meets(rules: Rules, limit: Limit, value: Decimal) -> str:
    """Phrase for a value below a limit, e.g. 'fewer than 75 workers (40)'."""
    values = {
        "bound": _amount(rules, limit.criterion, limit.upper_bound),
        "value": _amount(rules, limit.criterion, value),
    }
    phrases = {
        "workers": _("fewer than %(bound)s workers (%(value)s)"),
        "sales": _("annual sales below %(bound)s (%(value)s)"),
        "assets": _("assets below %(bound)s (%(value)s)"),
        "capital": _("capital below %(bound)s (%(value)s)"),
    }
    return phrases[limit.criterion] % values


def _misses(rules: Rules, limit: Limit, value: Decimal) -> str:
    """Phrase for a value at or above a limit, e.g. '75 workers is not fewer than 75'."""
    values = {
        "bound": _amount(rules, limit.criterion, limit.upper_bound),
        "value": _amount(rules, limit.criterion, value),
    }
    phrases = {
        "workers": _("%(value)s workers is not fewer than %(bound)s"),
        "sales": _("annual sales of %(value)s are not below %(bound)s"),
        "assets": _("assets of %(value)s are not below %(bound)s"),
        "capital": _("capital of %(value)s is not below %(bound)s"),
    }
    return phrases[limit.criterion] % values


# --- The rule ----------------------------------------------------------------------


@dataclass
class _Walk:
    size: str
    lines: list[str]
    deciding: list[Limit]


def _usable(
    limits: tuple[Limit, ...], *, include_doubtful: bool = False
) -> dict[str, dict[str, Limit]]:
    """Per size, the limits that decide: those that apply (n/a, unspecified, doubtful do not)."""
    usable: dict[str, dict[str, Limit]] = {size: {} for size in SIZES}
    for limit in limits:
        applies = limit.status == ThresholdStatus.APPLIES or (
            include_doubtful and limit.status == ThresholdStatus.DOUBTFUL
        )
        if applies and limit.upper_bound is not None and limit.size in usable:
            usable[limit.size][limit.criterion] = limit
    return usable


def _walk_all(
    rules: Rules, usable: dict[str, dict[str, Limit]], given: dict[str, Decimal]
) -> _Walk:
    """Every criterion of a size must be met; a figure above a larger size's limit rules it out.

    The conservative reading: where criteria disagree, the larger size applies. A size with
    no limit for a criterion (n/a, doubtful) is decided by its other criteria alone, but a
    figure given for that criterion still may not exceed the next larger size's limit.
    """
    place, lines = rules.place, []
    defined = [size for size in SIZES if usable[size]]
    misses: list[tuple[Limit, Decimal]] = []
    for index, size in enumerate(defined):
        tests = usable[size]
        misses = [
            (limit, given[c])
            for c, limit in tests.items()
            if c in given and given[c] >= limit.upper_bound
        ]
        for criterion, value in given.items():
            if criterion in tests:
                continue
            larger = next(
                (usable[s][criterion] for s in defined[index + 1 :] if criterion in usable[s]), None
            )
            if larger is not None and value >= larger.upper_bound:
                misses.append((larger, value))
        if misses:
            for limit, value in misses:
                fact = _misses(rules, limit, value)
                if limit.size != size:
                    fact = _("%(fact)s (the %(size)s limit)") % {
                        "fact": fact,
                        "size": _size_name(limit.size),
                    }
                lines.append(
                    _("%(place)s: %(fact)s → not %(size)s")
                    % {"place": place, "fact": fact, "size": _size_name(size)}
                )
            continue
        missing = [c for c in tests if c not in given]
        if missing:
            lines.append(
                _(
                    "%(place)s: %(size)s also needs %(criteria)s below its limit, "
                    "and no figure was given"
                )
                % {"place": place, "size": _size_name(size), "criteria": _criteria_list(missing)}
            )
            return _Walk(UNDETERMINED, lines, [])
        deciding = list(tests.values())
        facts = _(" and ").join(_meets(rules, limit, given[limit.criterion]) for limit in deciding)
        lines.append(
            _("%(place)s: %(facts)s → %(size)s (%(source)s)")
            % {"place": place, "facts": facts, "size": _size_name(size), "source": rules.source}
        )
        return _Walk(size, lines, deciding)
    lines.append(
        _("%(place)s: not below the limits for medium enterprises → large (%(source)s)")
        % {"place": place, "source": rules.source}
    )
    return _Walk(LARGE, lines, [limit for limit, _value in misses])


def _walk_any(
    rules: Rules, usable: dict[str, dict[str, Limit]], given: dict[str, Decimal]
) -> _Walk:
    """One criterion below its limit is enough; where criteria disagree the smaller size applies."""
    place, lines = rules.place, []
    for size in [size for size in SIZES if usable[size]]:
        tests = usable[size]
        meets = [limit for c, limit in tests.items() if c in given and given[c] < limit.upper_bound]
        if meets:
            facts = _(" or ").join(_meets(rules, limit, given[limit.criterion]) for limit in meets)
            lines.append(
                _("%(place)s: %(facts)s → %(size)s (%(source)s)")
                % {"place": place, "facts": facts, "size": _size_name(size), "source": rules.source}
            )
            return _Walk(size, lines, meets)
        for c, limit in tests.items():
            if c in given:
                lines.append(
                    _("%(place)s: %(fact)s → not %(size)s by %(criterion)s")
                    % {
                        "place": place,
                        "fact": _misses(rules, limit, given[c]),
                        "size": _size_name(size),
                        "criterion": _criterion_name(c),
                    }
                )
        missing = [c for c in tests if c not in given]
        if missing:
            lines.append(
                _(
                    "%(place)s: %(criteria)s below its limit would make it %(size)s, "
                    "and no figure was given"
                )
                % {"place": place, "criteria": _criteria_list(missing), "size": _size_name(size)}
            )
            return _Walk(UNDETERMINED, lines, [])
    lines.append(
        _("%(place)s: not below any limit for medium enterprises → large (%(source)s)")
        % {"place": place, "source": rules.source}
    )
    return _Walk(LARGE, lines, [])


def _walk(rules: Rules, usable: dict[str, dict[str, Limit]], given: dict[str, Decimal]) -> _Walk:
    if rules.combination == Combination.ANY:
        return _walk_any(rules, usable, given)
    return _walk_all(rules, usable, given)


def _possible_sizes(
    rules: Rules, usable: dict[str, dict[str, Limit]], given: dict[str, Decimal]
) -> list[str]:
    """Every size some value of the missing criteria could lead to (one value per interval)."""
    used = {c for tests in usable.values() for c in tests}
    missing = sorted(used - set(given), key=CRITERIA.index)
    candidates = [
        [Decimal(0), *sorted({tests[c].upper_bound for tests in usable.values() if c in tests})]
        for c in missing
    ]
    outcomes = set()
    for values in itertools.product(*candidates):
        outcomes.add(
            _walk(rules, usable, {**given, **dict(zip(missing, values, strict=True))}).size
        )
    return [size for size in (*SIZES, LARGE) if size in outcomes]


def evaluate(*, rules: Rules, figures: dict[str, Decimal | None]) -> Result:
    """Size a business under one definition; never raises for non-negative figures."""
    place = rules.place
    given = {c: figures[c] for c in CRITERIA if figures.get(c) is not None}
    usable = _usable(rules.limits)
    used = {c for tests in usable.values() for c in tests}
    lines: list[str] = []

    def result(size: str, possible: list[str] | None = None) -> Result:
        return Result(
            country=rules.country,
            sector=rules.sector or None,
            size=size,
            explanation=lines,
            source=rules.source,
            source_url=rules.source_url,
            currency=rules.currency,
            possible_sizes=possible
            if possible is not None
            else ([size] if size != UNDETERMINED else []),
        )

    if not used:
        lines.append(
            _(
                "%(place)s: the source gives no usable limits (n/a for every criterion), "
                "so the size "
                "cannot be determined (%(source)s)"
            )
            % {"place": place, "source": rules.source}
        )
        return result(UNDETERMINED)

    if rules.combination_basis and len(used) > 1:
        lines.append(_("%(place)s: %(rule)s") % {"place": place, "rule": rules.combination_basis})
    for size in SIZES:
        if not usable[size] and any(usable[larger] for larger in SIZES[SIZES.index(size) + 1 :]):
            lines.append(
                _(
                    "%(place)s: the source gives no limits for %(size)s enterprises (n/a), "
                    "so %(size)s "
                    "is never the answer"
                )
                % {"place": place, "size": _size_name(size)}
            )
    for limit in rules.limits:
        if limit.status == ThresholdStatus.DOUBTFUL:
            others = sorted(set(usable[limit.size]), key=CRITERIA.index)
            line = _(
                "%(place)s: the %(size)s limit for %(criterion)s is printed as “%(printed)s”, "
                "which looks "
                "doubtful, so it is not applied"
            ) % {
                "place": place,
                "size": _size_name(limit.size),
                "criterion": _criterion_name(limit.criterion),
                "printed": limit.printed,
            }
            if others:
                line += _("; %(size)s is decided by %(criteria)s alone") % {
                    "size": _size_name(limit.size),
                    "criteria": _criteria_list(others),
                }
            lines.append(line)
    for criterion in CRITERIA:
        if criterion in given and criterion not in used:
            unspecified = [
                lim
                for lim in rules.limits
                if lim.criterion == criterion and lim.status == ThresholdStatus.UNSPECIFIED
            ]
            if unspecified:
                lines.append(
                    _(
                        "%(place)s: the source gives no figures for %(criterion)s "
                        "(“%(printed)s”), so "
                        "the figure you gave was not used"
                    )
                    % {
                        "place": place,
                        "criterion": _criterion_name(criterion),
                        "printed": unspecified[0].printed,
                    }
                )
            else:
                lines.append(
                    _(
                        "%(place)s: the source gives no limits for %(criterion)s, "
                        "so the figure you gave "
                        "was not used"
                    )
                    % {"place": place, "criterion": _criterion_name(criterion)}
                )

    if not any(c in used for c in given):
        lines.append(
            _("%(place)s: no figure was given for %(criteria)s, so the size cannot be determined")
            % {"place": place, "criteria": _criteria_list(sorted(used, key=CRITERIA.index))}
        )
        return result(UNDETERMINED, _possible_sizes(rules, usable, {}))

    walk = _walk(rules, usable, given)
    lines.extend(walk.lines)
    if walk.size == UNDETERMINED:
        possible = _possible_sizes(rules, usable, given)
        missing = [c for c in sorted(used - set(given), key=CRITERIA.index)]
        lines.append(
            _("%(place)s: depending on %(criteria)s, it could be %(sizes)s → undetermined")
            % {"place": place, "criteria": _criteria_list(missing), "sizes": _sizes_list(possible)}
        )
        return result(UNDETERMINED, possible)

    for limit in walk.deciding:
        if limit.note:
            lines.append(_("Note: %(note)s") % {"note": limit.note})
    if any(
        limit.status == ThresholdStatus.DOUBTFUL and limit.upper_bound is not None
        for limit in rules.limits
    ):
        as_printed = _walk(rules, _usable(rules.limits, include_doubtful=True), given).size
        if as_printed not in (walk.size, UNDETERMINED):
            lines.append(
                _(
                    "Applying the doubtful printed limit as it stands would give %(size)s instead; "
                    "confirm with the national SME agency."
                )
                % {"size": _size_name(as_printed)}
            )
    return result(walk.size)


def rules_for(definition: Any) -> Rules:
    """A SizeDefinition (with its thresholds) as plain rules, in the active language."""
    return Rules(
        country=definition.country_id,
        country_name=definition.country.name,
        sector=definition.sector_key,
        sector_label=definition.sector_label or "",
        currency=definition.currency,
        combination=definition.combination,
        combination_basis=definition.combination_basis or "",
        source=definition.source or "",
        source_url=definition.source_url,
        limits=tuple(
            Limit(
                size=t.size,
                criterion=t.criterion,
                status=t.status,
                upper_bound=t.upper_bound,
                printed=t.printed,
                note=t.note or "",
            )
            for t in definition.thresholds.all()
        ),
    )


def classify(
    *,
    country: str,
    sector: str | None = None,
    employees: Decimal | int | None = None,
    annual_sales: Decimal | int | None = None,
    assets: Decimal | int | None = None,
    capital: Decimal | int | None = None,
) -> Result:
    """Size a business by its country's definition; SizeCheckError for an unknown country/sector."""
    definition = find_definition(country=country, sector=sector)
    figures = {"workers": employees, "sales": annual_sales, "assets": assets, "capital": capital}
    return evaluate(
        rules=rules_for(definition),
        figures={c: None if v is None else Decimal(v) for c, v in figures.items()},
    )


# --- Loading the seed ----------------------------------------------------------------


def _localized(prefix: str, values: dict[str, str]) -> dict[str, str | None]:
    """Spread {language: text} over modeltranslation's `<prefix>_<lang>` columns.

    Only the per-language columns are written: on live models the plain field name would be
    rewritten to the active language's column, which is not what a loader means.
    """
    columns: dict[str, str | None] = {
        build_localized_fieldname(prefix, code): values.get(code) or None
        for code in settings.LANGUAGE_CODES
    }
    columns[build_localized_fieldname(prefix, "en")] = values.get("en", "")
    return columns


def load_definitions(
    *, reset: bool = False, models: dict[str, Any] | None = None, data_file: Path = DATA_FILE
) -> dict[str, int]:
    """Create the Appendix A definitions that are missing (all of them again with `reset`).

    Idempotent. `models` lets a data migration pass its historical models; missing member
    states are created minimally (ensure_taxonomy() completes them later).
    """
    if models is None:
        from msme.models import SizeDefinition, SizeThreshold
        from servicecentre.models import Country

        models = {
            "Country": Country,
            "SizeDefinition": SizeDefinition,
            "SizeThreshold": SizeThreshold,
        }
    country_model, definition_model, threshold_model = (
        models["Country"],
        models["SizeDefinition"],
        models["SizeThreshold"],
    )
    data = json.loads(data_file.read_text(encoding="utf-8"))
    counts = {"countries": 0, "created": 0, "updated": 0, "unchanged": 0}
    with transaction.atomic():
        country_order: dict[str, int] = {}
        for order, item in enumerate(data["definitions"]):
            country_order.setdefault(item["country"], len(country_order))
            if not country_model.objects.filter(pk=item["country"]).exists():
                # The table order is the taxonomy's order (alphabetical by English name).
                country_model.objects.create(
                    code=item["country"],
                    sort_order=country_order[item["country"]],
                    is_member_state=True,
                    **_localized("name", {"en": item["country_name"]}),
                )
                counts["countries"] += 1
            existing = definition_model.objects.filter(
                country_id=item["country"], sector_key=item["sector"]
            ).first()
            if existing is not None and not reset:
                counts["unchanged"] += 1
                continue
            fields = {
                "sort_order": order,
                "currency": item["currency"],
                "combination": item["combination"],
                "source_url": item["source_url"],
                "reference_url": item["reference_url"],
                "effective_date": item["effective_date"],
                **_localized("sector_label", item["sector_label"]),
                **_localized("combination_basis", item["combination_basis"]),
                **_localized("source", item["source"]),
                **_localized("note", item["note"]),
            }
            if existing is None:
                definition = definition_model.objects.create(
                    country_id=item["country"], sector_key=item["sector"], **fields
                )
                counts["created"] += 1
            else:
                definition_model.objects.filter(pk=existing.pk).update(**fields)
                definition = existing
                threshold_model.objects.filter(definition_id=definition.pk).delete()
                counts["updated"] += 1
            threshold_model.objects.bulk_create(
                [
                    threshold_model(
                        definition_id=definition.pk,
                        sort_order=index,
                        size=row["size"],
                        criterion=row["criterion"],
                        status=row["status"],
                        printed=row["printed"],
                        upper_bound=None
                        if row["upper_bound"] is None
                        else Decimal(str(row["upper_bound"])),
                        **_localized("note", row.get("note", {})),
                    )
                    for index, row in enumerate(item["thresholds"])
                ]
            )
    return counts
