from datetime import date
from io import BytesIO

import pytest
from openpyxl import load_workbook

from onward.accounts.constants import Role
from onward.accounts.tests.factories import user_for
from onward.journey.models import LocalTiming
from onward.partnerships import services
from onward.partnerships.constants import Facility
from onward.partnerships.forms import LocalAgreementForm
from onward.partnerships.models import LocalAgreementVersion, Meeting, MeetingAction, PartnershipEscalation
from onward.partnerships.service_levels import open_timings
from onward.partnerships.tests.factories import local_agreement, manager, org

pytestmark = pytest.mark.django_db


@pytest.fixture
def pm():
    return manager()


@pytest.fixture
def version(pm):
    return local_agreement(actor=pm)


def edit_form(**changes):
    data = {
        "recorded_status": "signed",
        "jobcentre_district": org("DWPEAN").pk,
        "pdus": [org("N56NOSU").pk],
        "crs_providers": [org("CRSEAST").pk],
        "signatories": "Governor; District Manager",
        "signed_on_0": "20",
        "signed_on_1": "3",
        "signed_on_2": "2026",
        "effective_from_0": "1",
        "effective_from_1": "4",
        "effective_from_2": "2026",
        "change_reason": "Annual review",
    }
    for facility in Facility:
        data[f"facility_{facility.value}_in_place"] = "on"
        data[f"facility_{facility.value}_0"] = "1"
        data[f"facility_{facility.value}_1"] = "4"
        data[f"facility_{facility.value}_2"] = "2026"
    data.update(changes)
    return data


def test_the_partnership_manager_opens_norwichs_agreement(client, pm, version):
    client.force_login(pm)
    listing = client.get("/partnerships/")
    assert b"HMP &amp; YOI Norwich" in listing.content
    assert b"ends on 31 December 2026" in listing.content
    page = client.get("/partnerships/prisons/nwi/")
    assert page.status_code == 200
    for text in (b"Maya Ellison", b"Secure document storage", b"Escalation route", b"In force"):
        assert text in page.content


def test_the_in_force_on_a_date_view(client, pm, version):
    client.force_login(pm)
    before = client.get("/partnerships/prisons/NWI/", {"on_0": "1", "on_1": "1", "on_2": "2024"})
    assert b"No version of this agreement was in force on that date" in before.content
    bad = client.get("/partnerships/prisons/NWI/", {"on_0": "31", "on_1": "2", "on_2": "2026"})
    assert bad.status_code == 400
    assert b"Date must be a real date" in bad.content


def test_other_roles_and_prisons(client, version):
    client.force_login(user_for(Role.JOBCENTRE_WORK_COACH, "JCNORW"))
    assert client.get("/partnerships/").status_code == 403
    assert client.get("/partnerships/prisons/NWI/").status_code == 403
    client.force_login(user_for(Role.PRISON_WORK_COACH, "WLI"))
    assert client.get("/partnerships/prisons/NWI/").status_code == 404
    assert client.get("/partnerships/prisons/NWI/pack/").status_code == 404
    assert client.get("/partnerships/prisons/NWI/versions/1/").status_code == 404
    client.force_login(user_for(Role.PRISON_WORK_COACH, "NWI"))
    assert client.get("/partnerships/prisons/NWI/").status_code == 200
    assert client.get("/partnerships/prisons/NWI/edit/").status_code == 403
    assert client.post("/partnerships/prisons/NWI/edit/", edit_form()).status_code == 403
    assert client.get("/partnerships/prisons/NWI/versions/99/").status_code == 404


def test_editing_records_a_new_version_with_service_levels(client, pm, version):
    client.force_login(pm)
    assert client.get("/partnerships/prisons/NWI/edit/").status_code == 200
    response = client.post(
        "/partnerships/prisons/NWI/edit/",
        edit_form(**{"timing_release-plan-shared:due": "D - 14 weeks", "handover_accept_working_days": "1"}),
    )
    assert response.status_code == 302
    latest = LocalAgreementVersion.objects.get(number=2)
    assert latest.handover_accept_working_days == 1
    assert latest.service_levels.get().weeks == -14
    assert latest.contacts.count() == 2, "contacts carry over to the new version"
    assert LocalAgreementVersion.objects.get(number=1).signatories == "Governor; District Manager"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"timing_release-plan-shared:due": "next Tuesday"}, b"Write the timing like"),
        ({"effective_from_1": "13"}, b"In force from must be a real date"),
        (
            {"facility_broadband_0": "", "facility_broadband_1": "", "facility_broadband_2": ""},
            b"Enter the date the facility was evidenced",
        ),
        ({"handover_accept_working_days": "99"}, b"Enter 10 working days or fewer"),
        ({"change_reason": ""}, b"Enter what changed and why"),
        ({"change_reason": "ż" * 5000}, b"characters or fewer"),
        ({"jobcentre_district": "999999"}, b"Choose a district from the list"),
        ({"signed_on_2": "2099"}, b"today or in the past"),
    ],
)
def test_bad_edits_explain_themselves_and_write_nothing(client, pm, version, changes, message):
    client.force_login(pm)
    response = client.post("/partnerships/prisons/NWI/edit/", edit_form(**changes))
    assert response.status_code == 200
    assert b"There is a problem" in response.content
    assert message in response.content
    assert LocalAgreementVersion.objects.count() == 1


def test_a_manager_records_the_first_agreement_for_a_prison_in_the_district(client, pm):
    client.force_login(pm)
    page = client.get("/partnerships/prisons/WLI/")
    assert b"no local agreement recorded yet" in page.content
    assert client.get("/partnerships/prisons/WLI/edit/").status_code == 200
    response = client.post("/partnerships/prisons/WLI/edit/", edit_form(change_reason="Signed today"))
    assert response.status_code == 302
    version = LocalAgreementVersion.objects.get(agreement__prison__code="WLI")
    assert version.number == 1 and version.contacts.count() == 0
    assert client.get("/partnerships/prisons/WLI/contacts/").status_code == 200


def test_every_open_timing_has_a_field():

    form = LocalAgreementForm(pdu_choices=org("NWI").children.none())
    assert len(form.timing_fields()) == len(open_timings())


def test_adding_and_removing_a_contact(client, pm, version):
    client.force_login(pm)
    added = client.post(
        "/partnerships/prisons/NWI/contacts/",
        {
            "action": "add",
            "name": "Siân Ó Briain",
            "role": "probation-lead",
            "organisation": org("N56NOSU").pk,
            "email": "sian.obriain@example.gov.uk",
            "escalation_order": "3",
            "change_reason": "New probation lead",
        },
    )
    assert added.status_code == 302
    assert "Siân Ó Briain" in [c.name for c in LocalAgreementVersion.objects.get(number=2).contacts.all()]
    bad = client.post(
        "/partnerships/prisons/NWI/contacts/",
        {"action": "add", "name": "X", "role": "nobody", "organisation": org("WLI").pk, "email": "not-an-email"},
    )
    assert b"Choose a role from the list" in bad.content
    assert b"Choose an organisation from the list" in bad.content
    assert b"Enter an email address like" in bad.content
    unexplained = client.post(
        "/partnerships/prisons/NWI/contacts/", {"action": "remove", "contact": "0", "remove-change_reason": ""}
    )
    assert b'href="#id_remove-change_reason"' in unexplained.content
    assert b'id="id_remove-change_reason"' in unexplained.content
    assert b"Enter why the contact is removed" in unexplained.content
    removed = client.post(
        "/partnerships/prisons/NWI/contacts/", {"action": "remove", "contact": "0", "remove-change_reason": "Left"}
    )
    assert removed.status_code == 302
    assert LocalAgreementVersion.objects.get(number=3).contacts.count() == 2
    assert (
        client.post(
            "/partnerships/prisons/NWI/contacts/", {"action": "remove", "contact": "99", "remove-change_reason": "x"}
        ).status_code
        == 404
    )
    assert LocalAgreementVersion.objects.count() == 3


def test_scheduling_the_next_quarterly_meeting(client, pm, version):
    client.force_login(pm)
    meetings = client.get("/partnerships/prisons/NWI/meetings/")
    assert b"Next meeting" in meetings.content
    form = client.get("/partnerships/prisons/NWI/meetings/new/")
    assert form.status_code == 200
    bad = client.post(
        "/partnerships/prisons/NWI/meetings/new/",
        {"quarter": "2026-Q4", "scheduled_for_0": "1", "scheduled_for_1": "2", "scheduled_for_2": "2027"},
    )
    assert b"The date must be in October to December 2026" in bad.content
    nonsense = client.post("/partnerships/prisons/NWI/meetings/new/", {"quarter": "1999-Q9"})
    assert b"Choose a quarter from the list" in nonsense.content
    assert not Meeting.objects.exists()
    day = date.today()
    quarter_end = {1: (3, 31), 2: (6, 30), 3: (9, 30), 4: (12, 31)}[(day.month - 1) // 3 + 1]
    response = client.post(
        "/partnerships/prisons/NWI/meetings/new/",
        {
            "quarter": f"{day.year}-Q{(day.month - 1) // 3 + 1}",
            "scheduled_for_0": str(quarter_end[1]),
            "scheduled_for_1": str(quarter_end[0]),
            "scheduled_for_2": str(day.year),
            "location": "Work coach office",
        },
    )
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    page = client.get(response.url)
    assert b"Work coach office" in page.content
    added = client.post(
        f"/partnerships/meetings/{meeting.pk}/",
        {
            "action": "add-action",
            "action-description": "Fix the phone",
            "action-owner": "Governor",
            "action-due_on_0": "1",
            "action-due_on_1": "1",
            "action-due_on_2": str(day.year + 1),
        },
    )
    assert added.status_code == 302
    item = MeetingAction.objects.get()
    assert (
        client.post(
            f"/partnerships/meetings/{meeting.pk}/", {"action": "close-action", "item": item.pk, "status": "bogus"}
        ).status_code
        == 400
    )
    assert (
        client.post(
            f"/partnerships/meetings/{meeting.pk}/", {"action": "close-action", "item": "x", "status": "done"}
        ).status_code
        == 404
    )
    client.post(f"/partnerships/meetings/{meeting.pk}/", {"action": "close-action", "item": item.pk, "status": "done"})
    item.refresh_from_db()
    assert item.status == "done"
    client.force_login(user_for(Role.PRISON_WORK_COACH, "NWI"))
    assert client.get(f"/partnerships/meetings/{meeting.pk}/").status_code == 200
    assert client.post(f"/partnerships/meetings/{meeting.pk}/", {"action": "record"}).status_code == 403


def test_the_meeting_pack_page_and_download(client, pm, version):
    coach = user_for(Role.PRISON_WORK_COACH, "NWI")

    services.escalation_raise(actor=coach, subject='=HYPERLINK("http://evil")', description="d")
    client.force_login(pm)
    page = client.get("/partnerships/prisons/NWI/pack/", {"quarter": "2026-Q3"})
    assert page.status_code == 200
    assert b"July to September 2026" in page.content
    assert b"Open escalations" in page.content
    download = client.get("/partnerships/prisons/NWI/pack.xlsx", {"quarter": "2026-Q3"})
    assert download["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(BytesIO(download.content))
    assert book.sheetnames[:2] == ["Summary", "Measures"]
    subject = book["Open escalations"]["B2"]
    assert (subject.value, subject.data_type, subject.quotePrefix) == ('=HYPERLINK("http://evil")', "s", True)
    assert not [cell for sheet in book for row in sheet.iter_rows() for cell in row if cell.data_type == "f"]
    assert client.get("/partnerships/prisons/NWI/pack/", {"quarter": "2026-Q5"}).status_code == 400
    assert client.get("/partnerships/prisons/NWI/pack.xlsx", {"quarter": "<script>"}).status_code == 400


def test_raising_and_resolving_an_escalation(client, pm, version):
    coach = user_for(Role.PRISON_WORK_COACH, "NWI")
    client.force_login(coach)
    empty = client.post("/partnerships/escalations/new/", {"subject": "", "description": ""})
    assert b"Enter a subject" in empty.content and b"Enter what the concern is" in empty.content
    wrong = client.post(
        "/partnerships/escalations/new/", {"subject": "s", "description": "d", "prison_number": "Z9999ZZ"}
    )
    assert b"Nobody with that prison number" in wrong.content
    huge = client.post("/partnerships/escalations/new/", {"subject": "s" * 500, "description": "d"})
    assert b"Subject must be 200 characters or fewer" in huge.content
    assert not PartnershipEscalation.objects.exists()
    raised = client.post("/partnerships/escalations/new/", {"subject": "Phone broken ☎", "description": "Since Monday"})
    assert raised.status_code == 302
    escalation = PartnershipEscalation.objects.get()
    assert client.post(raised.url, {"action": "resolve", "note": "done"}).status_code == 403
    client.force_login(pm)
    listing = client.get("/partnerships/escalations/")
    assert "Phone broken ☎".encode() in listing.content
    client.post(raised.url, {"action": "acknowledge"})
    client.post(raised.url, {"action": "resolve", "note": ""})
    escalation.refresh_from_db()
    assert escalation.status == "acknowledged"
    client.post(raised.url, {"action": "resolve", "note": "Phone replaced"})
    escalation.refresh_from_db()
    assert escalation.status == "resolved"
    client.force_login(user_for(Role.PARTNERSHIP_BOARD, "national"))
    assert client.get("/partnerships/escalations/").status_code == 403
    assert client.get(raised.url).status_code == 403
    client.force_login(user_for(Role.PRISON_WORK_COACH, "WLI"))
    assert client.get(raised.url).status_code == 404
    assert client.get("/partnerships/escalations/abc/").status_code == 404


def test_the_national_agreement_and_its_end(client):
    admin = user_for(Role.ADMINISTRATOR, "national")
    client.force_login(user_for(Role.PARTNERSHIP_BOARD, "national"))
    page = client.get("/partnerships/national/")
    assert b"Record what happens" not in page.content
    assert b"warm handover" in page.content
    assert b"of 15 prisons start Universal Credit claims in custody" in page.content
    assert client.get("/partnerships/national/decide/").status_code == 403
    client.force_login(admin)
    bad = client.post(
        "/partnerships/national/decide/",
        {"decision": "rolled-over", "ends_on_0": "1", "ends_on_1": "1", "ends_on_2": "2026", "reason": "x"},
    )
    assert b"The new end date must be after" in bad.content
    good = client.post(
        "/partnerships/national/decide/",
        {
            "decision": "rolled-over",
            "ends_on_0": "31",
            "ends_on_1": "12",
            "ends_on_2": "2027",
            "reason": "Board decision",
        },
    )
    assert good.status_code == 302
    assert b"Rolled over" in client.get("/partnerships/national/").content


def test_board_meetings_are_for_national_readers(client):
    client.force_login(user_for(Role.PARTNERSHIP_BOARD, "national"))
    assert client.get("/partnerships/board/meetings/").status_code == 200
    assert client.get("/partnerships/board/meetings/new/").status_code == 403
    client.force_login(manager())
    assert client.get("/partnerships/board/meetings/").status_code == 403


def test_a_version_whose_day_has_come_can_be_applied_before_tonight(client, pm):

    local_agreement(
        actor=pm,
        service_levels=[{"code": "warm-handover", "which": "opens", "anchor": "D", "working_days": -15}],
        signed_on=date(2025, 1, 1),
        effective_from=date(2026, 1, 1),
        today=date(2025, 6, 1),
    )
    client.force_login(pm)
    assert b"Apply the version in force now" in client.get("/partnerships/prisons/NWI/").content
    client.force_login(user_for(Role.PRISON_WORK_COACH, "NWI"))
    assert client.post("/partnerships/prisons/NWI/apply/").status_code == 403
    assert client.get("/partnerships/prisons/NWI/apply/").status_code == 405
    client.force_login(pm)
    assert client.post("/partnerships/prisons/NWI/apply/").status_code == 302
    assert LocalTiming.objects.filter(prison=org("NWI"), code="warm-handover").exists()
    assert b"Apply the version in force now" not in client.get("/partnerships/prisons/NWI/").content


def test_the_agreements_list_does_not_grow_queries_with_agreements(client, django_assert_max_num_queries):
    admin = user_for(Role.ADMINISTRATOR, "national")
    for code in ("NWI", "WLI", "HBI", "RCI"):
        local_agreement(code, actor=admin)
    client.force_login(manager())
    with django_assert_max_num_queries(20):
        response = client.get("/partnerships/")
    assert response.content.count(b"govuk-tag--green") == 4


def test_the_board_reads_the_pack_without_what_escalations_say(client, version):

    services.escalation_raise(actor=user_for(Role.PRISON_WORK_COACH, "NWI"), subject="Phone broken", description="d")
    client.force_login(user_for(Role.PARTNERSHIP_BOARD, "national"))
    page = client.get("/partnerships/prisons/NWI/pack/", {"quarter": "2026-Q3"})
    assert b"1 escalation is open." in page.content
    assert b"Phone broken" not in page.content
    download = client.get("/partnerships/prisons/NWI/pack.xlsx", {"quarter": "2026-Q3"})
    assert load_workbook(BytesIO(download.content))["Open escalations"]["A2"].value == 1


def test_recording_a_meeting_explains_what_is_missing(client, pm, version):
    meeting = Meeting.objects.create(agreement=version.agreement, quarter="2026-Q3", scheduled_for=date(2026, 8, 14))
    client.force_login(pm)
    url = f"/partnerships/meetings/{meeting.pk}/"
    empty = client.post(url, {"action": "record", "record-status": "held"})
    assert b"Enter who attended" in empty.content and b"Enter the minutes" in empty.content
    huge = client.post(
        url, {"action": "record", "record-status": "held", "record-attendees": "a", "record-minutes": "m" * 20000}
    )
    assert b"Minutes must be 16000 characters or fewer" in huge.content
    meeting.refresh_from_db()
    assert meeting.status == "scheduled"
    client.post(
        url, {"action": "record", "record-status": "held", "record-attendees": "Owain, Zoë", "record-minutes": "Met 👍"}
    )
    meeting.refresh_from_db()
    assert (meeting.status, meeting.minutes) == ("held", "Met 👍")
    assert client.post(url, {"action": "nonsense"}).status_code == 403
    assert client.get("/partnerships/meetings/0/").status_code == 404


def test_minutes_recorded_over_someone_elses_show_both_and_keep_theirs(client, pm, version):
    meeting = Meeting.objects.create(agreement=version.agreement, quarter="2026-Q3", scheduled_for=date(2026, 8, 14))
    client.force_login(pm)
    url = f"/partnerships/meetings/{meeting.pk}/"
    read_at = client.get(url).context["record_form"]["version"].value()
    held = {"action": "record", "record-status": "held", "record-attendees": "Owain", "record-version": read_at}
    assert client.post(url, held | {"record-minutes": "Agreed the pack"}).status_code == 302
    crossed = client.post(url, held | {"record-minutes": "Postponed the pack"})
    assert crossed.status_code == 200
    assert "Someone else changed this to ‘Agreed the pack’. You entered ‘Postponed the pack’." in (
        crossed.content.decode()
    )
    meeting.refresh_from_db()
    assert meeting.minutes == "Agreed the pack"


def test_the_escalations_page_links_late_handovers_only_for_those_who_may_open_them(client):

    client.force_login(user_for(Role.PARTNERSHIP_MANAGER, "DWPEAN"))
    assert b'href="/escalations/"' in client.get("/partnerships/escalations/").content
    client.force_login(user_for(Role.ADMINISTRATOR, "national"))
    page = client.get("/partnerships/escalations/")
    assert page.status_code == 200 and b'href="/escalations/"' not in page.content
    assert client.get("/escalations/").status_code == 403


def test_a_manager_starts_from_her_prisons_and_raises_a_concern_about_one(client, pm, version):
    client.force_login(pm)
    form = client.get("/partnerships/escalations/new/").content.decode()
    assert 'name="prison"' in form and 'name="prison_number"' not in form
    unchosen = client.post("/partnerships/escalations/new/", {"subject": "s", "description": "d"})
    assert b"Choose the prison" in unchosen.content
    not_hers = client.post(
        "/partnerships/escalations/new/", {"subject": "s", "description": "d", "prison": org("HBI").pk + 10_000}
    )
    assert b"Choose one of your prisons" in not_hers.content
    assert not PartnershipEscalation.objects.exists()
    raised = client.post(
        "/partnerships/escalations/new/",
        {"subject": "No jobcentre surgery", "description": "d", "prison": org("NWI").pk},
    )
    assert raised.status_code == 302
    home = client.get("/").content.decode()
    table = home.split('id="prisons-at-a-glance"')[1].split("</table>")[0]
    assert "HMP Norwich" in table or "Norwich" in table
    assert "/partnerships/escalations/?prison=NWI" in table
    listing = client.get("/partnerships/escalations/?prison=NWI").content.decode()
    assert "No jobcentre surgery" in listing
    assert "No jobcentre surgery" not in client.get("/partnerships/escalations/?prison=WLI").content.decode()
