"""Work, as the prison employment lead at HMP Norwich: an employer and a vacancy near Norwich, who fits and why,
an application through to a job offer, and the 6-week check of someone who left with a job. Then New Futures
Network's counts-only view and the district's labour market information."""

from datetime import date, timedelta

import pytest
from playwright.sync_api import Page, expect

from tests_browser.helpers import assert_accessible, sign_in
from tests_browser.test_journey import fill_date

pytestmark = pytest.mark.browser


def open_work(page: Page):
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Work", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Work")


def test_the_prison_employment_lead_finds_work_that_fits_and_follows_it_to_a_lasting_job(
    page: Page, base_url, test_name
):
    today = date.today()
    sign_in(page, base_url, "demo.pel")
    open_work(page)
    assert_accessible(page, f"{test_name}--hub")
    page.get_by_role("link", name="People leaving in the next 12 weeks and the opportunities that fit them").click()
    expect(page.get_by_role("status")).to_contain_text("leave in the next 12 weeks")
    expect(page.get_by_text("Interested in").first).to_be_visible()
    assert_accessible(page, f"{test_name}--leaving")
    open_work(page)

    # An employer near Norwich.
    page.get_by_role("link", name="Employers and engagement with them").click()
    assert_accessible(page, f"{test_name}--employers")
    page.get_by_role("link", name="Add an employer").click()
    page.get_by_role("button", name="Add employer").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter employer name")
    assert_accessible(page, f"{test_name}--employer-error")
    page.get_by_label("Employer name", exact=True).fill("Riverside Packaging (browser test)")
    page.get_by_label("Sector", exact=True).select_option(label="Logistics (including transportation and storage)")
    page.get_by_role("group", name="Local or national?").get_by_label("Local", exact=True).check()
    page.get_by_label("Postcode (optional)", exact=True).fill("NR6 5DP")
    page.get_by_role("button", name="Add employer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Riverside Packaging (browser test)")
    assert_accessible(page, f"{test_name}--employer")
    page.get_by_role("link", name="Add a contact").click()
    page.get_by_label("Email (optional)", exact=True).fill("not an email")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter the contact's name")
    assert_accessible(page, f"{test_name}--contact-error")
    page.get_by_label("Name", exact=True).fill("Siân Okonkwo")
    page.get_by_label("Email (optional)", exact=True).fill("sian@example.com")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("table", name="People to talk to at this employer")).to_contain_text("Siân Okonkwo")

    # A vacancy there; bad pay is explained first.
    page.get_by_role("link", name="Add an opportunity").click()
    assert_accessible(page, f"{test_name}--opportunity-form")
    page.get_by_label("Title", exact=True).fill("Packing operative")
    page.get_by_label("Sector", exact=True).select_option(label="Warehousing and storage")
    page.get_by_label("Workplace postcode", exact=True).fill("NR6 5DP")
    page.get_by_label("Pay in pounds (optional)", exact=True).fill("lots")
    page.get_by_role("button", name="Add opportunity").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter the pay as an amount")
    assert_accessible(page, f"{test_name}--opportunity-error")
    page.get_by_label("Pay in pounds (optional)", exact=True).fill("11.90")
    page.get_by_label("Pay period", exact=True).select_option(label="Per hour")
    fill_date(page, "Closing date (optional)", today + timedelta(days=30))
    page.get_by_role("button", name="Add opportunity").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Packing operative")
    assert_accessible(page, f"{test_name}--opportunity")

    # Who leaving HMP Norwich in the next 12 weeks fits, and why; a wrong radius is explained.
    page.get_by_role("link", name="Who fits this opportunity").click()
    expect(page.get_by_role("status")).to_contain_text("leaving in the next 12 weeks")
    expect(page.get_by_text("Interested in warehousing and storage").first).to_be_visible()
    assert_accessible(page, f"{test_name}--who-fits")
    page.get_by_text("other people do not fit").click()
    assert_accessible(page, f"{test_name}--who-does-not-fit")
    page.get_by_label("Distance in miles", exact=True).fill("far")
    page.get_by_role("button", name="Show matches").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter the distance as a whole number of miles")
    assert_accessible(page, f"{test_name}--who-fits-error")
    page.get_by_label("Distance in miles", exact=True).fill("15")
    page.get_by_role("button", name="Show matches").click()
    fits_table = page.get_by_role("table", name="People who fit, soonest release first, and why")
    person_link = fits_table.get_by_role("link").first
    person_name = person_link.inner_text()
    person_link.click()

    # The person's work page: profile, matches with reasons, labour market beside the release area.
    expect(page.get_by_role("heading", level=1)).to_have_text("Work")
    expect(page.get_by_text("Work near the release area")).to_be_visible()
    assert_accessible(page, f"{test_name}--case-work")
    page.get_by_role("link", name="Record an application for Packing operative").click()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter the date")
    assert_accessible(page, f"{test_name}--application-error")
    fill_date(page, "Date of the application", today)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert")).to_contain_text("Application recorded")
    applications = page.get_by_role("table", name="Applications and their history")
    expect(applications).to_contain_text("Application made")

    # Through the pipeline to a job offer, with its start date.
    applications.get_by_role("link", name="Update Packing operative").click()
    page.get_by_label("Interview booked", exact=True).check()
    fill_date(page, "Date", today)
    page.get_by_role("button", name="Save").click()
    applications = page.get_by_role("table", name="Applications and their history")
    expect(applications).to_contain_text("Interview booked")
    applications.get_by_role("link", name="Update Packing operative").click()
    page.get_by_label("Job offer", exact=True).check()
    fill_date(page, "Date", today)
    fill_date(page, "Job start date (with a job offer)", today - timedelta(days=1))
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert")).to_contain_text("The job cannot start before it was offered")
    assert_accessible(page, f"{test_name}--update-error")
    page.get_by_label("Job offer", exact=True).check()
    fill_date(page, "Job start date (with a job offer)", today + timedelta(days=14))
    page.get_by_role("button", name="Save").click()
    applications = page.get_by_role("table", name="Applications and their history")
    expect(applications).to_contain_text("Job offer")
    expect(applications).to_contain_text("Starts")
    assert_accessible(page, f"{test_name}--job-offer")
    assert person_name

    # Someone who left HMP Norwich with a job offer weeks ago: their 6-week check says they are still in work.
    open_work(page)
    due = page.get_by_role("table", name="People whose 6-week or 6-month employment check is due")
    due.get_by_role("row").filter(has_text="Broadland Logistics (demo)").get_by_role("link").first.click()
    page.get_by_role("link", name="Record an employment check").click()
    assert_accessible(page, f"{test_name}--check-form")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert")).to_contain_text("Choose what the person is doing now")
    assert_accessible(page, f"{test_name}--check-error")
    page.get_by_role("group", name="What is the person doing now?").get_by_label("Employed", exact=True).check()
    fill_date(page, "Date of the check", today)
    page.get_by_label("The job (optional)", exact=True).select_option(index=1)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert")).to_contain_text("Employment check recorded")
    expect(page.locator("#checks ~ dl").first).to_contain_text("Employed, Broadland Logistics (demo)")
    assert_accessible(page, f"{test_name}--checked")


def test_new_futures_network_sees_who_fits_only_as_counts(page: Page, base_url, test_name):
    sign_in(page, base_url, "demo.nfn")
    open_work(page)
    page.get_by_role("link", name="Opportunities: vacancies").click()
    assert_accessible(page, f"{test_name}--opportunities")
    page.get_by_role("link", name="Warehouse operative").click()
    page.get_by_role("link", name="Who fits this opportunity").click()
    expect(page.get_by_text("Counts are rounded to the nearest 5")).to_be_visible()
    assert_accessible(page, f"{test_name}--counts")


def test_the_partnership_manager_shares_labour_market_information(page: Page, base_url, test_name):
    sign_in(page, base_url, "demo.pm")
    open_work(page)
    page.get_by_role("link", name="Update the information for East Anglia (demo)").click()
    page.get_by_label("Summary", exact=True).fill("")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter a summary of the local labour market")
    assert_accessible(page, f"{test_name}--error")
    page.get_by_label("Summary", exact=True).fill("Care homes around Norwich are recruiting night staff.")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert")).to_contain_text("Labour market information saved")
    assert_accessible(page, f"{test_name}--saved")
