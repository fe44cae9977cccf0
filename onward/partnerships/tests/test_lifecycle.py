from datetime import date, timedelta
from types import SimpleNamespace

from hypothesis import given
from hypothesis import strategies as st

from onward.partnerships.constants import AgreementStatus
from onward.partnerships.lifecycle import VersionDates, expiry_warning, review_warning, version_status
from onward.partnerships.selectors import _version_dates

SIGNED = VersionDates(AgreementStatus.SIGNED, date(2025, 4, 1))


def test_a_draft_is_never_in_force():
    answer = version_status(VersionDates(AgreementStatus.DRAFT, date(2020, 1, 1)), on=date(2026, 1, 1))
    assert answer.status == AgreementStatus.DRAFT
    assert "Not signed" in answer.why


def test_signed_before_its_date_then_in_force():
    assert version_status(SIGNED, on=date(2025, 3, 31)).status == AgreementStatus.SIGNED
    answer = version_status(SIGNED, on=date(2025, 4, 1))
    assert answer.status == AgreementStatus.IN_FORCE
    assert answer.why == "In force since 1 April 2025."


def test_under_review_is_still_in_force():
    answer = version_status(VersionDates(AgreementStatus.UNDER_REVIEW, date(2025, 4, 1)), on=date(2026, 1, 1))
    assert answer.status == AgreementStatus.UNDER_REVIEW


def test_superseded_from_the_day_the_next_version_takes_effect():
    version = VersionDates(AgreementStatus.SIGNED, date(2025, 4, 1), superseded_from=date(2026, 4, 1))
    assert version_status(version, on=date(2026, 3, 31)).status == AgreementStatus.IN_FORCE
    assert version_status(version, on=date(2026, 4, 1)).status == AgreementStatus.SUPERSEDED


def test_expired_the_day_after_it_ends():
    version = VersionDates(AgreementStatus.SIGNED, date(2025, 4, 1), ends_on=date(2026, 12, 31))
    assert version_status(version, on=date(2026, 12, 31)).status == AgreementStatus.IN_FORCE
    assert version_status(version, on=date(2027, 1, 1)).status == AgreementStatus.EXPIRED


@given(
    start=st.dates(date(2023, 1, 1), date(2027, 1, 1)),
    later=st.one_of(st.none(), st.integers(0, 800)),
    ends=st.one_of(st.none(), st.integers(0, 800)),
    on=st.dates(date(2022, 1, 1), date(2030, 1, 1)),
)
def test_status_is_in_force_exactly_between_its_dates(start, later, ends, on):
    version = VersionDates(
        AgreementStatus.SIGNED,
        start,
        ends_on=start + timedelta(days=ends) if ends is not None else None,
        superseded_from=start + timedelta(days=later) if later is not None else None,
    )
    in_force = (
        start <= on
        and (version.ends_on is None or on <= version.ends_on)
        and (version.superseded_from is None or on < version.superseded_from)
    )
    assert (version_status(version, on=on).status == AgreementStatus.IN_FORCE) == in_force


def test_the_national_agreement_warns_within_90_days_of_its_end():
    ends = date(2026, 12, 31)
    assert expiry_warning(ends_on=ends, today=date(2026, 10, 1)) is None
    warning = expiry_warning(ends_on=ends, today=date(2026, 11, 22))
    assert warning.days == 39
    assert "31 December 2026, in 39 days" in warning.text


def test_no_warning_once_a_successor_is_recorded():
    assert expiry_warning(ends_on=date(2026, 12, 31), today=date(2026, 11, 22), has_successor=True) is None


def test_an_ended_agreement_with_nothing_after_it_says_so():
    warning = expiry_warning(ends_on=date(2026, 12, 31), today=date(2027, 1, 5))
    assert "ended on 31 December 2026" in warning.text


def test_review_reminders():
    assert review_warning(review_on=None, today=date(2026, 11, 22)) is None
    assert "overdue" in review_warning(review_on=date(2026, 11, 1), today=date(2026, 11, 22)).text
    assert review_warning(review_on=date(2026, 12, 15), today=date(2026, 11, 22)).days == 23


@given(
    versions=st.lists(
        st.tuples(st.sampled_from(["draft", "signed", "under-review"]), st.dates(date(2023, 1, 1), date(2027, 1, 1))),
        min_size=1,
        max_size=6,
    ),
    on=st.dates(date(2022, 6, 1), date(2027, 6, 1)),
)
def test_at_most_one_version_is_in_force_on_any_day_and_it_is_the_latest_to_take_effect(versions, on):

    rows = [
        SimpleNamespace(number=n + 1, recorded_status=s, effective_from=d, ends_on=None)
        for n, (s, d) in enumerate(versions)
    ]
    in_force = [
        row for row in rows if version_status(_version_dates(row, rows), on=on).status in ("in-force", "under-review")
    ]
    assert len(in_force) <= 1
    started = [row for row in rows if row.recorded_status != "draft" and row.effective_from <= on]
    if in_force:
        # No later version has taken effect by then.
        assert not any(
            row.number > in_force[0].number and row.recorded_status != "draft" and row.effective_from <= on
            for row in rows
        )
        assert in_force[0] in started
