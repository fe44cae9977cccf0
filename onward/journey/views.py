"""Journey pages: parse the request, ask a selector or call a service, render.

The worklist (also a prison work coach's home page), the form that records a
touchpoint, undo, the release calendar, and the touchpoints and timeline shown
on a case page.
"""

from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from onward.accounts.constants import PRISON_ROLES, Role
from onward.audit import services as audit
from onward.cases import selectors as case_selectors
from onward.cases.constants import CaseStatus
from onward.handover import selectors as handover_selectors
from onward.journey import selectors, services
from onward.journey.constants import EmploymentOutcome, NotDoneReason, Outcome, PreReleaseChecklist, Stage
from onward.journey.forms import (
    BUCKETS,
    RECORDED_HERE,
    TouchpointRecordForm,
    WorklistFilterForm,
    touchpoint_title,
)
from onward.journey.touchpoints import CODES
from onward.pages.tables import paged, sortable_headers
from onward.readiness import selectors as readiness_selectors

PAGE_SIZE = 25
# The worklist banner shows this many of each; the home page counts them all and links to each list.
NEEDS_ACTION_SHOWN = 20


# --- the worklist ----------------------------------------------------------------


def _may_use_worklist(user):
    return case_selectors.may_work_with_cases(user) and user.role in selectors.WORKLIST_ROLES


WORKLIST_COLUMNS = (
    ("name", gettext_lazy("Name")),
    ("prison_number", gettext_lazy("Prison number")),
    ("touchpoint", gettext_lazy("Touchpoint")),
    ("due_date", gettext_lazy("Due date")),
    ("discharge_date", gettext_lazy("Discharge date")),
)


def _tabs(request, query, bucket, counts):
    tabs = []
    for value, label in [("", _("All")), *BUCKETS]:
        link = query.copy()
        link.pop("bucket", None)
        if value:
            link["bucket"] = value
        encoded = link.urlencode()
        tabs.append(
            {
                "label": label,
                "count": counts[value],
                "href": f"{request.path}?{encoded}" if encoded else request.path,
                "current": (bucket or "") == value,
            }
        )
    return tabs


def _row(item, today):
    """One worklist line: the plan, the person, and where the work is done."""
    return {
        "item": item,
        "case": item.case,
        "person": item.case.person,
        "title": touchpoint_title(item.code),
        "status": selectors.worklist_status(item, today),
        "record_url": reverse("journey:record", args=[item.case_id, item.code]),
    }


def worklist_page(request, *, home=False, today_for=None):
    """The user's own unrecorded work within their scope; a caseworker's home page too, under `today_for`'s
    lines of what else waits on them (given by the home page, which composes the domains)."""
    user = request.user
    if not _may_use_worklist(user):
        raise PermissionDenied
    today = date.today()
    form = WorklistFilterForm(request.GET or None, role=user.role)
    filters = form.filters()
    bucket = form.value("bucket", "") if filters is not None else ""
    if filters is None:
        items = selectors.worklist(user=user, today=today).none()
        counts = dict.fromkeys(["", *dict(BUCKETS)], 0)
    else:
        items = selectors.worklist(user=user, today=today, bucket=bucket or None, **filters).order_by(*form.ordering())
        counts = selectors.worklist_counts(user=user, today=today, **filters)
        if not any(filters.values()):
            request.worklist_counts = counts  # the navigation's count needs no second query
    # Already counted with the tabs: no second COUNT query.
    paging, query = paged(request, items, PAGE_SIZE, count=counts[bucket or ""])
    page = paging["page"]
    rows = [_row(item, today) for item in page.object_list]
    # What changed under work already sent or booked: shown above the touchpoints, never left silently wrong.
    # At home the "today" lines count them and open their lists, so the banner would say it twice.
    flagged = [] if home else handover_selectors.flagged_for(user, today=today)
    to_rebook = [] if home else list(readiness_selectors.appointments_to_rebook(user, today=today)[:NEEDS_ACTION_SHOWN])
    audit.record(
        actor=user,
        action="worklist.view",
        changes={
            "page": "home" if home else "worklist",
            "query": dict(request.GET.lists()),
            "results": page.paginator.count,
            "page_number": page.number,
            "cases": sorted(
                {row["case"].pk for row in rows} | {r.case_id for r in flagged} | {a.case_id for a in to_rebook}
            ),
        },
        people=[row["case"].person.prison_number for row in rows]
        + [r.case.person.prison_number for r in flagged]
        + [a.case.person.prison_number for a in to_rebook],
    )
    return render(
        request,
        "journey/worklist.html",
        {
            "home": home,
            "form": form,
            **paging,
            "rows": rows,
            "headers": sortable_headers(
                query, WORKLIST_COLUMNS, sort=form.value("sort", "due_date"), order=form.value("order", "asc")
            ),
            "tabs": _tabs(request, query, bucket, counts),
            "filtered": any(request.GET.get(k) for k in ("code", "stage", "flags", "due_from_0", "due_to_0")),
            "clear_filters_href": request.path + (f"?bucket={bucket}" if bucket else ""),
            "bucket": bucket,
            "sort": form.value("sort", ""),
            "order": form.value("order", ""),
            "role_label": Role(user.role).label,
            "organisation": user.organisation,
            "flagged": flagged,
            "to_rebook": to_rebook,
            # The worklist's own counts serve "today" only when they are the unfiltered ones its links open.
            "waiting": today_for(
                user, today=today, worklist_counts=None if filters is None or any(filters.values()) else counts
            )
            if today_for
            else None,
        },
    )


@login_required
def worklist(request):
    return worklist_page(request)


# --- recording a touchpoint ------------------------------------------------------------


def _touchpoint_or_404(case, code):
    if code not in CODES:
        raise Http404
    touchpoint = selectors.case_touchpoint(case, code)
    if touchpoint is None:
        raise Http404
    return touchpoint


# Where each touchpoint's record is made: (URL name, fragment, what the button says). URL names, not imports:
# these pages belong to the domains that keep the records.
RECORD_PAGES = {
    "id-documents": ("readiness:overview", "#id", gettext_lazy("Record ID applications")),
    "bank-account": ("readiness:overview", "#bank", gettext_lazy("Record bank applications")),
    "ni-number": ("readiness:ni-number", "", gettext_lazy("Record the National Insurance number")),
    "benefit-claim-closure": ("readiness:uc-entry", "", gettext_lazy("Record it on the Universal Credit record")),
    "uc-housing-costs": ("readiness:uc-entry", "", gettext_lazy("Record it on the Universal Credit record")),
    "uc-claim": ("readiness:uc-claim", "", gettext_lazy("Record the claim")),
    "advance-payment": ("readiness:uc-advance", "", gettext_lazy("Record the advance paid")),
    "jobcentre-appointment": ("readiness:appointment", "", gettext_lazy("Book the appointment")),
    "warm-handover": ("handover:send", "", gettext_lazy("Send the warm handover")),
    "first-jobcentre-attendance": ("cases:detail", "#handover", gettext_lazy("Complete the warm handover")),
    "employment-assessment": ("employment:profile", "", gettext_lazy("Record the work readiness profile")),
    "employment-check-6-weeks": ("employment:check-record", "?check=6-weeks", gettext_lazy("Record the check")),
    "employment-check-6-months": ("employment:check-record", "?check=6-months", gettext_lazy("Record the check")),
}


# Where anyone who sees the case reads the record behind a touchpoint.
READ_PAGES = {
    **dict.fromkeys(
        ("id-documents", "bank-account", "ni-number", "benefit-claim-closure", "uc-housing-costs", "uc-claim"),
        ("readiness:overview", ""),
    ),
    "advance-payment": ("readiness:overview", "#universal-credit"),
    "jobcentre-appointment": ("readiness:overview", "#appointment"),
    "warm-handover": ("cases:detail", "#handover"),
    "first-jobcentre-attendance": ("cases:detail", "#handover"),
    **dict.fromkeys(
        ("employment-assessment", "employment-check-6-weeks", "employment-check-6-months"), ("employment:case-work", "")
    ),
}


def record_page(case, code):
    """The page where the record behind this touchpoint is made, or None."""
    if code not in RECORD_PAGES:
        return None
    name, fragment, label = RECORD_PAGES[code]
    return {"href": reverse(name, args=[case.pk]) + fragment, "label": label}


def read_page(case, code):
    """The page where the record behind this touchpoint is read, or None."""
    if code not in READ_PAGES:
        return None
    name, fragment = READ_PAGES[code]
    return reverse(name, args=[case.pk]) + fragment


def _interview_facts(case):
    """The 12-week interview's items kept elsewhere, as their records say today."""
    uc = readiness_selectors.uc_record_get(case)
    appointment = readiness_selectors.jobcentre_appointment_get(case)
    return {
        "claim_prepared": uc is not None and uc.claim_prepared,
        "claim_ticked": len(uc.checklist or []) if uc is not None else 0,
        "appointment": None if readiness_selectors.appointment_before_release(case, appointment) else appointment,
    }


def _recorded_rows(record):
    """What was recorded, as summary list rows: each with text, a date or a list of items."""
    rows = [{"label": _("Outcome"), "text": Outcome(record.outcome).label}]
    if record.reason:
        rows.append({"label": _("Reason"), "text": NotDoneReason(record.reason).label})
    rows.append({"label": _("Date"), "date": record.completed_on})
    if record.checklist:
        labels = dict(PreReleaseChecklist.choices)
        rows.append({"label": _("The interview covered"), "items": [labels.get(i, i) for i in record.checklist]})
    details = record.details or {}
    if details.get("appointment_date"):
        rows.append({"label": _("Appointment date"), "date": date.fromisoformat(details["appointment_date"])})
    if details.get("jobcentre"):
        rows.append({"label": _("Jobcentre"), "text": details["jobcentre"]})
    if "advance_requested" in details:
        rows.append(
            {"label": _("Advance payment asked for"), "text": _("Yes") if details["advance_requested"] else _("No")}
        )
    if details.get("employment_outcome"):
        outcome = details["employment_outcome"]
        rows.append(
            {"label": _("What the person is doing now"), "text": dict(EmploymentOutcome.choices).get(outcome, outcome)}
        )
    if details.get("job"):
        rows.append({"label": _("Job or course"), "text": details["job"]})
    if record.notes:
        rows.append({"label": _("Notes"), "text": record.notes})
    return rows


@login_required
@require_http_methods(["GET", "POST"])
def touchpoint_record(request, case_id, code):
    case = case_selectors.case_get(user=request.user, case_id=case_id)
    touchpoint = _touchpoint_or_404(case, code)
    record = selectors.current_records(case).get(code)
    if record is not None and touchpoint.rule.is_a_record and record.outcome == Outcome.DONE:
        record = None  # an old tick: the record behind the touchpoint speaks now
    # The service refuses anyone but the touchpoint's owner; the page shows them no form.
    may_record = request.user.role == touchpoint.owner_role
    if request.method == "POST" and not may_record:
        raise PermissionDenied
    form = None
    if may_record and touchpoint.recorded is None:
        form = TouchpointRecordForm(
            request.POST or None,
            code=code,
            is_a_record=touchpoint.rule.is_a_record,
            initial={"completed_on": date.today()},
        )
        if request.method == "POST" and form.is_valid():
            try:
                services.touchpoint_record(actor=request.user, case=case, code=code, **form.values())
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                messages.success(
                    request,
                    _("%(title)s recorded for %(name)s") % {"title": touchpoint.title, "name": case.person.full_name},
                )
                return redirect("cases:detail", case_id=case.pk)
    elif request.method == "POST":
        # Already recorded (perhaps in another tab): show what is there.
        return redirect("journey:record", case_id=case.pk, code=code)
    return render(
        request,
        "journey/touchpoint_record.html",
        {
            "case": case,
            "person": case.person,
            "touchpoint": touchpoint,
            "owner_label": Role(touchpoint.owner_role).label,
            "stage_label": Stage(touchpoint.stage).label,
            "record": record,
            "recorded_rows": _recorded_rows(record) if record else [],
            "record_page": record_page(case, code) if touchpoint.rule.is_a_record and may_record else None,
            "read_page": read_page(case, code) if touchpoint.rule.is_a_record else None,
            "recorded_here": code in RECORDED_HERE,
            "interview": _interview_facts(case) if code == "pre-release-support" else None,
            "may_record": may_record,
            "form": form,
        },
    )


@login_required
@require_POST
def touchpoint_undo(request, case_id, code):
    case = case_selectors.case_get(user=request.user, case_id=case_id)
    if code not in CODES:
        raise Http404
    try:
        services.touchpoint_undo(actor=request.user, case=case, code=code)
    except ValidationError:
        # Nothing recorded any more (undone in another tab): the page shows the form again.
        return redirect("journey:record", case_id=case.pk, code=code)
    messages.success(request, _("%(title)s: the record was undone") % {"title": touchpoint_title(code)})
    return redirect("journey:record", case_id=case.pk, code=code)


# --- the case page's journey ------------------------------------------------------------


def case_journey(case, *, touchpoints=None):
    """The touchpoints by stage and the timeline, for the case page (pass its touchpoints if it has them)."""
    if touchpoints is None:
        touchpoints = selectors.case_touchpoints(case)
    stages = []
    for stage in Stage:
        rows = [
            {
                "touchpoint": t,
                "owner_label": Role(t.owner_role).label,
                "record_url": reverse("journey:record", args=[case.pk, t.code]),
            }
            for t in touchpoints
            if t.stage == stage
        ]
        if rows:
            stages.append({"label": stage.label, "value": stage.value, "rows": rows})
    entries = [
        {
            "happened_on": entry.happened_on,
            "title": entry.title,
            "description": entry.description,
            "byline": entry.actor_name,
            "rank": 0,
        }
        for entry in selectors.case_timeline(case)
    ]
    entries.append(
        {
            "happened_on": case.reception_date,
            "title": _("Received into custody (reception date, R)"),
            "description": _("Induction touchpoints open on this day."),
            "byline": "",
            "rank": -1,
        }
    )
    if case.discharge_date:
        left = case.status != CaseStatus.IN_CUSTODY
        entries.append(
            {
                "happened_on": case.discharge_date,
                "title": _("Left custody (discharge date, D)") if left else _("Leaves custody (discharge date, D)"),
                "description": _("Release touchpoints fall due by this day; community touchpoints follow it."),
                "byline": "",
                "rank": 1,
            }
        )
    entries.sort(key=lambda entry: (entry["happened_on"], entry["rank"]), reverse=True)
    return {"touchpoint_stages": stages, "timeline": entries}


# --- the release calendar -------------------------------------------------------------


@login_required
def release_calendar(request):
    """Who leaves the user's prison in the next 12 weeks, week by week."""
    user = request.user
    if not (case_selectors.may_work_with_cases(user) and user.role in PRISON_ROLES):
        raise PermissionDenied
    weeks = selectors.release_calendar(user=user, today=date.today())
    for week in weeks:
        week["ends"] = week["starts"] + timedelta(days=6)
    audit.record(
        actor=user,
        action="calendar.view",
        changes={"weeks": len(weeks), "cases": [entry["case"].pk for week in weeks for entry in week["cases"]]},
        people=[entry["case"].person.prison_number for week in weeks for entry in week["cases"]],
    )
    return render(
        request,
        "journey/release_calendar.html",
        {"weeks": weeks, "total": sum(len(week["cases"]) for week in weeks), "organisation": user.organisation},
    )
