from datetime import date

import pytest

from onward.accounts.constants import Role
from onward.accounts.tests.factories import user_for
from onward.audit.models import AuditEvent
from onward.cases.models import Case
from onward.cases.tests.factories import CaseFactory, PersonFactory
from onward.estate.models import Organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def coach_client(client):
    client.force_login(user_for(Role.PRISON_WORK_COACH, "NWI"))
    return client


def date_parts(name, day):
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


NEW_CASE = {
    "prison_number": "Z9876QQ",
    "given_name": "Rhys",
    "family_name": "Demoperson",
    **date_parts("date_of_birth", date(1988, 4, 9)),
    **date_parts("reception_date", date(2026, 3, 2)),
    "legal_status": "sentenced",
    **date_parts("sentence_date", date(2026, 3, 2)),
    "custodial_term_days": "365",
    **date_parts("release_date", date(2026, 9, 2)),
    "release_type": "standard",
    "released_to_community": "on",
    "release_area": "nr3",
}


def test_case_list_searches_by_name_and_prison_number(coach_client):
    wanted = CaseFactory(person=PersonFactory(family_name="Quartermaine", prison_number="A1111AA"))
    CaseFactory(person=PersonFactory(family_name="Other", prison_number="B2222BB"))
    for query in ("quarter", "a1111aa"):
        page = coach_client.get("/cases/", {"q": query}).context["page"]
        assert [case.pk for case in page.object_list] == [wanted.pk]


def test_case_list_sorts_by_any_column_both_ways(coach_client):
    CaseFactory(person=PersonFactory(family_name="Adams"))
    CaseFactory(person=PersonFactory(family_name="Zephyr"))

    def names(order):
        return [
            c.person.family_name
            for c in coach_client.get("/cases/", {"sort": "name", "order": order}).context["page"].object_list
        ]

    assert names("asc") == ["Adams", "Zephyr"]
    assert names("desc") == ["Zephyr", "Adams"]
    response = coach_client.get("/cases/", {"sort": "name", "order": "asc"})
    assert b'aria-sort="ascending"' in response.content


def test_case_list_paginates(coach_client):
    for _ in range(30):
        CaseFactory()
    first = coach_client.get("/cases/").context["page"]
    second = coach_client.get("/cases/", {"page": 2}).context["page"]
    assert (len(first.object_list), len(second.object_list)) == (25, 5)
    assert coach_client.get("/cases/", {"page": "999"}).status_code == 200


def test_case_list_filters_by_cohort_and_dates(coach_client):
    woman = CaseFactory(person=PersonFactory(female=True), discharge_date=date(2026, 12, 1))
    CaseFactory(discharge_date=date(2027, 6, 1))
    page = coach_client.get("/cases/", {"flags": "female"}).context["page"]
    assert [c.pk for c in page.object_list] == [woman.pk]
    page = coach_client.get("/cases/", date_parts("release_to", date(2027, 1, 1))).context["page"]
    assert [c.pk for c in page.object_list] == [woman.pk]


def test_case_list_bad_filter_dates_explain_themselves(coach_client):
    response = coach_client.get("/cases/", {"release_from_0": "40", "release_from_1": "1", "release_from_2": "2026"})
    assert response.status_code == 200
    assert b"Leaving on or after must be a real date" in response.content


def test_roles_without_named_cases_are_refused_the_list(client):
    client.force_login(user_for(Role.PARTNERSHIP_BOARD, "national"))
    assert client.get("/cases/").status_code == 403


def test_add_a_case_through_the_form(coach_client):
    response = coach_client.post("/cases/new/", NEW_CASE)
    case = Case.objects.get(person__prison_number="Z9876QQ")
    assert response.status_code == 302
    assert response["Location"] == f"/cases/{case.pk}/"
    assert case.release_area == "NR3"
    page = coach_client.get(response["Location"])
    assert b"Wednesday 2 September 2026" in page.content
    assert b"Why this day?" in page.content


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"date_of_birth_1": ""}, b"Date of birth must include a month"),
        (
            date_parts("date_of_birth", date(2000, 1, 1)) | {"date_of_birth_0": "31", "date_of_birth_1": "2"},
            b"Date of birth must be a real date",
        ),
        ({"prison_number": "1234"}, b"Enter a prison number in the right format"),
        ({"given_name": "x" * 500}, b"Ensure this value has at most 100 characters"),
        ({"custodial_term_days": "many"}, b"Enter a whole number"),
        ({"release_area": "XX1"}, b"Enter a real postcode district"),
    ],
)
def test_form_errors_use_the_error_summary_and_write_nothing(coach_client, change, message):
    response = coach_client.post("/cases/new/", NEW_CASE | change)
    assert response.status_code == 200
    assert b"There is a problem" in response.content
    assert message in response.content
    assert not Case.objects.exists()


def test_edit_refuses_a_stale_form_showing_both_values_then_saves_when_sent_again(coach_client):
    case = CaseFactory(release_area="NR3")
    form = coach_client.get(f"/cases/{case.pk}/edit/").context["form"]
    assert form["version"].value() == 1
    data = {name: value for name, value in NEW_CASE.items() if name != "prison_number"} | {"version": "1"}
    data["release_area"] = "NR1"
    Case.objects.filter(pk=case.pk).update(version=2)
    response = coach_client.post(f"/cases/{case.pk}/edit/", data)
    assert response.status_code == 200
    assert b"Someone else changed this while you were editing it" in response.content
    assert "Someone else changed this to ‘NR3’. You entered ‘NR1’." in response.content.decode()
    case.refresh_from_db()
    assert case.release_area == "NR3"
    # The form now carries the version it was refused at: saving again, knowing both, is a decision.
    assert response.context["form"]["version"].value() == "2"
    again = coach_client.post(f"/cases/{case.pk}/edit/", data | {"version": "2"})
    assert again.status_code == 302
    case.refresh_from_db()
    assert case.release_area == "NR1"


def test_edit_saves_and_moves_the_discharge_date(coach_client):
    case = CaseFactory()
    data = {name: value for name, value in NEW_CASE.items() if name != "prison_number"} | {"version": "1"}
    data |= date_parts("release_date", date(2026, 11, 20)) | date_parts("sentence_date", date(2026, 5, 22))
    response = coach_client.post(f"/cases/{case.pk}/edit/", data)
    assert response.status_code == 302
    assert Case.objects.get(pk=case.pk).discharge_date == date(2026, 11, 19)


def test_transfer_form_moves_the_case_out_of_scope(coach_client):
    case = CaseFactory()

    wayland = Organisation.objects.get(code="WLI")
    response = coach_client.post(
        f"/cases/{case.pk}/transfer/", {"to_prison": wayland.pk, **date_parts("transfer_date", date(2026, 4, 1))}
    )
    assert response.status_code == 302
    # The case now belongs to Wayland, so Norwich no longer sees it.
    assert coach_client.get(f"/cases/{case.pk}/").status_code == 404


def test_export_is_scoped_audited_and_safe_in_a_spreadsheet(coach_client):

    mine = CaseFactory(person=PersonFactory(family_name="=HYPERLINK(1)"))
    CaseFactory(prison=Organisation.objects.get(code="WLI"))
    response = coach_client.get("/cases/export.csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = response.content.decode().splitlines()
    assert len(rows) == 2
    assert "'=HYPERLINK(1)" in rows[1]
    assert AuditEvent.objects.get(action="case.export").changes["cases"] == [mine.pk]


def test_a_discharge_recorded_on_a_case_someone_else_changed_meanwhile_is_refused(coach_client):
    case = CaseFactory()
    page = f"/cases/{case.pk}/discharge/"
    assert coach_client.get(page).context["form"]["version"].value() == 1
    Case.objects.filter(pk=case.pk).update(version=2)
    fields = {"actual_discharge_date_0": "2", "actual_discharge_date_1": "9", "actual_discharge_date_2": "2026"}
    crossed = coach_client.post(page, fields | {"version": "1"})
    assert crossed.status_code == 200
    assert "Someone else changed this while you were editing it" in crossed.content.decode()
    case.refresh_from_db()
    assert case.actual_discharge_date is None
    assert coach_client.post(page, fields | {"version": "2"}).status_code == 302
    case.refresh_from_db()
    assert case.actual_discharge_date == date(2026, 9, 2)


def test_the_form_refuses_someone_held_at_another_prison_alike_and_renames_nobody(coach_client):
    held = CaseFactory(
        prison=Organisation.objects.get(code="WLI"),
        person=PersonFactory(prison_number="Z9876QQ", given_name="Held", date_of_birth=date(1988, 4, 9)),
    )
    answers = set()
    for born in (date(1988, 4, 9), date(1970, 1, 1)):
        response = coach_client.post("/cases/new/", NEW_CASE | date_parts("date_of_birth", born))
        assert response.status_code == 200
        assert b"This prison number cannot be opened here" in response.content
        assert b"Held" not in response.content and b"date of birth held" not in response.content
        answers.add(response.context["form"].errors.as_json())
    assert len(answers) == 1
    held.person.refresh_from_db()
    assert held.person.given_name == "Held"
    assert Case.objects.count() == 1


def test_the_case_search_names_the_people_on_the_page_shown_in_its_audit_row(coach_client):
    wanted = CaseFactory(person=PersonFactory(family_name="Quartermaine", prison_number="T0424LS"))
    CaseFactory(person=PersonFactory(family_name="Other", prison_number="B2222BB"))
    coach_client.get("/cases/", {"q": "quarter"})
    event = AuditEvent.objects.filter(action="case.search").latest("id")
    assert list(event.people.values_list("prison_number", flat=True)) == [wanted.person.prison_number]
    for _ in range(30):
        CaseFactory()
    coach_client.get("/cases/", {"page": 2})
    event = AuditEvent.objects.filter(action="case.search").latest("id")
    assert event.people.count() == 7  # the second page of 32, not everyone found


def test_the_export_names_everyone_exported_in_its_audit_row(coach_client):
    CaseFactory(person=PersonFactory(prison_number="T0424LS"))
    coach_client.get("/cases/export.csv")
    event = AuditEvent.objects.get(action="case.export")
    assert list(event.people.values_list("prison_number", flat=True)) == ["T0424LS"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"release_date_0": "9" * 30}, b"Release date must be a real date"),
        ({"release_date_1": "9" * 30}, b"Release date must be a real date"),
        ({"release_date_2": "9" * 30}, b"Release date must be a real date"),
        (date_parts("release_date", date(9999, 12, 31)), b"Release date must be between 1900 and 2199"),
        ({"date_of_birth_0": "9" * 30}, b"Date of birth must be a real date"),
    ],
)
def test_a_huge_day_month_or_year_is_a_message_on_the_field_not_a_500(coach_client, change, message):
    coach_client.raise_request_exception = False
    response = coach_client.post("/cases/new/", NEW_CASE | change)
    assert response.status_code == 200
    assert message in response.content
    assert not Case.objects.exists()
