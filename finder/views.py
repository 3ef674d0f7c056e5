"""The questionnaire (`/<lang>/finder/`) and its answer (`/<lang>/finder/results/`).

One question per page, plain GET forms, no JavaScript: every answer so far travels in the
query string, so any step, the summary and the answer are links that can be bookmarked and
shared. A step's form carries the other answers as hidden fields and `answered=<step>`; a
valid answer redirects to the next step (or back to the summary when changing an answer).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, urlencode

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from finder.forms import FinderForm, destination_choices
from finder.services import NEEDS, answer_json, find, page_url
from msme.forms import AMOUNT_FIELDS
from msme.models import ThresholdStatus
from msme.selectors import definitions
from msme.services import PARAMETERS as CRITERION_PARAMETERS
from servicecentre.models import Country

STEPS = ("country", "sector", "size", "need", "group", "export_to")
STEP_FIELDS = {
    "country": ("country",),
    "sector": ("sector",),
    "size": ("size", *AMOUNT_FIELDS),
    "need": ("need",),
    "group": ("group",),
    "export_to": ("export_to",),
}
ANSWER_FIELDS = tuple(name for step in STEPS for name in STEP_FIELDS[step])
QUESTIONS = {
    "country": gettext_lazy("Where is your business?"),
    "sector": gettext_lazy("What does your business do?"),
    "size": gettext_lazy("How big is your business?"),
    "need": gettext_lazy("What do you need?"),
    "group": gettext_lazy("Does any of these describe you or your business?"),
    "export_to": gettext_lazy("Where do you sell or want to sell abroad?"),
}
# Plain-language activities and the ISIC Rev.4 section each stands for.
ACTIVITIES = (
    ("A", gettext_lazy("Farming, fishing or forestry")),
    ("C", gettext_lazy("Making or processing goods, including food and drink")),
    ("F", gettext_lazy("Building and construction")),
    ("G", gettext_lazy("Buying and selling goods: a shop, market stall or trading")),
    ("I", gettext_lazy("A restaurant, café, hotel or guesthouse")),
    ("H", gettext_lazy("Transport, delivery or storage")),
    ("J", gettext_lazy("Software, digital services or media")),
    ("M", gettext_lazy("Professional, scientific or design services")),
    ("P", gettext_lazy("Education or training")),
    ("Q", gettext_lazy("Health or care")),
    ("R", gettext_lazy("Arts, entertainment or recreation")),
    ("S", gettext_lazy("Other services, such as repairs, beauty or laundry")),
)
GROUPS = (
    ("women", gettext_lazy("Women-owned business")),
    ("youth", gettext_lazy("Young owner")),
    ("rural", gettext_lazy("Rural business")),
    ("exporters", gettext_lazy("Exporting, or planning to")),
)
FIGURE_LABELS = {
    "employees": gettext_lazy("Number of workers"),
    "annual_sales": gettext_lazy("Annual sales"),
    "assets": gettext_lazy("Assets"),
    "capital": gettext_lazy("Capital"),
}


def _answers(data: QueryDict) -> QueryDict:
    """Only the answer parameters, empty values dropped (the URL stays short)."""
    answers = QueryDict(mutable=True)
    for name in ANSWER_FIELDS:
        values = [v for v in data.getlist(name) if v.strip()]
        if values:
            answers.setlist(name, values)
    return answers


def _exports(answers: QueryDict) -> bool:
    """The destinations question is asked of exporters only."""
    return "export" in answers.getlist("need") or "exporters" in answers.getlist("group")


def _steps(answers: QueryDict) -> list[str]:
    return [s for s in STEPS if s != "export_to" or _exports(answers)]


def _url(name: str, answers: QueryDict, **extra: str) -> str:
    query = answers.copy()
    for key, value in extra.items():
        query[key] = value
    encoded = query.urlencode()
    return reverse(name) + (f"?{encoded}" if encoded else "")


def _size_figures(country: str | None) -> tuple[list[dict[str, str]], str]:
    """The figures the country's definition uses (any sector), and its currency."""
    used: list[str] = []
    currency = ""
    for definition in definitions().filter(country_id=country or ""):
        currency = definition.currency
        for threshold in definition.thresholds.all():
            parameter = CRITERION_PARAMETERS[threshold.criterion]
            if threshold.status == ThresholdStatus.APPLIES and parameter not in used:
                used.append(parameter)
    ordered = [name for name in AMOUNT_FIELDS if name in used]
    return [{"name": name, "label": str(FIGURE_LABELS[name])} for name in ordered], currency


def _with_values(figures: list[dict[str, str]], answers: QueryDict) -> list[dict[str, str]]:
    return [{**figure, "value": answers.get(figure["name"], "")} for figure in figures]


def _step_context(step: str, answers: QueryDict, form: FinderForm | None) -> dict[str, Any]:
    country = answers.get("country", "").upper()
    context: dict[str, Any] = {"step": step, "question": QUESTIONS[step]}
    if step == "country":
        context["choices"] = [
            (c.code, c.name) for c in Country.objects.filter(is_member_state=True)
        ]
    elif step == "sector":
        context["choices"] = [(code, label) for code, label in ACTIVITIES]
    elif step == "size":
        figures, currency = _size_figures(country)
        context.update(figures=_with_values(figures, answers), currency=currency)
        context["choices"] = [("micro", _("Micro")), ("small", _("Small")), ("medium", _("Medium"))]
    elif step == "need":
        context["choices"] = [(code, need.label) for code, need in NEEDS.items()]
    elif step == "group":
        context["choices"] = list(GROUPS)
    elif step == "export_to":
        context["choices"] = [(c, n) for c, n in destination_choices() if c != country]
    fields = STEP_FIELDS[step]
    context["selected"] = [
        v.upper() if step in ("country", "sector", "export_to") else v.lower()
        for name in fields
        for v in answers.getlist(name)
    ]
    context["values"] = {name: answers.get(name, "") for name in fields}
    hidden = answers.copy()
    for name in fields:
        hidden.pop(name, None)
    context["hidden"] = [(name, value) for name, values in hidden.lists() for value in values]
    errors = []
    if form is not None:
        errors = [(name, str(form.errors[name][0])) for name in fields if name in form.errors]
    context["errors"] = errors
    return context


def finder_view(request: HttpRequest) -> HttpResponse:
    """`/<lang>/finder/?step=...`: one question per page, then the summary (`step=check`)."""
    answers = _answers(request.GET)
    returning = request.GET.get("return") == "check"
    extra = {"return": "check"} if returning else {}
    answered = request.GET.get("answered", "")
    if answered in STEPS:
        form = FinderForm(data=answers)
        form.is_valid()
        if any(name in form.errors for name in STEP_FIELDS[answered]):
            context = _step_context(answered, answers, form)
            context.update(steps=_steps(answers), returning=returning)
            return render(request, "finder/step.html", context, status=200)
        steps = _steps(answers)
        if answered == "country" and returning and any(n in answers for n in AMOUNT_FIELDS):
            # Figures are in the national currency and definitions differ: ask again.
            return HttpResponseRedirect(_url("finder:finder", answers, step="size", **extra))
        if returning or answered == steps[-1]:
            return HttpResponseRedirect(_url("finder:finder", answers, step="check"))
        following = steps[steps.index(answered) + 1] if answered in steps else "check"
        return HttpResponseRedirect(_url("finder:finder", answers, step=following, **extra))
    step = request.GET.get("step", "country")
    if step == "check":
        return _summary(request, answers)
    if step not in STEPS:
        step = "country"
    if step != "country" and "country" not in answers:
        return HttpResponseRedirect(_url("finder:finder", answers, step="country"))
    context = _step_context(step, answers, None)
    context.update(steps=_steps(answers), returning=returning)
    return render(request, "finder/step.html", context)


def _summary(request: HttpRequest, answers: QueryDict) -> HttpResponse:
    form = FinderForm(data=answers)
    valid = form.is_valid()
    rows = []
    for step in _steps(answers):
        rows.append(
            {
                "step": step,
                "question": QUESTIONS[step],
                "answer": _answer_text(step, answers),
                "change_url": _url("finder:finder", answers, step=step, **{"return": "check"}),
                "error": next(
                    (str(form.errors[n][0]) for n in STEP_FIELDS[step] if n in form.errors), ""
                ),
            }
        )
    context = {
        "rows": rows,
        "valid": valid,
        "results_url": _url("finder:results", answers),
    }
    return render(request, "finder/check.html", context)


def _answer_text(step: str, answers: QueryDict) -> str:
    none = _("None")
    if step == "country":
        code = answers.get("country", "").upper()
        return Country.objects.filter(pk=code).values_list("name", flat=True).first() or (
            code or _("Not answered")
        )
    if step == "sector":
        code = answers.get("sector", "").upper()
        return str(dict(ACTIVITIES).get(code, code)) if code else _("Not sure")
    if step == "size":
        size = answers.get("size")
        if size:
            return str(
                dict([("micro", _("Micro")), ("small", _("Small")), ("medium", _("Medium"))]).get(
                    size, size
                )
            )
        figures = [
            f"{FIGURE_LABELS[name]}: {answers[name]}" for name in AMOUNT_FIELDS if name in answers
        ]
        return "; ".join(figures) if figures else _("I don't know")
    if step == "need":
        labels = [str(NEEDS[n].label) for n in answers.getlist("need") if n in NEEDS]
        return ", ".join(labels) or _("Everything")
    if step == "group":
        labels = dict(GROUPS)
        return ", ".join(str(labels.get(g, g)) for g in answers.getlist("group")) or none
    names = dict(destination_choices())
    return ", ".join(names.get(c.upper(), c) for c in answers.getlist("export_to")) or none


def _share_links(url: str, title: str) -> list[dict[str, str]]:
    """Plain share URLs: nothing from these companies is loaded on our pages.

    Zalo documents no plain share URL we could confirm (its share button needs its script
    and an app id), so the page offers the link itself to copy into Zalo or any app.
    """
    encoded = quote(url, safe="")
    return [
        {
            "name": _("Email"),
            "url": "mailto:?" + urlencode({"subject": title, "body": url}, quote_via=quote),
        },
        {"name": "LINE", "url": f"https://social-plugins.line.me/lineit/share?url={encoded}"},
        {"name": "WhatsApp", "url": f"https://wa.me/?text={encoded}"},
    ]


def results_view(request: HttpRequest) -> HttpResponse:
    """`/<lang>/finder/results/?country=TH&...`: the answer, grouped by need, with reasons."""
    answers = _answers(request.GET)
    form = FinderForm(data=answers)
    if not form.is_valid():
        # The answer page is a link: send a broken one back to the summary, which names
        # the answer to fix.
        return HttpResponseRedirect(_url("finder:finder", answers, step="check"))
    language = get_language()
    answer = find(form.profile())
    data = answer_json(answer, language)
    url = request.build_absolute_uri(_url("finder:results", answers))
    groups = []
    for group, payload in zip(answer.groups, data["groups"], strict=True):
        groups.append(
            {
                "need": group.need,
                "label": group.label,
                "results": [
                    {**item, "page": match.page}
                    for match, item in zip(group.results, payload["results"], strict=True)
                ],
            }
        )
    trade = [
        {
            "name": item.name,
            "certificate": item.certificate,
            "guides": [{"page": g, "url": page_url(g, language)} for g in item.fta_guides],
            "market_guide": {
                "page": item.market_guide,
                "url": page_url(item.market_guide, language),
            }
            if item.market_guide
            else None,
        }
        for item in answer.trade
    ]
    title = _("Support that fits my business")
    context = {
        "answer": answer,
        "groups": groups,
        "near_misses": data["near_misses"],
        "trade": trade,
        "summary_url": _url("finder:finder", answers, step="check"),
        "share_url": url,
        "share_links": _share_links(url, str(title)),
        "profile_line": _profile_line(answer),
        "compare_max": 4,
    }
    return render(request, "finder/results.html", context)


def _profile_line(answer: Any) -> list[str]:
    parts = [answer.country_name]
    if answer.sector_name:
        parts.append(answer.sector_name)
    if answer.size.reason:
        parts.append(answer.size.reason)
    elif answer.size.size == "large":
        parts.append(_("large"))
    return parts
