"""The support finder: which schemes, guides and incubators fit a business, and why.

Eligibility is data on the pages (country, sectors, enterprise sizes, support types, target
groups); this module only reads it. A page is a result when it fits every rule, a near miss
when it is relevant to a need but one or more rules rule it out; each rule names itself.

The size comes from the MSME size check (`msme.services.classify`), with the ISIC section
mapped to the country's size-definition sector by `data/size_sectors.json`.

Status: a scheme or incubator intake whose call is `closed` today in its country
(`deadlines.status`) is a near miss ruled out by "closed for applications"; any other
status (including `unknown`) rules nothing out.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from deadlines.status import status_for
from msme.selectors import SizeCheckError
from msme.services import LARGE, SIZES, UNDETERMINED, classify
from servicecentre.models import Country, EnterpriseSize, Sector
from servicecentre.selectors import content_models

SECTOR_MAP_FILE = Path(__file__).parent / "data" / "size_sectors.json"

# The trade partners of ASEAN's FTAs, beside the member states themselves.
PARTNERS = {
    "CN": gettext_lazy("China"),
    "JP": gettext_lazy("Japan"),
    "KR": gettext_lazy("Korea"),
    "IN": gettext_lazy("India"),
    "AU": gettext_lazy("Australia"),
    "NZ": gettext_lazy("New Zealand"),
    "HK": gettext_lazy("Hong Kong, China"),
}


@dataclass(frozen=True)
class Need:
    """Which pages answer a need: a content type, narrowed by support types or target groups.

    A page answers when it is of the type and (if any narrowing is given) has one of the
    support types or one of the target groups.
    """

    label: Any
    reason: Any
    content_type: str
    support: frozenset[str] = frozenset()
    target: frozenset[str] = frozenset()


NEEDS: dict[str, Need] = {
    "start": Need(
        gettext_lazy("Money to start"),
        gettext_lazy("you need money to start"),
        "financing_scheme",
        support=frozenset({"microfinance", "equity"}),
        target=frozenset({"startups"}),
    ),
    "grow": Need(
        gettext_lazy("Money to grow"),
        gettext_lazy("you need money to grow"),
        "financing_scheme",
        support=frozenset(
            {"loan", "credit_guarantee", "grant", "microfinance", "equity", "tax_incentive"}
        ),
    ),
    "export": Need(
        gettext_lazy("Export"),
        gettext_lazy("you want to export"),
        "financing_scheme",
        support=frozenset({"trade_finance"}),
        target=frozenset({"exporters"}),
    ),
    "advice": Need(
        gettext_lazy("Training or advice"),
        gettext_lazy("you want training or advice"),
        "financing_scheme",
        support=frozenset({"advisory"}),
    ),
    "space": Need(
        gettext_lazy("A place to start up"),
        gettext_lazy("you want a place to start up"),
        "incubator",
    ),
    "register": Need(
        gettext_lazy("Registering a business"),
        gettext_lazy("you want to register a business"),
        "registration_guide",
    ),
}

GROUP_REASONS = {
    "women": gettext_lazy("it is meant for women-owned businesses"),
    "youth": gettext_lazy("it is meant for young entrepreneurs"),
    "startups": gettext_lazy("it is meant for start-ups"),
    "exporters": gettext_lazy("it is meant for exporters"),
    "rural": gettext_lazy("it is meant for rural businesses"),
}


# --- Plain data --------------------------------------------------------------------


@dataclass
class Profile:
    country: str
    sector: str | None = None
    size: str | None = None
    figures: dict[str, Decimal] = field(default_factory=dict)
    needs: list[str] = field(default_factory=list)
    groups: list[str] = field(default_factory=list)
    export_to: list[str] = field(default_factory=list)


@dataclass
class SizeAnswer:
    """The size the finder works with: `sizes` are those a page must allow (None: any)."""

    size: str | None
    rule: str | None
    sizes: frozenset[str] | None
    reason: str | None
    explanation: list[str] = field(default_factory=list)


@dataclass
class Match:
    page: Any
    reasons: list[str]
    ruled_out_by: list[str]
    score: int = 0

    @property
    def id(self) -> str:
        return self.page.external_id


@dataclass
class Group:
    need: str
    label: str
    results: list[Match]


@dataclass
class Trade:
    export_to: str
    name: str
    fta_guides: list[Any]
    market_guide: Any | None
    certificate: str | None


@dataclass
class Answer:
    profile: Profile
    country_name: str
    sector_name: str | None
    size: SizeAnswer
    groups: list[Group]
    near_misses: list[Match]
    trade: list[Trade]


# --- Size -----------------------------------------------------------------------------


@cache
def _sector_map() -> dict[str, Any]:
    return json.loads(SECTOR_MAP_FILE.read_text(encoding="utf-8"))["countries"]


def size_sector_keys(country: str, sector: str | None) -> list[str | None]:
    """The country's size-definition sector keys for an ISIC section ([None]: no split).

    An empty list means the country splits by sector and no section was given.
    """
    mapping = _sector_map().get(country)
    if mapping is None:
        return [None]
    if not sector:
        return []
    return list(mapping["sections"].get(sector, mapping["default"]))


def _size_label(size: str) -> str:
    if size == LARGE:
        return _("large")
    if size == UNDETERMINED:
        return _("size not decided")
    return str(dict(EnterpriseSize.objects.values_list("code", "name")).get(size, size))


def _sizes_phrase(sizes: list[str]) -> str:
    names = [_size_label(size) for size in sizes]
    if len(names) < 2:
        return "".join(names)
    return _("%(first)s or %(last)s") % {"first": ", ".join(names[:-1]), "last": names[-1]}


def _deciding_line(explanation: list[str]) -> str | None:
    """The size check's line that decided: the last one with an arrow."""
    lines = [line for line in explanation if "→" in line]
    return lines[-1] if lines else (explanation[-1] if explanation else None)


def _facts(line: str) -> str:
    """'Thailand, manufacturing: fewer than 50 workers (45) → small (source)' → the facts."""
    _place, _sep, rest = line.partition(": ")
    facts, arrow, _size = rest.partition(" → ")
    return facts if arrow else line


def decide_size(profile: Profile, country_name: str) -> SizeAnswer:
    if profile.size:
        label = _size_label(profile.size)
        return SizeAnswer(
            size=profile.size,
            rule=_("you said your business is %(size)s") % {"size": label},
            sizes=frozenset({profile.size}),
            reason=_("%(size)s (as you said)") % {"size": label},
        )
    if not profile.figures:
        return SizeAnswer(size=None, rule=None, sizes=None, reason=None)
    keys = size_sector_keys(profile.country, profile.sector)
    if not keys:
        rule = _("%(country)s defines sizes by sector: tell us your sector to decide the size.") % {
            "country": country_name
        }
        return SizeAnswer(UNDETERMINED, rule, None, None, [rule])
    results = []
    for key in keys:
        try:
            results.append(classify(country=profile.country, sector=key, **profile.figures))
        except SizeCheckError as error:  # a definition edited away: no size, said so
            return SizeAnswer(UNDETERMINED, error.message, None, None, [error.message])
    explanation = [line for result in results for line in result.explanation]
    outcomes = {result.size for result in results}
    if len(outcomes) == 1:
        result = results[0]
        rule = _deciding_line(result.explanation)
        if result.size in SIZES:
            reason = _("%(size)s (%(facts)s)") % {
                "size": _size_label(result.size),
                "facts": _facts(rule) if rule else "",
            }
            return SizeAnswer(result.size, rule, frozenset({result.size}), reason, explanation)
        if result.size == LARGE:
            return SizeAnswer(LARGE, rule, frozenset(), None, explanation)
        possible = sorted(
            {s for r in results for s in r.possible_sizes if s in SIZES}, key=SIZES.index
        )
        return _undetermined(rule, possible, explanation)
    # The ISIC section maps to several national sectors that size the business differently.
    rule = _(
        "%(country)s sizes these sectors differently (%(outcomes)s): the size cannot be told "
        "from the ISIC section alone"
    ) % {
        "country": country_name,
        "outcomes": "; ".join(
            f"{r.sector}: {_size_label(r.size)}" for r in results if r.sector is not None
        ),
    }
    possible = sorted(
        {s for r in results for s in (r.possible_sizes or [r.size]) if s in SIZES},
        key=SIZES.index,
    )
    return _undetermined(rule, possible, [*explanation, rule])


def _undetermined(rule: str | None, possible: list[str], explanation: list[str]) -> SizeAnswer:
    if not possible:
        return SizeAnswer(UNDETERMINED, rule, None, None, explanation)
    reason = _("size not decided: could be %(sizes)s") % {"sizes": _sizes_phrase(possible)}
    return SizeAnswer(UNDETERMINED, rule, frozenset(possible), reason, explanation)


# --- Matching -------------------------------------------------------------------------


def page_url(page: Any, language: str) -> str:
    parts = page.url_path.strip("/").split("/")[1:]
    return f"/{language}/" + ("/".join(parts) + "/" if parts else "")


def _codes(page: Any, relation: str) -> set[str]:
    return {term.code for term in getattr(page, relation).all()}


def _pages(content_type: str, country: str) -> list[Any]:
    model = content_models()[content_type]
    relations = ["sectors", "enterprise_sizes", "target_groups"]
    if hasattr(model, "support_types"):
        relations.append("support_types")
    return list(
        model.objects.live()
        .public()
        .filter(country_id=country)
        .prefetch_related(*relations)
        .order_by("title")
    )


def _answers_need(page: Any, need: Need) -> bool:
    if not (need.support or need.target):
        return True
    support = _codes(page, "support_types") if hasattr(page, "support_types") else set()
    return bool(support & need.support or _codes(page, "target_groups") & need.target)


def page_status(page: Any) -> str | None:
    """The page's call status today (deadlines.status); None for a page without a window."""
    return status_for(page)


def _judge(
    page: Any,
    *,
    need: Need,
    profile: Profile,
    size: SizeAnswer,
    country_name: str,
    sector_names: dict[str, str],
) -> Match:
    reasons = [country_name]
    ruled_out: list[str] = []
    score = 0
    sectors = _codes(page, "sectors")
    if sectors and profile.sector:
        if profile.sector in sectors:
            reasons.append(sector_names.get(profile.sector, profile.sector))
            score += 1
        else:
            ruled_out.append(
                _("for %(sectors)s only")
                % {"sectors": ", ".join(sector_names.get(s, s) for s in sorted(sectors))}
            )
    sizes = _codes(page, "enterprise_sizes")
    if sizes and size.sizes is not None:
        if sizes & size.sizes:
            if size.reason:
                reasons.append(size.reason)
            score += 1
        else:
            ordered = [s for s in SIZES if s in sizes]
            ruled_out.append(
                _("for %(sizes)s enterprises only") % {"sizes": _sizes_phrase(ordered).lower()}
            )
    if page_status(page) == "closed":
        ruled_out.append(_("closed for applications"))
    reasons.append(str(need.reason))
    for group in profile.groups:
        if group in _codes(page, "target_groups"):
            reasons.append(str(GROUP_REASONS.get(group, group)))
            score += 2
    return Match(page=page, reasons=reasons, ruled_out_by=ruled_out, score=score)


def _trade(destination: str, names: dict[str, str]) -> Trade:
    models = content_models()
    members = set(Country.objects.filter(is_member_state=True).values_list("code", flat=True))
    guides = [
        guide
        for guide in models["fta_guide"].objects.live().public().order_by("title")
        # An agreement with no partners listed is among the member states only (ATIGA).
        if (destination in members and not guide.parties) or destination in (guide.parties or [])
    ]
    # The most specific agreement first (ASEAN+1 before RCEP): its form is the usual one.
    guides.sort(key=lambda guide: (len(guide.parties or []), guide.title))
    market = None
    if destination in members:
        market = (
            models["market_guide"]
            .objects.live()
            .public()
            .filter(country_id=destination)
            .order_by("title")
            .first()
        )
    certificate = next((g.certificate_of_origin for g in guides if g.certificate_of_origin), None)
    return Trade(
        export_to=destination,
        name=names.get(destination, destination),
        fta_guides=guides,
        market_guide=market,
        certificate=certificate,
    )


def find(profile: Profile) -> Answer:
    """The answer for a validated profile (see finder.forms.FinderForm)."""
    country = Country.objects.get(pk=profile.country)
    sector_names = {
        code: f"{name} ({code})" for code, name in Sector.objects.values_list("code", "name")
    }
    size = decide_size(profile, country.name)
    groups: list[Group] = []
    near: dict[str, Match] = {}
    for code in profile.needs or list(NEEDS):
        need = NEEDS[code]
        results = []
        for page in _pages(need.content_type, profile.country):
            if not _answers_need(page, need):
                continue
            match = _judge(
                page,
                need=need,
                profile=profile,
                size=size,
                country_name=country.name,
                sector_names=sector_names,
            )
            if match.ruled_out_by:
                near.setdefault(match.id, match)
            else:
                results.append(match)
        results.sort(key=lambda m: (-m.score, m.page.title))
        groups.append(Group(need=code, label=str(need.label), results=results))
    names = {c.code: c.name for c in Country.objects.all()}
    names.update({code: str(name) for code, name in PARTNERS.items()})
    return Answer(
        profile=profile,
        country_name=country.name,
        sector_name=sector_names.get(profile.sector) if profile.sector else None,
        size=size,
        groups=groups,
        near_misses=sorted(near.values(), key=lambda m: m.page.title),
        trade=[_trade(destination, names) for destination in profile.export_to],
    )


def answer_json(answer: Answer, language: str) -> dict[str, Any]:
    """The Finder API's answer (architecture.md, "Finder API")."""
    return {
        "profile": {
            "country": answer.profile.country,
            "sector": answer.profile.sector,
            "size": answer.size.size,
            "size_rule": answer.size.rule,
        },
        "groups": [
            {
                "need": group.need,
                "results": [
                    {
                        "id": match.id,
                        "type": match.page.content_type_code,
                        "title": match.page.title,
                        "url": page_url(match.page, language),
                        "reasons": match.reasons,
                    }
                    for match in group.results
                ],
            }
            for group in answer.groups
        ],
        "near_misses": [
            {
                "id": match.id,
                "title": match.page.title,
                "url": page_url(match.page, language),
                "ruled_out_by": match.ruled_out_by,
            }
            for match in answer.near_misses
        ],
        "trade": [
            {
                "export_to": trade.export_to,
                "fta_guides": [guide.external_id for guide in trade.fta_guides],
                "market_guide": trade.market_guide.external_id if trade.market_guide else None,
                "certificate": trade.certificate,
            }
            for trade in answer.trade
        ],
    }
