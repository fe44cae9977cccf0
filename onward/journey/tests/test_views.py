"""Journey pages: the worklist, the record form and undo, the case page's journey, the release calendar."""

from datetime import date, time, timedelta

import pytest

from onward.accounts.constants import Role
from onward.accounts.tests.factories import user_for
from onward.audit.models import AuditEvent
from onward.cases import services as case_services
from onward.cases.constants import LegalStatus
from onward.cases.tests.factories import CaseFactory, PersonFactory
from onward.estate.models import Organisation
from onward.journey import selectors
from onward.journey.calendar import add_working_days, is_eligible_working_day
from onward.journey.models import PlannedTouchpoint, TouchpointRecord
from onward.readiness import services as readiness_services
from onward.readiness.constants import ClaimPreparation
from onward.readiness.models import UniversalCreditRecord

pytestmark = pytest.mark.django_db


def date_parts(name, day):
    if isinstance(day, date):
        day = (day.day, day.month, day.year)
    return {f"{name}_{i}": str(part) for i, part in enumerate(day)}


def plan(case, code, opens_on, due_on, owner=Role.PRISON_WORK_COACH, outcome="", stage="pre-release"):
    return PlannedTouchpoint.objects.create(
        case=case,
        code=code,
        stage=stage,
        owner_role=owner,
        opens_on=opens_on,
        due_on=due_on,
        outcome=outcome,
        agreement="npa-2023",
    )


@pytest.fixture
def today():
    return date.today()


@pytest.fixture
def coach():
    return user_for(Role.PRISON_WORK_COACH, "NWI", first_name="Priya", last_name="Sharma")


@pytest.fixture
def coach_client(client, coach):
    client.force_login(coach)
    return client


@pytest.fixture
def worklist_items(today):
    """One person at Norwich with a touchpoint in each bucket, and work that is not the coach's to see."""
    here = CaseFactory(person=PersonFactory(family_name="Ashworth", given_name="Ada", female=True))
    elsewhere = CaseFactory(prison=Organisation.objects.get(code="WLI"), person=PersonFactory(family_name="Elsewhere"))
    return {
        "overdue": plan(here, "pre-release-support", today - timedelta(days=20), today - timedelta(days=1)),
        "due_soon": plan(here, "uc-claim", today - timedelta(days=3), today + timedelta(days=6), stage="release"),
        "open_later": plan(here, "jobcentre-appointment", today - timedelta(days=3), today + timedelta(days=30)),
        "opening_soon": plan(
            here, "warm-handover", today + timedelta(days=10), today + timedelta(days=24), stage="release"
        ),
        "far_off": plan(here, "employment-check-6-weeks", today + timedelta(days=90), today + timedelta(days=104)),
        "done": plan(
            here, "benefit-claim-closure", today - timedelta(days=30), today - timedelta(days=20), outcome="done"
        ),
        "someone_else": plan(
            here,
            "employment-assessment",
            today - timedelta(days=30),
            today - timedelta(days=20),
            owner=Role.PRISON_EMPLOYMENT_LEAD,
        ),
        "other_prison": plan(elsewhere, "pre-release-support", today - timedelta(days=20), today - timedelta(days=1)),
    }


def listed(response):
    return {row["item"].pk for row in response.context["rows"]}


def ids(items, *names):
    return {items[name].pk for name in names}


# --- the worklist ------------------------------------------------------------------------


def test_the_worklist_lists_the_users_own_unrecorded_work_in_scope(coach_client, worklist_items):
    response = coach_client.get("/worklist/")
    assert response.status_code == 200
    assert listed(response) == ids(worklist_items, "overdue", "due_soon", "open_later", "opening_soon")
    content = response.content.decode()
    assert "Elsewhere" not in content
    # Each row goes straight to the form that does the work, and to the case.
    case = worklist_items["overdue"].case
    assert f'href="/cases/{case.pk}/touchpoints/pre-release-support/"' in content
    assert f'href="/cases/{case.pk}/"' in content


@pytest.mark.parametrize(
    ("bucket", "names"),
    [
        ("overdue", {"overdue"}),
        ("due-soon", {"due_soon"}),
        ("open", {"open_later"}),
        ("opening-soon", {"opening_soon"}),
    ],
)
def test_each_tab_shows_its_bucket(coach_client, worklist_items, bucket, names):
    response = coach_client.get("/worklist/", {"bucket": bucket})
    assert listed(response) == ids(worklist_items, *names)
    tabs = {tab["label"]: tab for tab in response.context["tabs"]}
    current = [tab for tab in tabs.values() if tab["current"]]
    assert len(current) == 1 and current[0]["href"].endswith(f"bucket={bucket}")
    assert tabs["All"]["count"] == 4
    assert tabs["Overdue"]["count"] == 1
    assert 'aria-current="page"' in response.content.decode()


def test_filters_by_touchpoint_stage_due_dates_and_cohort(coach_client, worklist_items, today):
    assert listed(coach_client.get("/worklist/", {"code": "uc-claim"})) == ids(worklist_items, "due_soon")
    assert listed(coach_client.get("/worklist/", {"stage": "release"})) == ids(
        worklist_items, "due_soon", "opening_soon"
    )
    assert listed(coach_client.get("/worklist/", date_parts("due_to", today))) == ids(worklist_items, "overdue")
    assert listed(coach_client.get("/worklist/", date_parts("due_from", today + timedelta(days=7)))) == ids(
        worklist_items, "open_later", "opening_soon"
    )
    assert len(listed(coach_client.get("/worklist/", {"flags": "female"}))) == 4
    assert not listed(coach_client.get("/worklist/", {"flags": "veteran"}))


def test_the_filter_offers_only_the_roles_own_touchpoints(coach_client):
    form = coach_client.get("/worklist/").context["form"]
    codes = {code for code, _label in form.fields["code"].choices}
    assert "pre-release-support" in codes
    assert "employment-assessment" not in codes  # the prison employment lead's
    assert "moj-filter" in coach_client.get("/worklist/").content.decode()


def test_a_wrong_filter_date_shows_the_error_summary(coach_client, worklist_items):
    response = coach_client.get("/worklist/", date_parts("due_from", (31, 2, 2026)))
    content = response.content.decode()
    assert "govuk-error-summary" in content
    assert 'href="#id_due_from_0"' in content
    assert "Due on or after must be a real date" in content
    assert not response.context["rows"]


def test_sorts_by_each_column_both_ways(coach_client, worklist_items):
    other = CaseFactory(person=PersonFactory(family_name="Zebedee", given_name="Zak"))
    today = date.today()
    plan(other, "pre-release-support", today - timedelta(days=2), today + timedelta(days=3))

    def names(**query):
        return [row["person"].family_name for row in coach_client.get("/worklist/", query).context["rows"]]

    assert names(sort="name", order="asc")[0] == "Ashworth"
    assert names(sort="name", order="desc")[0] == "Zebedee"

    def dues(**query):
        return [row["item"].due_on for row in coach_client.get("/worklist/", query).context["rows"]]

    assert dues() == sorted(dues())  # due date first, by default
    assert dues(sort="due_date", order="desc") == sorted(dues(), reverse=True)

    def titles(**query):
        return [row["title"] for row in coach_client.get("/worklist/", query).context["rows"]]

    assert titles(sort="touchpoint") == sorted(titles(sort="touchpoint"), key=str.lower)
    assert titles(sort="touchpoint", order="desc") == sorted(titles(sort="touchpoint"), key=str.lower, reverse=True)
    for key in ("prison_number", "discharge_date"):
        assert coach_client.get("/worklist/", {"sort": key, "order": "desc"}).status_code == 200

    response = coach_client.get("/worklist/", {"sort": "name", "order": "asc"})
    headers = {header["label"]: header for header in response.context["headers"]}
    assert headers["Name"]["aria_sort"] == "ascending"
    assert "order=desc" in headers["Name"]["href"]
    assert headers["Due date"]["aria_sort"] == "none"
    assert 'aria-sort="ascending"' in response.content.decode()


def test_the_worklist_is_paginated_by_25(coach_client, today):
    for n in range(30):
        case = CaseFactory(person=PersonFactory(family_name=f"Paged{n:02d}"))
        plan(case, "pre-release-support", today - timedelta(days=3), today + timedelta(days=n + 1))
    first = coach_client.get("/worklist/")
    assert len(first.context["rows"]) == 25
    assert "govuk-pagination" in first.content.decode()
    second = coach_client.get("/worklist/", {"page": 2})
    assert len(second.context["rows"]) == 5


def test_listing_named_people_is_audited(coach_client, coach, worklist_items):
    coach_client.get("/worklist/", {"bucket": "overdue"})
    event = AuditEvent.objects.filter(action="worklist.view", actor=coach).latest("id")
    assert event.changes["results"] == 1
    assert event.changes["cases"] == [worklist_items["overdue"].case_id]
    assert event.changes["query"] == {"bucket": ["overdue"]}


@pytest.mark.parametrize(
    ("role", "org"),
    [(Role.PARTNERSHIP_BOARD, "national"), (Role.CRS_PROVIDER, "CRSEAST"), (Role.ADMINISTRATOR, "national")],
)
def test_roles_without_touchpoints_have_no_worklist(client, worklist_items, role, org):
    client.force_login(user_for(role, org))
    assert client.get("/worklist/").status_code == 403
    assert "Worklist" not in client.get("/").content.decode()


def test_another_prisons_staff_never_see_these_touchpoints(client, worklist_items):
    client.force_login(user_for(Role.PRISON_WORK_COACH, "WLI"))
    response = client.get("/worklist/")
    assert listed(response) == ids(worklist_items, "other_prison")
    assert "Ashworth" not in response.content.decode()


def test_the_navigation_counts_what_the_worklist_lists(coach_client, worklist_items):
    content = coach_client.get("/cases/").content.decode()
    # Overdue, due this week, open later and opening soon: the "All" tab the link opens.
    assert "Worklist (4<" in content
    assert len(listed(coach_client.get("/worklist/"))) == 4
    assert 'href="/worklist/"' in content
    assert 'href="/calendar/"' in content


def test_the_navigation_count_is_only_for_worklist_roles(client, worklist_items):
    client.force_login(user_for(Role.PARTNERSHIP_MANAGER, "DWPEAN"))
    content = client.get("/").content.decode()
    assert 'href="/worklist/"' not in content
    assert 'href="/calendar/"' not in content


def test_a_prison_work_coachs_home_page_is_their_worklist(coach_client, worklist_items):
    response = coach_client.get("/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "Hello, Priya" in content
    assert "Your worklist" in content
    assert listed(response) == ids(worklist_items, "overdue", "due_soon", "open_later", "opening_soon")
    # The tabs stay on the home page.
    assert 'href="/?bucket=overdue"' in content


def test_every_worklist_role_starts_the_day_with_what_waits_on_them_then_their_worklist(client, worklist_items):
    lead = user_for(Role.PRISON_EMPLOYMENT_LEAD, "NWI")
    client.force_login(lead)
    home = client.get("/")
    content = home.content.decode()
    assert "Your worklist" in content and 'id="today"' in content
    assert "Worklist (1<" in content  # the employment assessment is overdue
    [overdue] = home.context["waiting"]
    assert (overdue.count, overdue.href) == (1, "/worklist/?bucket=overdue")
    # The count is the length of the list it opens.
    assert len(listed(client.get(overdue.href))) == overdue.count
    assert listed(client.get("/worklist/")) == ids(worklist_items, "someone_else")


def test_filtering_the_home_worklist_leaves_todays_counts_as_the_lists_they_open(coach_client, worklist_items):
    plain = {w.label: w.count for w in coach_client.get("/").context["waiting"]}
    filtered = coach_client.get("/", {"code": "uc-claim"})
    assert {w.label: w.count for w in filtered.context["waiting"]} == plain
    assert 'id="needs-action"' not in filtered.content.decode()


# --- recording a touchpoint ---------------------------------------------------------------


@pytest.fixture
def case(coach, today, committed):
    """Leaving in about 13 weeks: the 12-week pre-release interview is open now."""
    with committed():
        return case_services.case_create(
            actor=coach,
            prison=Organisation.objects.get(code="NWI"),
            prison_number="A1234BC",
            given_name="Jordan",
            family_name="Example",
            date_of_birth=date(1990, 1, 1),
            reception_date=today - timedelta(days=120),
            legal_status=LegalStatus.SENTENCED,
            sentence_date=today - timedelta(days=120),
            custodial_term_days=400,
            release_date=today + timedelta(weeks=13),
            employed_at_reception=True,
            release_area="NR1",
        )


def record_url(case, code="pre-release-support"):
    return f"/cases/{case.pk}/touchpoints/{code}/"


def test_the_record_form_shows_the_touchpoint_and_why(coach_client, case):
    response = coach_client.get(record_url(case))
    content = response.content.decode()
    assert response.status_code == 200
    assert "12-week pre-release interview" in content
    assert "Why am I seeing this?" in content
    assert "12 weeks before release, offer a range of support" in content
    # Outcome radios, with the reasons revealed for not applicable and declined.
    assert 'data-aria-controls="conditional-reason-not-applicable"' in content
    assert 'data-aria-controls="conditional-reason-declined"' in content
    assert "govuk-radios__conditional govuk-radios__conditional--hidden" in content
    assert 'data-module="govuk-character-count"' in content
    assert 'name="checklist"' in content
    # The date is today unless changed.
    assert response.context["form"]["completed_on"].value() in (date.today(), [None, None, None])
    assert f'value="{date.today().year}"' in content


def test_recording_the_12_week_interview_with_its_checklist(coach_client, coach, case, today):
    response = coach_client.post(
        record_url(case),
        {
            "outcome": "done",
            "checklist": ["documents-discussed", "gfie-offered"],
            **date_parts("completed_on", today),
            "notes": "Talked through the claim.",
        },
        follow=True,
    )
    assert response.redirect_chain[-1][0] == f"/cases/{case.pk}/"
    record = TouchpointRecord.objects.get(case=case, code="pre-release-support")
    assert record.checklist == ["documents-discussed", "gfie-offered"]
    assert record.recorded_by == coach
    assert record.notes == "Talked through the claim."
    content = response.content.decode()
    assert "12-week pre-release interview recorded for Jordan Example" in content
    assert "Recorded on" in content


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({}, "outcome", "Choose done, not applicable or declined"),
        ({"outcome": "declined"}, "reason_declined", "Choose a reason"),
        ({"outcome": "not-applicable"}, "reason_not_applicable", "Choose a reason"),
        ({"outcome": "done"}, "checklist", "Tick what was covered in the interview"),
        (
            {"outcome": "done", "checklist": ["documents-discussed"], "future": True},
            "completed_on",
            "The date must be today or in the past",
        ),
        (
            {"outcome": "done", "checklist": ["documents-discussed"], "bad": True},
            "completed_on",
            "Date must be a real date",
        ),
    ],
)
def test_mistakes_show_the_error_summary_and_record_nothing(coach_client, case, today, data, field, message):
    data = dict(data)
    day = (
        (31, 2, today.year)
        if data.pop("bad", False)
        else today + timedelta(days=2)
        if data.pop("future", False)
        else today
    )
    response = coach_client.post(record_url(case), {**data, **date_parts("completed_on", day)})
    assert response.status_code == 200
    content = response.content.decode()
    assert "govuk-error-summary" in content
    assert message in content
    assert message in response.context["form"].errors[field]
    anchor = f"id_{field}_0" if field in ("outcome", "checklist", "completed_on") else f"id_{field}"
    assert f'href="#{anchor}"' in content
    assert "<title>Error:" in content
    assert not TouchpointRecord.objects.filter(case=case).exists()


def test_the_interview_shows_the_claim_and_the_appointment_from_their_own_records(coach_client, coach, case):
    """Ticking "claim prepared" in the interview and "not started" on the claim cannot both be true: the
    interview shows the claim preparation and the appointment from their records, and ticks only its own items."""
    content = coach_client.get(record_url(case)).content.decode()
    assert 'value="claim-prepared"' not in content and 'value="appointment-booked"' not in content
    assert "Universal Credit claim prepared" in content and "Not started" in content
    readiness_services.uc_preparation_record(actor=coach, case=case, checklist=ClaimPreparation.values)
    content = coach_client.get(record_url(case)).content.decode()
    assert "Yes: ready to claim" in content


def test_the_jobcentre_appointment_is_booked_on_its_own_page_the_touchpoint_links_there(coach_client, case, today):
    content = coach_client.get(record_url(case, "jobcentre-appointment")).content.decode()
    assert f'href="/cases/{case.pk}/readiness/appointment/"' in content
    assert "a jobcentre appointment booked on or after the discharge date" in content
    # Only the worker's own word is recorded here: not applicable or declined.
    assert 'value="done"' not in content and 'value="declined"' in content
    response = coach_client.post(
        record_url(case, "jobcentre-appointment"), {"outcome": "done", **date_parts("completed_on", today)}
    )
    assert response.status_code == 200
    assert "Choose not applicable or declined" in response.content.decode() or response.context["form"].errors
    assert not TouchpointRecord.objects.exists()


def test_the_uc_claim_recorded_on_its_touchpoint_is_written_on_the_universal_credit_record(
    coach_client, coach, today, committed
):
    """Recording the touchpoint writes the record: the claim, and whether an advance was asked for."""
    with committed():
        leaving = case_services.case_create(
            actor=coach,
            prison=Organisation.objects.get(code="NWI"),
            prison_number="D4444DD",
            given_name="Uma",
            family_name="Claimant",
            date_of_birth=date(1990, 1, 1),
            reception_date=today - timedelta(days=120),
            legal_status=LegalStatus.SENTENCED,
            sentence_date=today - timedelta(days=120),
            custodial_term_days=400,
            release_date=add_working_days(today, 3),
        )
    content = coach_client.get(record_url(leaving, "uc-claim")).content.decode()
    assert 'name="advance_requested"' in content
    with committed():
        response = coach_client.post(
            record_url(leaving, "uc-claim"),
            {"outcome": "done", "advance_requested": "on", **date_parts("completed_on", today)},
        )
    assert response.status_code == 302
    uc = UniversalCreditRecord.objects.get(case=leaving)
    assert (uc.claim_made_on, uc.advance_requested) == (today, True)
    assert not TouchpointRecord.objects.filter(case=leaving, code="uc-claim").exists()
    statuses = {t.code: t.status for t in selectors.case_touchpoints(leaving, as_of=today)}
    assert statuses["uc-claim"] == "done"
    assert "advance-payment" in statuses


def test_a_claim_too_early_is_refused_on_the_date_field(coach_client, case, today):
    response = coach_client.post(
        record_url(case, "uc-claim"),
        {"outcome": "done", "advance_requested": "on", **date_parts("completed_on", today)},
    )
    assert response.status_code == 200
    assert "completed_on" in response.context["form"].errors
    assert not UniversalCreditRecord.objects.filter(case=case, claim_made_on__isnull=False).exists()


def test_declined_with_a_reason(coach_client, case, today):
    response = coach_client.post(
        record_url(case),
        {"outcome": "declined", "reason_declined": "person-declined", **date_parts("completed_on", today)},
    )
    assert response.status_code == 302
    record = TouchpointRecord.objects.get(case=case)
    assert (record.outcome, record.reason) == ("declined", "person-declined")


def test_someone_who_does_not_own_the_touchpoint_sees_it_but_no_form(client, case, today):
    lead = user_for(Role.PRISON_EMPLOYMENT_LEAD, "NWI")
    client.force_login(lead)
    response = client.get(record_url(case))
    content = response.content.decode()
    assert response.status_code == 200
    assert "Why am I seeing this?" in content
    assert "The prison work coach records this touchpoint" in content
    assert response.context["form"] is None
    assert 'name="outcome"' not in content
    response = client.post(record_url(case), {"outcome": "done", **date_parts("completed_on", today)})
    assert response.status_code == 403
    assert not TouchpointRecord.objects.exists()


def test_a_case_outside_scope_is_not_found(client, case):
    client.force_login(user_for(Role.PRISON_WORK_COACH, "WLI"))
    assert client.get(record_url(case)).status_code == 404
    assert client.get(f"/cases/{case.pk}/touchpoints/no-such-touchpoint/").status_code == 404


def test_a_recorded_touchpoint_shows_what_was_recorded_and_can_be_undone(coach_client, case, today):
    coach_client.post(
        record_url(case),
        {"outcome": "done", "checklist": ["gfie-offered"], **date_parts("completed_on", today), "notes": "Went well"},
    )
    content = coach_client.get(record_url(case)).content.decode()
    assert "What was recorded" in content
    assert "Going Forward into Employment offered" in content
    assert "Priya Sharma" in content
    assert "Went well" in content
    assert f'action="/cases/{case.pk}/touchpoints/pre-release-support/undo/"' in content
    assert 'name="outcome"' not in content

    response = coach_client.post(f"/cases/{case.pk}/touchpoints/pre-release-support/undo/", follow=True)
    assert response.redirect_chain[-1][0] == record_url(case)
    assert "the record was undone" in response.content.decode()
    assert not TouchpointRecord.objects.filter(case=case, undone_at__isnull=True).exists()
    assert 'name="outcome"' in response.content.decode()


def test_only_the_owner_may_undo(client, coach_client, case, today):
    coach_client.post(
        record_url(case), {"outcome": "done", "checklist": ["gfie-offered"], **date_parts("completed_on", today)}
    )
    client.force_login(user_for(Role.PRISON_EMPLOYMENT_LEAD, "NWI"))
    content = client.get(record_url(case)).content.decode()
    assert "What was recorded" in content
    assert "Undo this record" not in content
    assert client.post(f"/cases/{case.pk}/touchpoints/pre-release-support/undo/").status_code == 403
    assert client.get(f"/cases/{case.pk}/touchpoints/pre-release-support/undo/").status_code == 405
    assert TouchpointRecord.objects.filter(case=case, undone_at__isnull=True).exists()


# --- the case page ----------------------------------------------------------------------------


def test_the_case_page_lists_touchpoints_by_stage_and_the_timeline(coach_client, coach, case, today, committed):
    coach_client.post(
        record_url(case), {"outcome": "done", "checklist": ["gfie-offered"], **date_parts("completed_on", today)}
    )
    # An advance asked for brings in the jobcentre's advance payment: the timeline says so.
    with committed():
        readiness_services.uc_claim_record(actor=coach, case=case, advance_requested=True, today=today)
    response = coach_client.get(f"/cases/{case.pk}/")
    content = response.content.decode()
    stages = [stage["label"] for stage in response.context["touchpoint_stages"]]
    assert stages == ["Induction", "During sentence", "Pre-release", "Release", "Community"]
    assert 'class="govuk-task-list"' in content
    assert record_url(case, "jobcentre-appointment") in content
    assert "Why am I seeing this?" in content
    assert "govuk-tag--green" in content  # the interview, done
    assert "moj-timeline__item" in content
    titles = [entry["title"] for entry in response.context["timeline"]]
    assert "12-week pre-release interview: done" in titles
    assert titles[-1].startswith("Received into custody")
    assert any(title.startswith("Leaves custody") for title in titles)
    replanned = next(
        entry for entry in response.context["timeline"] if entry["title"].startswith("Touchpoints replanned")
    )
    assert "Advance payment on the day now applies" in replanned["description"]
    assert "Advance payment on the day" in content


# --- the release calendar -------------------------------------------------------------------------


def next_weekday(start, weekday):
    return start + timedelta(days=(weekday - start.weekday()) % 7)


def test_the_calendar_groups_releases_by_week_and_tags_those_brought_forward(coach_client, coach, today, committed):
    saturday = next_weekday(today + timedelta(days=21), 5)
    wednesday = next_weekday(today + timedelta(days=35), 2)
    while not is_eligible_working_day(wednesday):
        wednesday += timedelta(weeks=1)  # a Wednesday release stays put unless a holiday is near
    made = {}
    for number, release in (("B1111BB", saturday), ("C2222CC", wednesday)):
        with committed():
            made[number] = case_services.case_create(
                actor=coach,
                prison=Organisation.objects.get(code="NWI"),
                prison_number=number,
                given_name="Cal",
                family_name=f"Endar{number[0]}",
                date_of_birth=date(1985, 5, 5),
                reception_date=today - timedelta(days=60),
                legal_status=LegalStatus.SENTENCED,
                sentence_date=today - timedelta(days=60),
                custodial_term_days=200,
                release_date=release,
                has_bank_account=True,
                has_ni_number=True,
                has_right_to_work_id=number == "C2222CC",
            )
    with committed():
        readiness_services.appointment_book(
            actor=coach,
            case=case_services.case_update(actor=coach, case=made["C2222CC"], changes={"release_area": "NR1"}),
            jobcentre=Organisation.objects.get(code="JCNORW"),
            appointment_on=wednesday,
            appointment_time=time(10),
        )
    response = coach_client.get("/calendar/")
    assert response.status_code == 200
    weeks = response.context["weeks"]
    assert len(weeks) == 12
    placed = {entry["case"].person.prison_number: (week["starts"], entry) for week in weeks for entry in week["cases"]}
    saturday_case = made["B1111BB"]
    assert saturday_case.discharge_date < saturday
    assert placed["B1111BB"][0] == saturday_case.discharge_date - timedelta(days=saturday_case.discharge_date.weekday())
    assert placed["B1111BB"][1]["brought_forward"]
    assert not placed["C2222CC"][1]["brought_forward"]
    assert placed["B1111BB"][1]["missing"] == ["ID", "jobcentre appointment"]
    assert placed["C2222CC"][1]["ready"]
    content = response.content.decode()
    assert content.count("Brought forward<") == 1
    assert "All in place" in content
    assert f'href="/cases/{saturday_case.pk}/"' in content
    assert AuditEvent.objects.filter(action="calendar.view", actor=coach).exists()


@pytest.mark.parametrize(
    ("role", "org"),
    [
        (Role.PROBATION_PRACTITIONER, "N56NOSU"),
        (Role.JOBCENTRE_WORK_COACH, "JCNORW"),
        (Role.PARTNERSHIP_BOARD, "national"),
    ],
)
def test_the_calendar_is_for_prison_staff(client, role, org):
    client.force_login(user_for(role, org))
    assert client.get("/calendar/").status_code == 403


def test_an_unknown_tab_or_sort_falls_back_to_the_defaults(coach_client, worklist_items):
    response = coach_client.get("/worklist/", {"bucket": "nonsense", "sort": "nonsense", "order": "sideways"})
    assert response.status_code == 200
    assert "govuk-error-summary" not in response.content.decode()
    assert len(response.context["rows"]) == 4


def test_the_filter_keeps_the_tab_and_the_sort(coach_client, worklist_items):
    content = coach_client.get("/worklist/", {"bucket": "overdue", "sort": "name", "order": "desc"}).content.decode()
    assert '<input type="hidden" name="bucket" value="overdue">' in content
    assert '<input type="hidden" name="sort" value="name">' in content
    assert '<input type="hidden" name="order" value="desc">' in content


def test_the_calendar_and_the_worklist_name_the_people_they_showed_in_their_audit_rows(
    coach_client, today, worklist_items
):
    leaving = CaseFactory(person=PersonFactory(prison_number="T0424LS"), discharge_date=today + timedelta(days=10))
    coach_client.get("/calendar/")
    shown = AuditEvent.objects.get(action="calendar.view").people.values_list("prison_number", flat=True)
    assert leaving.person.prison_number in shown
    coach_client.get("/worklist/")
    event = AuditEvent.objects.filter(action="worklist.view").latest("id")
    here = worklist_items["overdue"].case.person.prison_number
    assert here in event.people.values_list("prison_number", flat=True)
    elsewhere = PersonFactory._meta.model.objects.get(family_name="Elsewhere").prison_number
    assert elsewhere not in event.people.values_list("prison_number", flat=True)
