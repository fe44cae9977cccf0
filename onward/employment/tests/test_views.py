from datetime import date, timedelta

import pytest

from onward.audit.models import AuditEvent
from onward.cases.tests.factories import CaseFactory
from onward.employment.constants import ApplicationStatus
from onward.employment.models import Application, Employer, EmploymentCheck, Opportunity, WorkProfile
from onward.employment.tests.conftest import org
from onward.employment.tests.factories import EmployerFactory, OpportunityFactory, WorkProfileFactory

pytestmark = pytest.mark.django_db
TODAY = date.today()


def date_fields(name, day):
    return {f"{name}_0": day.day, f"{name}_1": day.month, f"{name}_2": day.year}


def test_the_case_page_links_to_work_for_employment_roles_only(client, lead, id_admin, case):
    client.force_login(lead)
    assert f"/cases/{case.pk}/work/".encode() in client.get(f"/cases/{case.pk}/").content
    client.force_login(id_admin)
    assert f"/cases/{case.pk}/work/".encode() not in client.get(f"/cases/{case.pk}/").content


def test_the_work_page_shows_matches_with_reasons_and_the_radius_can_change(client, lead, case):
    WorkProfileFactory(case=case)
    OpportunityFactory(title="Kitchen porter at the cathedral")
    OpportunityFactory(title="Sous chef in Stepney", postcode="E1 6AN", outcode="E1")
    client.force_login(lead)
    page = client.get(f"/cases/{case.pk}/work/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Kitchen porter at the cathedral" in text
    assert "Interested in hospitality and catering" in text
    assert "further than 15" in text
    wide = client.get(f"/cases/{case.pk}/work/?radius=200").content.decode()
    assert "2 opportunities within 200 miles fit" in wide
    bad = client.get(f"/cases/{case.pk}/work/?radius=lots")
    assert bad.status_code == 200
    assert b"Enter the distance as a whole number of miles" in bad.content


def test_other_prisons_and_other_roles_cannot_open_the_work_page(client, other_lead, id_admin, board, case):
    client.force_login(other_lead)
    assert client.get(f"/cases/{case.pk}/work/").status_code == 404
    client.force_login(id_admin)
    assert client.get(f"/cases/{case.pk}/work/").status_code == 403
    client.force_login(board)
    assert client.get(f"/cases/{case.pk}/work/").status_code == 404
    assert client.get("/work/").status_code == 403
    assert client.get("/work/employers/").status_code == 403
    assert client.get("/cases/99999999999999999999/work/").status_code == 404


def test_the_profile_form_saves_and_explains_bad_input(client, lead, case):
    client.force_login(lead)
    assert client.get(f"/cases/{case.pk}/work/profile/").status_code == 200
    bad = client.post(
        f"/cases/{case.pk}/work/profile/",
        {"status": "SUPPORT_DECLINED", "sector_interests": ["NOT_A_SECTOR"], "exclusion_zones": "🙂🙂"},
    )
    assert bad.status_code == 200
    assert b"There is a problem" in bad.content
    assert not WorkProfile.objects.exists()
    declined = client.post(f"/cases/{case.pk}/work/profile/", {"status": "SUPPORT_DECLINED", "exclusion_zones": "NR2"})
    assert b"Choose why the person does not want support" in declined.content
    response = client.post(
        f"/cases/{case.pk}/work/profile/",
        {"status": "SUPPORT_NEEDED", "sector_interests": ["HOSPITALITY", "RETAIL"], "exclusion_zones": "nr2"},
    )
    assert response.status_code == 302
    assert WorkProfile.objects.get().exclusion_zones == ["NR2"]


def test_an_application_through_to_a_job_offer(client, lead, case):
    opportunity = OpportunityFactory()
    client.force_login(lead)
    form = client.get(f"/cases/{case.pk}/work/applications/new/?opportunity={opportunity.pk}")
    assert form.status_code == 200
    assert client.post(f"/cases/{case.pk}/work/applications/new/", {"opportunity": "x"}).status_code == 200
    response = client.post(
        f"/cases/{case.pk}/work/applications/new/",
        {"opportunity": opportunity.pk, **date_fields("applied_on", TODAY)},
    )
    assert response.status_code == 302
    application = Application.objects.get()
    url = f"/cases/{case.pk}/work/applications/{application.pk}/"
    impossible = client.post(
        url, {"status": "JOB_OFFER", "changed_on_0": "31", "changed_on_1": "2", "changed_on_2": "2026"}
    )
    assert b"must be a real date" in impossible.content
    client.post(url, {"status": "INTERVIEW_BOOKED", **date_fields("changed_on", TODAY)})
    client.post(
        url,
        {
            "status": "JOB_OFFER",
            **date_fields("changed_on", TODAY),
            **date_fields("job_start_date", TODAY + timedelta(days=14)),
        },
    )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.JOB_OFFER
    # Nothing follows a job offer.
    assert client.get(url).status_code == 404


def test_employment_check_form(client, probation, released_case):
    client.force_login(probation)
    page = client.get(f"/cases/{released_case.pk}/work/")
    assert b"Record an employment check" in page.content
    bad = client.post(f"/cases/{released_case.pk}/work/checks/new/", {"check": "6-weeks"})
    assert b"Choose what the person is doing now" in bad.content
    response = client.post(
        f"/cases/{released_case.pk}/work/checks/new/",
        {"check": "6-weeks", "outcome": "employed", **date_fields("recorded_on", TODAY), "employer_name": "Ŵensum Ltd"},
    )
    assert response.status_code == 302
    assert EmploymentCheck.objects.get().employer_name == "Ŵensum Ltd"


def test_employers_list_add_detail_and_engagement(client, lead):
    client.force_login(lead)
    assert client.get("/work/employers/").status_code == 200
    bad = client.post("/work/employers/new/", {"name": "x" * 500, "reach": "local"})
    assert bad.status_code == 200
    assert b"Use 200 characters or fewer" in bad.content
    response = client.post(
        "/work/employers/new/", {"name": "Norfolk Broads Boatyard", "sector": "MANUFACTURING", "reach": "local"}
    )
    employer = Employer.objects.get()
    assert response.url == f"/work/employers/{employer.pk}/"
    detail = client.post(f"/work/employers/{employer.pk}/", {"kind": "meeting"})
    assert b"Choose the outcome" in detail.content
    client.post(
        f"/work/employers/{employer.pk}/",
        {"kind": "meeting", "outcome": "interested", **date_fields("happened_on", TODAY)},
    )
    assert employer.engagements.count() == 1
    assert client.get("/work/employers/?q=broads&sector=NOPE").status_code == 200


def test_employer_engagement_manages_opportunities_but_sees_only_counts(client, nfn, case):
    employer = EmployerFactory()
    client.force_login(nfn)
    bad = client.post(
        "/work/opportunities/new/",
        {"kind": "vacancy", "title": "Van driver", "employer": employer.pk, "sector": "DRIVING", "pay_amount": "lots"},
    )
    assert b"Enter the pay as an amount" in bad.content
    no_place = client.post(
        "/work/opportunities/new/",
        {"kind": "vacancy", "title": "Van driver", "employer": employer.pk, "sector": "DRIVING"},
    )
    assert b"Enter the postcode of the workplace" in no_place.content
    assert not Opportunity.objects.exists()
    response = client.post(
        "/work/opportunities/new/",
        {"kind": "vacancy", "title": "Van driver", "employer": employer.pk, "sector": "DRIVING", "postcode": "NR3 1AB"},
    )
    opportunity = Opportunity.objects.get()
    assert response.url == f"/work/opportunities/{opportunity.pk}/"
    matches = client.get(f"/work/opportunities/{opportunity.pk}/matches/")
    assert matches.status_code == 200
    assert case.person.family_name.encode() not in matches.content
    assert b"fewer than 5" in matches.content
    assert client.get(f"/cases/{case.pk}/work/").status_code == 404


def test_prison_staff_see_who_fits_an_opportunity_and_who_leaves_soon(client, lead, case):
    opportunity = OpportunityFactory()
    client.force_login(lead)
    named = client.get(f"/work/opportunities/{opportunity.pk}/matches/?weeks=999")
    assert named.status_code == 200
    assert b"Enter 52 weeks or fewer" in named.content
    assert case.person.family_name.encode() in named.content
    leaving = client.get("/work/leaving/")
    assert leaving.status_code == 200
    assert case.person.family_name.encode() in leaving.content
    assert opportunity.title.encode() in leaving.content
    assert client.get("/work/opportunities/?kind=rotl&area=NR").status_code == 200
    assert client.get("/work/opportunities/999999/").status_code == 404


def test_labour_market_page_for_the_district_and_beside_the_release_area(client, manager, lead, case):
    district = org("DWPEAN")
    client.force_login(manager)
    assert client.get("/work/").status_code == 200
    bad = client.post(f"/work/labour-market/{district.pk}/", {"summary": ""})
    assert b"Enter a summary of the local labour market" in bad.content
    client.post(
        f"/work/labour-market/{district.pk}/",
        {
            "summary": "Warehousing near the A47 is hiring",
            "growing_sectors": ["WAREHOUSING"],
            **date_fields("as_of", TODAY),
        },
    )
    assert client.get(f"/work/labour-market/{org('DWPKEN').pk}/").status_code == 404
    client.force_login(lead)
    assert client.get(f"/work/labour-market/{district.pk}/").status_code == 403
    assert b"Warehousing near the A47 is hiring" in client.get(f"/cases/{case.pk}/work/").content


def test_changing_an_employer_and_withdrawing_an_opportunity(client, nfn, lead):
    opportunity = OpportunityFactory(pay_amount="11.44", pay_period="PER_HOUR")
    employer = opportunity.employer
    client.force_login(nfn)
    form = client.get(f"/work/employers/{employer.pk}/change/")
    assert employer.name.encode() in form.content
    client.post(
        f"/work/employers/{employer.pk}/change/",
        {"name": "Renamed Bakery", "sector": employer.sector, "reach": "national"},
    )
    employer.refresh_from_db()
    assert (employer.name, employer.reach) == ("Renamed Bakery", "national")
    edit = client.get(f"/work/opportunities/{opportunity.pk}/change/")
    assert b"11.44" in edit.content
    assert b"Withdrawn (no longer offered)" in edit.content
    response = client.post(
        f"/work/opportunities/{opportunity.pk}/change/",
        {
            "kind": "vacancy",
            "title": opportunity.title,
            "employer": employer.pk,
            "sector": opportunity.sector,
            "postcode": "NR3 1AB",
            "withdrawn": "on",
        },
    )
    assert response.status_code == 302
    opportunity.refresh_from_db()
    assert opportunity.withdrawn
    client.force_login(lead)
    assert opportunity.title.encode() not in client.get("/work/opportunities/").content
    assert client.get(f"/work/employers/{employer.pk}/change/").status_code == 200


def test_the_case_page_shows_whether_the_job_lasted(client, probation, released_case):
    application = Application.objects.create(
        case=released_case,
        opportunity=OpportunityFactory(title="Forklift driver"),
        status=ApplicationStatus.JOB_OFFER,
    )
    EmploymentCheck.objects.create(
        case=released_case, checkpoint="6-weeks", outcome="employed", recorded_on=TODAY, application=application
    )
    client.force_login(probation)
    page = client.get(f"/cases/{released_case.pk}/").content.decode()
    assert "Forklift driver" in page
    assert "6 weeks after release" in page
    assert "in work at 6 months" not in page
    EmploymentCheck.objects.create(case=released_case, checkpoint="6-months", outcome="employed", recorded_on=TODAY)
    assert "Yes: in work at 6 months" in client.get(f"/cases/{released_case.pk}/").content.decode()


def test_lists_sort_by_the_columns_they_allow(client, lead):
    OpportunityFactory(title="Baker", closing_date=date(2031, 1, 1))
    OpportunityFactory(title="Angler", closing_date=date(2032, 1, 1))
    client.force_login(lead)
    by_title = client.get("/work/opportunities/?sort=title").content.decode()
    assert by_title.index("Angler") < by_title.index("Baker")
    by_date_desc = client.get("/work/opportunities/?sort=closing_date&order=desc").content.decode()
    assert by_date_desc.index("Angler") < by_date_desc.index("Baker")
    assert 'aria-sort="descending"' in by_date_desc
    assert client.get("/work/opportunities/?sort=__class__&order=sideways").status_code == 200
    assert client.get("/work/employers/?sort=tier&order=desc").status_code == 200


def test_adding_a_contact_to_an_employer(client, nfn, probation):
    employer = EmployerFactory()
    client.force_login(nfn)
    bad = client.post(f"/work/employers/{employer.pk}/contacts/new/", {"name": "", "email": "x"})
    assert b"Enter the contact&#x27;s name" in bad.content
    response = client.post(f"/work/employers/{employer.pk}/contacts/new/", {"name": "Nia Jones", "phone": "01603 111"})
    assert response.status_code == 302
    assert b"Nia Jones" in client.get(f"/work/employers/{employer.pk}/").content
    client.force_login(probation)
    assert client.get(f"/work/employers/{employer.pk}/contacts/new/").status_code == 403
    assert b"Nia Jones" in client.get(f"/work/employers/{employer.pk}/").content


def test_ugly_ids_and_huge_input_answer_4xx_or_a_form_error_never_500(client, lead, case, manager):
    client.force_login(lead)
    huge = "9" * 30
    for url in (
        f"/work/employers/{huge}/",
        f"/work/opportunities/{huge}/",
        f"/work/opportunities/{huge}/matches/",
        f"/cases/{case.pk}/work/applications/{huge}/",
    ):
        assert client.get(url).status_code == 404, url
    assert client.get(f"/cases/{case.pk}/work/applications/new/?opportunity={huge}").status_code == 200
    response = client.post(
        "/work/opportunities/new/",
        {"kind": "vacancy", "title": "ŵ" * 10_000, "sector": "RETAIL", "postcode": "NR3", "closing_date_0": "99"},
    )
    assert response.status_code == 200
    assert b"Use 200 characters or fewer" in response.content
    assert b"Closing date (optional) must include a month and a year" in response.content
    client.force_login(manager)
    assert client.get(f"/work/labour-market/{huge}/").status_code == 404


def test_an_employer_changed_by_two_people_at_once_keeps_the_first_and_shows_both(client, nfn):
    employer = EmployerFactory(name="Wensum Bakery")
    client.force_login(nfn)
    page = f"/work/employers/{employer.pk}/change/"
    read_at = client.get(page).context["form"]["version"].value()
    first = {"name": "Wensum Bakery Ltd", "sector": employer.sector, "reach": "local", "version": read_at}
    assert client.post(page, first).status_code == 302
    crossed = client.post(page, first | {"name": "Wensum Bread Co"})
    assert crossed.status_code == 200
    assert "Someone else changed this to ‘Wensum Bakery Ltd’. You entered ‘Wensum Bread Co’." in (
        crossed.content.decode()
    )
    employer.refresh_from_db()
    assert (employer.name, employer.version) == ("Wensum Bakery Ltd", 2)


def test_a_work_profile_made_meanwhile_is_not_written_over(client, lead, case):
    client.force_login(lead)
    page = f"/cases/{case.pk}/work/profile/"
    read_at = client.get(page).context["form"]["version"].value()
    assert read_at == 0
    mine = {"status": "SUPPORT_NEEDED", "sector_interests": ["RETAIL"], "exclusion_zones": "", "version": read_at}
    assert client.post(page, mine).status_code == 302
    crossed = client.post(page, mine | {"sector_interests": ["HOSPITALITY"]})
    assert crossed.status_code == 200
    assert "Someone else changed this while you were editing it" in crossed.content.decode()
    assert WorkProfile.objects.get().sector_interests == ["RETAIL"]


def _shown(figure):
    text = str(figure)
    return int(text.replace(",", "")) if text[:1].isdigit() else None


def test_who_fits_total_less_the_listed_prisons_does_not_give_a_small_prison(client, nfn, case):
    """Issue 12: 6 fit at HMP Norwich and 3 at HMP Wayland. Before, the total 9 less Norwich's 6 gave
    Wayland's 3, shown as "fewer than 5". Now the total is the sum of the prisons' rounded counts."""
    for _ in range(5):
        CaseFactory(release_area="NR3", discharge_date=case.discharge_date)
    for _ in range(3):
        CaseFactory(prison=org("WLI"), release_area="E1", discharge_date=case.discharge_date)
    anywhere = OpportunityFactory(national=True, postcode="", outcode="")
    client.force_login(nfn)
    result = client.get(f"/work/opportunities/{anywhere.pk}/matches/").context["result"]
    total = _shown(result["total"])
    listed = [_shown(row["figure"]) for row in result["rows"]]
    difference = total - sum(value for value in listed if value)
    assert difference != 3
    assert difference % 5 == 0
    assert all(value is None or value % 5 == 0 for value in [total, *listed])


def test_who_fits_and_who_leaves_name_the_people_they_showed_in_their_audit_rows(client, lead, case):
    opportunity = OpportunityFactory()
    client.force_login(lead)
    client.get(f"/work/opportunities/{opportunity.pk}/matches/")
    client.get("/work/leaving/")
    for page in ("matches", "leaving"):
        event = AuditEvent.objects.filter(action="employment.matches").order_by("id")[0 if page == "matches" else 1]
        assert list(event.people.values_list("prison_number", flat=True)) == [case.person.prison_number]


def test_the_work_hub_names_the_people_whose_checks_it_showed_in_its_audit_row(client, probation, released_case):
    client.force_login(probation)
    assert released_case.person.family_name.encode() in client.get("/work/").content
    event = AuditEvent.objects.get(action="employment.checks_due.list")
    assert list(event.people.values_list("prison_number", flat=True)) == [released_case.person.prison_number]
