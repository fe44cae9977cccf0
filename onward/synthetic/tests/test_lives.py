"""Synthetic lives played through the services: the demo tells the truth.

Every case is opened by the NOMIS feed and lived by members of staff, so
records and touchpoints agree, the audit trail names who did what, and the
readiness summary equals the touchpoints on any day.
"""

from datetime import date, timedelta

import pytest

from onward.accounts.system import NOMIS_FEED
from onward.audit.models import AuditEvent
from onward.cases.constants import CaseStatus
from onward.cases.models import Case
from onward.handover.constants import CrsService, HandoverStatus
from onward.handover.models import Escalation, Handover, Referral
from onward.journey import selectors as journey_selectors
from onward.journey.models import PlannedTouchpoint, TouchpointRecord
from onward.journey.touchpoints import RECORD_CODES
from onward.readiness import selectors as readiness_selectors
from onward.readiness.summary import ITEM_TOUCHPOINTS, STATE_FOR_STATUS
from onward.synthetic.lives import Lives

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 22)


def lived(committed):
    lives = Lives(seed=5, today=TODAY, history_years=1)
    with committed():
        lives.run(lives.plan({"NWI": 30, "RCI": 12}), batch_size=25)
    return lives


def test_synthetic_lives_are_lived_through_the_services_and_tell_the_truth(committed):
    """One generation, many checks (each generation takes seconds): who acted, plans, records, handovers."""
    lives = lived(committed)
    cases = Case.objects.all()
    assert cases.count() >= 40

    # Every case opened by the NOMIS feed, the work done by staff of the organisations that do it.
    opened = AuditEvent.objects.filter(action="case.create")
    assert opened.count() == cases.count()
    assert set(opened.values_list("actor_username", flat=True)) == {NOMIS_FEED.username}
    actors = set(AuditEvent.objects.filter(action__startswith="readiness.").values_list("actor_username", flat=True))
    assert actors and all(name.startswith(("demo.", "synthetic.")) for name in actors)
    released = cases.filter(status=CaseStatus.RELEASED)
    assert released.exists()
    assert AuditEvent.objects.filter(action="case.discharge").count() == released.count()
    assert lives.steps > cases.count() * 3

    # Every case has its plan, history included, and it is the evaluation of its records.
    for case in cases:
        codes = set(PlannedTouchpoint.objects.filter(case=case).values_list("code", flat=True))
        assert codes == {t.code for t in journey_selectors.case_touchpoints(case, as_of=TODAY)}, case.pk

    # No touchpoint done without its record (the bug this replaced: Done with no readiness record behind it).
    assert not TouchpointRecord.objects.filter(code__in=RECORD_CODES, outcome="done").exists()
    done = PlannedTouchpoint.objects.filter(code__in=RECORD_CODES, outcome="done")
    assert done.exists()
    for plan in done.select_related("case")[:200]:
        assert journey_selectors.case_touchpoint(plan.case, plan.code, as_of=TODAY).evidence is not None

    # Handovers for those handed over; women's services for women.
    handed = cases.filter(handed_over_to__isnull=False)
    assert handed.exists()
    assert all(Handover.objects.filter(case=case, jobcentre=case.handed_over_to).exists() for case in handed)
    for referral in Referral.objects.filter(service=CrsService.WOMENS_SERVICES).select_related("case__person"):
        assert referral.case.person.female

    # Every handover still waiting past its deadline was escalated by the nightly run, and only those are open:
    # the manager's late handovers are the jobcentre's past-deadline ones.
    waiting_late = Handover.objects.filter(status=HandoverStatus.SENT, accept_by__lt=TODAY)
    assert set(Escalation.objects.filter(resolved_at__isnull=True).values_list("handover_id", flat=True)) == set(
        waiting_late.values_list("id", flat=True)
    )
    # Someone seen at the jobcentre after an accepted handover: the attendance touchpoint is done, not overdue.
    attended = PlannedTouchpoint.objects.filter(
        code="first-jobcentre-attendance", case__handovers__first_appointment_attended=True
    )
    assert attended.exists() and not attended.exclude(outcome="done").exists()

    # Worklists hold only work that can still be done: nobody released has overdue custody work.
    live_work = PlannedTouchpoint.objects.filter(journey_selectors.work_to_do(TODAY), due_on__lt=TODAY)
    assert live_work.exists()
    for plan in live_work.select_related("case"):
        assert plan.stage == "community" or plan.case.discharge_date >= TODAY


def test_each_readiness_item_equals_its_touchpoint_for_every_generated_case_and_day(committed):
    """For every generated case and day, each readiness item's status and date are its touchpoint's."""
    lived(committed)
    for offset in (-200, -90, -30, -7, 0):
        day = TODAY + timedelta(days=offset)
        for case in Case.objects.filter(reception_date__lte=day).select_related("person"):
            touchpoints = {t.code: t for t in journey_selectors.case_touchpoints(case, as_of=day)}
            summary = readiness_selectors.readiness_summary(case, today=day)
            for item in summary.items:
                touchpoint = touchpoints.get(ITEM_TOUCHPOINTS.get(item.key))
                if touchpoint is None:
                    assert item.due_on is None and item.touchpoint is None
                    continue
                assert (item.touchpoint, item.due_on) == (touchpoint.code, touchpoint.due_on), (case.pk, item.key)
                if touchpoint.status in STATE_FOR_STATUS:
                    assert item.state == STATE_FOR_STATUS[touchpoint.status], (case.pk, item.key, day)
                else:
                    assert item.state in ("missing", "in-progress"), (case.pk, item.key, day)
