"""Measures pages: parse the choices, ask the selectors, render (or export) what they return.

Aggregates only: nothing here names a person, and every figure has been through
disclosure control in the selectors. The codebase does not audit reads of
aggregates (only reads of a person's record), so neither do these pages.
"""

from datetime import date
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from onward.estate.constants import NATIONAL_CODE
from onward.insights import selectors
from onward.insights.charts import bar_chart
from onward.insights.constants import ExportFormat, PeriodKind, Section
from onward.insights.exports import CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE, as_csv, as_xlsx, table_rows
from onward.insights.forms import CompareForm, MeasuresForm
from onward.insights.measures import BY_KEY, how_rates_are_worked_out, why_suppressed
from onward.insights.periods import Quarter, last_complete
from onward.partnerships import selectors as partnership_selectors

NATIONAL_NAME = gettext_lazy("England and Wales")


def _by(request):
    by = request.GET.get("by", "")
    return by if by in PeriodKind.values else PeriodKind.QUARTER


def _hints():
    return {"rounding_hint": why_suppressed(), "rates_hint": how_rates_are_worked_out()}


def _switch_links(request, by):
    """Links to the same page by month and by quarter (the period starts again from the default)."""
    links = []
    for kind, label in ((PeriodKind.QUARTER, _("By quarter")), (PeriodKind.MONTH, _("By month"))):
        query = request.GET.copy()
        query["by"] = kind
        query.pop("period", None)
        links.append({"text": label, "href": f"?{query.urlencode()}", "current": kind == by})
    return links


def _require_measures(user):
    if not selectors.may_view_measures(user):
        raise PermissionDenied


def _name(organisation):
    return NATIONAL_NAME if organisation is None else organisation.name


def _sections(rows, measure_of=lambda row: row.measure):
    """Measure rows grouped under their section headings, in catalogue order."""
    grouped = []
    for section in Section:
        members = [row for row in rows if measure_of(row).section == section.value]
        if members:
            grouped.append({"title": section.label, "rows": members})
    return grouped


def _cohort_tables(rows):
    """One table per cohort: each measure with the cohort's figure and everyone else's."""
    broken_down = [row for row in rows if row.cohorts]
    if not broken_down:
        return []
    return [
        {"label": cohort.label, "rows": [(row.measure, row.cohorts[index]) for row in broken_down]}
        for index, cohort in enumerate(broken_down[0].cohorts)
    ]


def _rate_chart(rows):
    return bar_chart(
        [(row.measure.title, row.rate, row.rate_text) for row in rows if row.measure.is_rate],
    )


def _dashboard_form(request, today):
    by = _by(request)
    organisations = selectors.measures_organisations_for(request.user)
    home = selectors.measures_home_organisation(request.user)
    data = request.GET.copy()
    data.setdefault("period", str(last_complete(today, by)))
    data.setdefault("org", home.code if home else NATIONAL_CODE)
    form = MeasuresForm(data, by=by, organisations=organisations, today=today)
    return by, form


@login_required
@require_GET
def dashboard(request):
    _require_measures(request.user)
    today = date.today()
    by, form = _dashboard_form(request, today)
    context = {"form": form, "by": by, "switch_links": _switch_links(request, by), **_hints()}
    if not form.is_valid():
        return render(request, "insights/dashboard.html", context, status=400)
    organisation = selectors.measures_organisation_get(user=request.user, code=form.cleaned_data["org"])
    period = form.cleaned_data["period"]
    rows, national = selectors.measures_beside_national(
        organisation=organisation, start=period.start, end=period.end, today=today, cached=True
    )
    query = request.GET.copy()
    query["period"], query["org"], query["by"] = str(period), form.cleaned_data["org"], by
    national_by_key = {row.measure.key: row for row in national} if national else {}
    for section in (sections := _sections(rows)):
        section["rows"] = [{"row": row, "national": national_by_key.get(row.measure.key)} for row in section["rows"]]
    context.update(
        {
            "organisation": organisation,
            "organisation_name": _name(organisation),
            "period": period,
            "sections": sections,
            "beside_national": national is not None,
            "chart": _rate_chart(rows),
            "cohort_tables": _cohort_tables(rows),
            "query": query.urlencode(),
            "may_compare": selectors.sees_every_organisation(request.user),
            "compare_query": urlencode(
                {"by": by, "period": str(period), "org": list(selectors.SIGNED_PRISON_CODES)}, doseq=True
            ),
            "today": today,
            "may_read_agreements": partnership_selectors.may_read_agreements(request.user),
            "coverage": partnership_selectors.agreement_coverage(
                organisation=organisation, quarter=Quarter.containing(period.end), today=today
            ),
        }
    )
    return render(request, "insights/dashboard.html", context)


def _download(rows, *, fmt, title, filename):
    if fmt == ExportFormat.CSV:
        response = HttpResponse(as_csv(rows), content_type=CSV_CONTENT_TYPE)
    elif fmt == ExportFormat.XLSX:
        response = HttpResponse(as_xlsx(rows, title=title), content_type=XLSX_CONTENT_TYPE)
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response


@login_required
@require_GET
def dashboard_download(request, fmt):
    _require_measures(request.user)
    if fmt not in ExportFormat.values:
        raise Http404
    today = date.today()
    _by_kind, form = _dashboard_form(request, today)
    if not form.is_valid():
        return HttpResponse(
            "\n".join(str(message) for message in form.errors.values()), status=400, content_type="text/plain"
        )
    organisation = selectors.measures_organisation_get(user=request.user, code=form.cleaned_data["org"])
    period = form.cleaned_data["period"]
    rows = selectors.measures_for(
        organisation=organisation, start=period.start, end=period.end, today=today, cached=True
    )
    title = _("%(organisation)s measures, %(period)s") % {"organisation": _name(organisation), "period": period.label}
    return _download(
        table_rows([(_name(organisation), rows)], period_label=period.label),
        fmt=fmt,
        title=title,
        filename=f"onward-measures-{slugify(form.cleaned_data['org'])}-{period}",
    )


def _compare_form(request, today):
    by = _by(request)
    organisations = selectors.comparable_organisations(request.user)
    data = request.GET.copy()
    # Opened afresh (no period chosen yet): the four signed prisons. Once the form is
    # submitted, no organisation ticked is an answer to put right, not a default.
    if "period" not in data:
        data["period"] = str(last_complete(today, by))
        if "org" not in data:
            data.setlist("org", list(selectors.SIGNED_PRISON_CODES))
    return by, CompareForm(data, by=by, organisations=organisations, most=selectors.MAX_COMPARED, today=today)


def _compared(request, form, today):
    period = form.cleaned_data["period"]
    organisations = [
        selectors.measures_organisation_get(user=request.user, code=code) for code in form.cleaned_data["org"]
    ]
    return period, selectors.measures_compared(
        organisations=[None, *organisations], start=period.start, end=period.end, today=today, cached=True
    )


@login_required
@require_GET
def compare(request):
    _require_measures(request.user)
    today = date.today()
    by, form = _compare_form(request, today)
    context = {"form": form, "by": by, "switch_links": _switch_links(request, by), **_hints()}
    if not form.is_valid():
        return render(request, "insights/compare.html", context, status=400)
    period, compared = _compared(request, form, today)
    names = [_name(organisation) for organisation, _rows in compared]
    measures = []
    for index, measure_row in enumerate(compared[0][1]):
        cells = [rows[index] for _organisation, rows in compared]
        chart = (
            bar_chart([(name, cell.rate, cell.rate_text) for name, cell in zip(names, cells, strict=True)])
            if measure_row.measure.is_rate
            else None
        )
        measures.append({"measure": measure_row.measure, "cells": cells, "chart": chart})
    query = request.GET.copy()
    query["period"], query["by"] = str(period), by
    query.setlist("org", form.cleaned_data["org"])
    context.update({"period": period, "names": names, "measures": measures, "query": query.urlencode()})
    return render(request, "insights/compare.html", context)


@login_required
@require_GET
def compare_download(request, fmt):
    _require_measures(request.user)
    if fmt not in ExportFormat.values:
        raise Http404
    today = date.today()
    _by_kind, form = _compare_form(request, today)
    if not form.is_valid():
        return HttpResponse(
            "\n".join(str(message) for message in form.errors.values()), status=400, content_type="text/plain"
        )
    period, compared = _compared(request, form, today)
    rows = table_rows([(_name(organisation), rows) for organisation, rows in compared], period_label=period.label)
    return _download(
        rows,
        fmt=fmt,
        title=_("Measures compared, %(period)s") % {"period": period.label},
        filename=f"onward-measures-compared-{period}",
    )


@login_required
@require_GET
def how_computed_index(request):
    _require_measures(request.user)
    return render(
        request,
        "insights/how_index.html",
        {"sections": _sections(selectors.catalogue(), measure_of=lambda measure: measure)},
    )


@login_required
@require_GET
def how_computed(request, key):
    _require_measures(request.user)
    measure = BY_KEY.get(key)
    if measure is None:
        raise Http404
    back = request.GET.get("back", "")
    # Only ever link back into the measures pages.
    dashboard_url = reverse("insights:dashboard")
    if not back.startswith(dashboard_url) or "//" in back:
        back = dashboard_url
    return render(
        request,
        "insights/how.html",
        {
            "measure": measure,
            "back": back,
            **_hints(),
        },
    )
