"""The Prisoner Search client against the fake HMPPS Auth and Prisoner Search."""

import socket
from concurrent.futures import ThreadPoolExecutor

import pytest

from onward.feed.fake_hmpps import FakeHmpps, prisoner_document
from onward.feed.prisoner_search import TOKEN_MARGIN_SECONDS, PrisonerSearch, PrisonerSearchUnavailable


def client_for(fake, **overrides):
    values = {
        "auth_url": fake.url,
        "search_url": fake.url,
        "client_id": fake.client_id,
        "client_secret": fake.client_secret,
        "timeout": 2.0,
    }
    return PrisonerSearch(**(values | overrides))


@pytest.fixture
def fake():
    with FakeHmpps() as server:
        server.put(prisoner_document("A1234BC"))
        yield server


def test_one_token_is_fetched_and_reused_for_every_call(fake):
    with client_for(fake) as search:
        for _ in range(5):
            assert search.prisoner("A1234BC")["prisonerNumber"] == "A1234BC"
    assert fake.token_requests == 1


def test_threads_calling_at_once_share_one_token(fake):
    with client_for(fake) as search, ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(search.prisoner, ["A1234BC"] * 32))
    assert all(answer["prisonerNumber"] == "A1234BC" for answer in answers)
    assert fake.token_requests == 1


def test_a_token_is_renewed_once_it_expires(fake):
    now = [1000.0]
    with client_for(fake, clock=lambda: now[0]) as search:
        search.prisoner("A1234BC")
        now[0] += fake.token_lifetime - TOKEN_MARGIN_SECONDS - 1
        search.prisoner("A1234BC")
        assert fake.token_requests == 1
        now[0] += 2
        search.prisoner("A1234BC")
    assert fake.token_requests == 2


def test_a_token_prisoner_search_refuses_is_replaced_once_and_the_call_goes_through(fake):
    with client_for(fake) as search:
        search.prisoner("A1234BC")
        fake.expire_tokens()
        assert search.prisoner("A1234BC")["prisonerNumber"] == "A1234BC"
    assert fake.token_requests == 2


def test_a_prisoner_prisoner_search_does_not_know_is_none(fake):
    with client_for(fake) as search:
        assert search.prisoner("Z9999ZZ") is None


def test_a_5xx_is_unavailable(fake):
    fake.outage = True
    with client_for(fake) as search, pytest.raises(PrisonerSearchUnavailable, match="503"):
        search.prisoner("A1234BC")


def test_a_slow_answer_times_out_as_unavailable(fake):
    fake.latency = 1.0
    with client_for(fake, timeout=0.2) as search, pytest.raises(PrisonerSearchUnavailable, match="Timeout"):
        search.prisoner("A1234BC")


def test_nobody_listening_is_unavailable():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{sock.getsockname()[1]}"
    with (
        PrisonerSearch(auth_url=url, search_url=url, client_id="a", client_secret="b", timeout=1) as search,
        pytest.raises(PrisonerSearchUnavailable, match="HMPPS Auth did not answer"),
    ):
        search.prisoner("A1234BC")


def test_hmpps_auth_down_or_refusing_is_unavailable(fake):
    with client_for(fake, client_secret="wrong") as search, pytest.raises(PrisonerSearchUnavailable, match="401"):
        search.prisoner("A1234BC")
    fake.auth_outage = True
    with client_for(fake) as search, pytest.raises(PrisonerSearchUnavailable, match="503"):
        search.prisoner("A1234BC")


def test_not_configured_is_unavailable_without_a_call():
    with PrisonerSearch(auth_url="", search_url="", client_id="", client_secret="") as search:
        assert not search.configured
        with pytest.raises(PrisonerSearchUnavailable, match="not set"):
            search.prisoner("A1234BC")


def test_a_prisons_prisoners_come_page_by_page_and_the_released_are_not_listed(fake):
    for n in range(5):
        fake.put(prisoner_document(f"B{n:04d}BC", prison="WLI"))
    fake.put(prisoner_document("C0001BC", prison="WLI", status="INACTIVE OUT"))
    with client_for(fake) as search:
        numbers = [p["prisonerNumber"] for p in search.prisoners_in_prison("WLI", page_size=2)]
    assert numbers == [f"B{n:04d}BC" for n in range(5)]
    assert fake.requests["prison"] == 3
