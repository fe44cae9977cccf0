"""What a change to a case did, in a work coach's words: the confirmation after a release day moves, a
transfer or a discharge.

The service commits and the domains that care act on the announcement (onward/events.py) before the page
comes back, so comparing what the case looked like before with what it looks like now tells the person
exactly what moved: the day, each touchpoint replanned, the handovers to check and the appointment to
rebook. Nothing here decides anything: it reads the same derivation every page reads.
"""

from datetime import date

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from onward.handover import selectors as handover_selectors
from onward.journey import selectors as journey_selectors
from onward.journey.constants import TouchpointStatus
from onward.readiness import selectors as readiness_selectors

SESSION_KEY = "case_changes"
OPEN = (TouchpointStatus.UPCOMING, TouchpointStatus.OPEN, TouchpointStatus.OVERDUE)


def _day(value):
    return date_format(value, "l j F Y") if value else _("not known")


def snapshot(case, *, today):
    """What a change can move, as plain JSON-safe values (it waits in the session for the next page)."""
    appointment = readiness_selectors.jobcentre_appointment_get(case)
    return {
        "discharge_date": _iso(case.discharge_date),
        "prison": case.prison.name,
        "status": str(case.get_status_display()),
        "touchpoints": {
            t.code: [str(t.title), _iso(t.due_on), str(t.status)]
            for t in journey_selectors.case_touchpoints(case, as_of=today)
        },
        "handovers": {
            str(h.pk): [h.jobcentre.name, _iso(h.accept_by), h.flagged_reason]
            for h in handover_selectors.handovers_for_case(case)
        },
        "referrals": {
            str(r.pk): [str(r.title), _iso(r.respond_by), r.flagged_reason]
            for r in handover_selectors.referrals_for_case(case)
        },
        "appointment": [appointment.pk, _iso(appointment.appointment_on)] if appointment else None,
    }


def _iso(day):
    return day.isoformat() if day else None


def _date(text):
    return date.fromisoformat(text) if text else None


def what_changed(before, case, *, today):
    """The confirmation: what changed, what was replanned and what now needs action.

    Read on the page after the change, when every subscriber has acted on it.
    """
    after = snapshot(case, today=today)
    changed, replanned, needs_action = [], [], []
    if before["discharge_date"] != after["discharge_date"]:
        changed.append(
            _("Release day: %(old)s, now %(new)s")
            % {"old": _day(_date(before["discharge_date"])), "new": _day(_date(after["discharge_date"]))}
        )
    for key, words in (("prison", _("Prison: %(old)s, now %(new)s")), ("status", _("Status: %(old)s, now %(new)s"))):
        if before[key] != after[key]:
            changed.append(words % {"old": before[key], "new": after[key]})

    for code, (title, due_on, status) in after["touchpoints"].items():
        if code not in before["touchpoints"]:
            replanned.append(_("%(title)s: now applies, due %(due)s") % {"title": title, "due": _day(_date(due_on))})
            continue
        _old_title, old_due, old_status = before["touchpoints"][code]
        if status == TouchpointStatus.MISSED and old_status != TouchpointStatus.MISSED:
            replanned.append(_("%(title)s: missed, not done before release") % {"title": title})
        elif old_due != due_on and status in OPEN:
            replanned.append(
                _("%(title)s: due %(old)s, now %(new)s")
                % {"title": title, "old": _day(_date(old_due)), "new": _day(_date(due_on))}
            )
        if status == TouchpointStatus.OVERDUE and old_status != TouchpointStatus.OVERDUE:
            needs_action.append(
                {
                    "text": _("%(title)s is now overdue: it was due %(due)s")
                    % {"title": title, "due": _day(_date(due_on))},
                    "href": reverse("journey:record", args=[case.pk, code]),
                }
            )
    for code, (title, _due, _status) in before["touchpoints"].items():
        if code not in after["touchpoints"]:
            replanned.append(_("%(title)s: no longer applies") % {"title": title})

    for pk, (jobcentre, accept_by, flagged) in after["handovers"].items():
        old = before["handovers"].get(pk)
        if old and old[1] != accept_by:
            replanned.append(
                _("Warm handover to %(jobcentre)s: accept by %(old)s, now %(new)s")
                % {"jobcentre": jobcentre, "old": _day(_date(old[1])), "new": _day(_date(accept_by))}
            )
        if flagged:
            # Flagged by this change or an earlier one not yet checked: either way it waits on someone now.
            needs_action.append(
                {
                    "text": _("Check the warm handover to %(jobcentre)s is still right") % {"jobcentre": jobcentre},
                    "href": reverse("handover:detail", args=[int(pk)]),
                }
            )
    for pk, (title, _respond_by, flagged) in after["referrals"].items():
        if flagged:
            needs_action.append(
                {
                    "text": _("Check the %(referral)s is still right") % {"referral": title[:1].lower() + title[1:]},
                    "href": reverse("handover:referral", args=[int(pk)]),
                }
            )
    appointment, discharge = after["appointment"], _date(after["discharge_date"])
    moved = before["appointment"] != appointment or before["discharge_date"] != after["discharge_date"]
    if moved and appointment and discharge and _date(appointment[1]) < discharge:
        needs_action.append(
            {
                "text": _("The jobcentre appointment on %(day)s is before the new release day: rebook it")
                % {"day": _day(_date(appointment[1]))},
                "href": reverse("readiness:appointment", args=[case.pk]),
            }
        )
    return {"changed": changed, "replanned": replanned, "needs_action": needs_action}


def keep(session, case, before, *, said):
    """The case as it was, and what to say first ("Case updated"), kept for the case page the person is sent
    to next (post, redirect, get): one banner says it all."""
    kept = session.get(SESSION_KEY, {})
    kept[str(case.pk)] = {"before": before, "said": str(said)}
    session[SESSION_KEY] = kept


def confirmation(session, case, *, today):
    """What the kept change did, said once: None when nothing was kept for this case."""
    kept = session.get(SESSION_KEY, {})
    change = kept.pop(str(case.pk), None)
    if change is None:
        return None
    session[SESSION_KEY] = kept
    return {"said": change["said"], **what_changed(change["before"], case, today=today)}
