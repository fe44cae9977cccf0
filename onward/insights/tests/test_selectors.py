from datetime import date, timedelta

import pytest

from onward.accounts.constants import Role
from onward.accounts.tests.factories import user_for
from onward.cases.tests.factories import CaseFactory, PersonFactory
from onward.estate.models import Organisation
from onward.insights import selectors

pytestmark = pytest.mark.django_db


@pytest.fixture
def releases():
    soon = date.today() + timedelta(days=20)
    for _ in range(3):
        CaseFactory(discharge_date=soon)
    wayland = Organisation.objects.get(code="WLI")
    for _ in range(6):
        CaseFactory(prison=wayland, discharge_date=soon, person=PersonFactory(family_name="Nameshouldnotshow"))


def test_national_figures_count_everything_and_suppress_small_prisons(releases):
    board = user_for(Role.PARTNERSHIP_BOARD, "national")
    figures = selectors.organisation_figures(user=board)
    assert figures["in_custody"].shown == 9
    rows = {row["prison"].code: row for row in selectors.prisons_by_releases()}
    assert rows["WLI"]["releasing_soon"].shown == 6
    assert rows["NWI"]["releasing_soon"].suppressed
    assert str(rows["NWI"]["in_custody"]) == "fewer than 5"


def test_a_prison_partnership_manager_sees_only_their_prison_and_small_counts_hidden(releases):
    manager = user_for(Role.PARTNERSHIP_MANAGER, "NWI")
    figures = selectors.organisation_figures(user=manager)
    assert figures["in_custody"].suppressed


def test_board_home_page_shows_totals_but_never_a_name(client, releases):
    client.force_login(user_for(Role.PARTNERSHIP_BOARD, "national"))
    content = client.get("/").content.decode()
    assert "fewer than 5" in content
    assert "HMP Wayland" in content
    assert "Nameshouldnotshow" not in content
