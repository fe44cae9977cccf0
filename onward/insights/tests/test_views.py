import csv
import io
from datetime import date, timedelta

import pytest
from openpyxl import load_workbook

from onward.accounts.constants import Role
from onward.accounts.tests.factories import user_for
from onward.cases.constants import CaseStatus
from onward.cases.tests.factories import CaseFactory, PersonFactory
from onward.estate.models import Organisation
from onward.insights.periods import Quarter
from onward.partnerships.tests.factories import local_agreement

pytestmark = pytest.mark.django_db

LAST_QUARTER = Quarter.containing(date.today()).previous()


@pytest.fixture
def releases():
    """Releases last quarter: 12 from HMP Norwich (some named so we can look for leaks), 3 from HMP Wayland."""
    day = LAST_QUARTER.start + timedelta(days=10)
    norwich, wayland = Organisation.objects.get(code="NWI"), Organisation.objects.get(code="WLI")
    jobcentre = Organisation.objects.get(code="JCNORW")
    for n in range(12):
        CaseFactory(
            prison=norwich,
            status=CaseStatus.RELEASED,
            discharge_date=day,
            handed_over_to=jobcentre,
            has_bank_account=n < 9,
            person=PersonFactory(family_name="Nameshouldnotshow", female=n < 2),
        )
    for _ in range(3):
        CaseFactory(prison=wayland, status=CaseStatus.RELEASED, discharge_date=day)


@pytest.fixture
def board(client):
    client.force_login(user_for(Role.PARTNERSHIP_BOARD, "national"))
    return client


def test_the_board_sees_national_measures_by_quarter_without_names(board, releases):
    response = board.get("/measures/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "Measures: England and Wales" in content
    assert LAST_QUARTER.label in content
    assert "Nameshouldnotshow" not in content
    assert "<svg" in content and 'aria-hidden="true"' in content
    assert "/measures/how-computed/releases/" in content
    assert ">15<" in content.replace(" ", "")


def test_a_prison_dashboard_shows_national_beside_it_and_hides_what_subtraction_reveals(board, releases):
    content = board.get("/measures/", {"org": "NWI", "period": str(LAST_QUARTER)}).content.decode()
    assert "Measures: HMP &amp; YOI Norwich" in content or "Norwich" in content
    assert "National rate" in content
    # Nobody had ID recorded: a rounded 0 reads "fewer than 5", and its rate says so without a percentage.
    assert "not shown" not in content
    assert "fewer than 5" in content
    assert "worked out from the rounded counts" in content


def test_month_switch_lists_months(board, releases):
    response = board.get("/measures/", {"by": "month"})
    assert response.status_code == 200
    month_text = (date.today().replace(day=1) - timedelta(days=1)).strftime("%B %Y")
    assert month_text in response.content.decode()


@pytest.mark.parametrize("period", ["2026-Q9", "nonsense", "1999-Q1", "2999-Q1", "ü" * 5000, "2026-13", "2020-Q1"])
def test_a_bad_period_is_a_field_error_not_a_crash(board, period):
    response = board.get("/measures/", {"period": period})
    assert response.status_code == 400
    assert "Select a period from the list" in response.content.decode()
    assert "govuk-error-summary" in response.content.decode()


@pytest.mark.parametrize("org", ["NOPE", "x" * 5000, "JCNORW", "N56NOSU", "<script>"])
def test_an_unknown_organisation_is_a_field_error(board, org):
    response = board.get("/measures/", {"org": org})
    assert response.status_code == 400
    assert "Select an organisation from the list" in response.content.decode()
    assert "<script>" not in response.content.decode()


def test_an_organisation_holding_a_nul_byte_is_refused_by_the_input_guard(board):
    response = board.get("/measures/", {"org": "NWI\x00"})
    assert response.status_code == 400
    assert ("org", "This must not contain control characters such as NUL") in response.context["problems"]


def test_a_district_manager_sees_their_district_and_not_another(client, releases):
    client.force_login(user_for(Role.PARTNERSHIP_MANAGER, "DWPEAN"))
    response = client.get("/measures/")
    assert response.status_code == 200
    assert "East Anglia" in response.content.decode()
    assert client.get("/measures/", {"org": "NWI"}).status_code == 400
    assert client.get("/measures/", {"org": "national"}).status_code == 200
    assert client.get("/measures/compare/").status_code == 403


def test_prison_staff_see_their_own_prison_only(client, releases):
    client.force_login(user_for(Role.PRISON_WORK_COACH, "NWI"))
    content = client.get("/measures/").content.decode()
    assert "Norwich" in content and "Nameshouldnotshow" not in content
    assert client.get("/measures/", {"org": "WLI"}).status_code == 400


@pytest.mark.parametrize(
    ("role", "org"),
    [(Role.PROBATION_PRACTITIONER, "N56NOSU"), (Role.JOBCENTRE_WORK_COACH, "JCNORW")],
)
def test_roles_without_measures_are_refused(client, role, org):
    client.force_login(user_for(role, org))
    assert client.get("/measures/").status_code == 403
    assert client.get("/measures/download.csv").status_code == 403
    assert client.get("/measures/how-computed/releases/").status_code == 403


def test_signed_out_people_are_sent_to_sign_in(client):
    response = client.get("/measures/")
    assert response.status_code == 302


def test_compare_defaults_to_the_four_signed_prisons(board, releases):
    response = board.get("/measures/compare/")
    assert response.status_code == 200
    content = response.content.decode()
    for name in ("Wayland", "Hollesley Bay", "Norwich", "Rochester", "England and Wales"):
        assert name in content
    assert "Nameshouldnotshow" not in content


def test_compare_refuses_too_many_or_none(board):
    codes = ["WLI", "HBI", "NWI", "RCI", "BAI", "ACI", "AGI"]
    response = board.get("/measures/compare/", {"org": codes, "period": str(LAST_QUARTER)})
    assert response.status_code == 400
    assert "no more than 6" in response.content.decode()
    response = board.get("/measures/compare/", {"org": ["XXX"], "period": str(LAST_QUARTER)})
    assert response.status_code == 400


def test_csv_download_has_the_rounded_figures(board, releases):
    response = board.get("/measures/download.csv", {"org": "NWI", "period": str(LAST_QUARTER)})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][0] == "Organisation"
    releases_row = next(row for row in rows if row[2] == "Releases" and row[3] == "Everyone")
    # 12 releases, 2 of them women: rounded to 10 or 15, and to "fewer than 5" or 5; never 12 or 2.
    assert releases_row[4] in {"10", "15"}
    women = next(row for row in rows if row[2] == "Releases" and row[3] == "Women")
    others = next(row for row in rows if row[2] == "Releases" and row[3] == "Not women")
    assert women[4] in {"fewer than 5", "5"}
    assert int(releases_row[4]) == (0 if women[4] == "fewer than 5" else 5) + int(others[4])
    assert "Rate (from rounded counts) or count" in rows[0]
    assert "Nameshouldnotshow" not in response.content.decode()


def test_xlsx_downloads_open_as_workbooks(board, releases):
    for url in ("/measures/download.xlsx", "/measures/compare/download.xlsx"):
        response = board.get(url)
        assert response.status_code == 200
        sheet = load_workbook(io.BytesIO(response.content)).active
        assert sheet["A2"].value == "Organisation"
        assert sheet.max_row > 10


@pytest.mark.parametrize("name", ['=HYPERLINK("http://evil","Click")', "+1+1", "-2", "@SUM(A1)"])
def test_the_measures_xlsx_never_holds_a_live_formula(board, releases, name):
    Organisation.objects.filter(code="NWI").update(name=name)
    for url in ("/measures/download.xlsx", "/measures/compare/download.xlsx"):
        book = load_workbook(io.BytesIO(board.get(url, {"org": "NWI", "period": str(LAST_QUARTER)}).content))
        cells = [cell for sheet in book for row in sheet.iter_rows() for cell in row if cell.value is not None]
        assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
        named = [cell for cell in cells if str(cell.value).startswith(name)]
        assert named
        assert all(cell.data_type == "s" and cell.quotePrefix for cell in named)


def test_unknown_download_format_is_not_found(board):
    assert board.get("/measures/download.pdf").status_code == 404
    assert board.get("/measures/download.csv", {"period": "junk"}).status_code == 400


def test_how_computed_pages_come_from_the_catalogue(board):
    index = board.get("/measures/how-computed/").content.decode()
    assert "Warm handovers accepted on time" in index
    page = board.get("/measures/how-computed/pre-release-support/", {"back": "https://evil.example/"})
    content = page.content.decode()
    assert "12 weeks before" in content
    assert "evil.example" not in content
    assert board.get("/measures/how-computed/no-such-measure/").status_code == 404


def test_the_board_home_page_still_works(board, releases):
    assert board.get("/").status_code == 200


def test_navigation_offers_measures_to_the_board(board):
    assert 'href="/measures/"' in board.get("/").content.decode()


def test_compare_with_nothing_ticked_asks_for_an_organisation(board):
    response = board.get("/measures/compare/", {"period": str(LAST_QUARTER), "by": "quarter"})
    assert response.status_code == 400
    assert "Select at least one organisation to compare" in response.content.decode()


def test_pages_say_how_counts_are_rounded_and_rates_worked_out(board, releases):
    for url in ("/measures/", "/measures/compare/", "/measures/how-computed/releases/"):
        content = board.get(url).content.decode()
        assert "rounded to the nearest 5" in content
        assert "worked out by subtraction" in content
        assert "Rates are worked out from the rounded counts" in content


def test_the_dashboard_counts_local_agreements_in_force_and_meetings_held(board):

    local_agreement("NWI", today=LAST_QUARTER.start)
    content = board.get("/measures/", {"period": str(LAST_QUARTER)}).content.decode()
    prisons = Organisation.objects.filter(kind="prison", active=True).count()
    assert f'id="coverage-in-force">1 of {prisons}<' in content
    assert 'id="coverage-met">0 of 1 agreements in force<' in content
    # Employer engagement sees the figures but not the link to agreements it may not open.
    board.force_login(user_for(Role.EMPLOYER_ENGAGEMENT, "national"))
    content = board.get("/measures/", {"period": str(LAST_QUARTER)}).content.decode()
    assert "coverage-in-force" in content and "/partnerships/" not in content
