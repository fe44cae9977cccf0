"""The GOV.UK date input every form shares: whatever is typed in its three boxes, a message on the field, never
a 500 (issue 12: a huge day, month or year crashed the date arithmetic)."""

from datetime import date

import pytest
from django import forms as django_forms

from onward.pages.govuk_forms import DateField


def cleaned(day, month, year, **options):
    return DateField(label="Date of the appointment", **options).clean([day, month, year])


@pytest.mark.parametrize(
    ("day", "month", "year"),
    [
        ("9" * 30, "1", "2026"),
        ("1", "9" * 30, "2026"),
        ("1", "1", "9" * 30),
        ("999", "1", "2026"),
        ("1", "100", "2026"),
        ("0", "1", "2026"),
        ("1", "0", "2026"),
        ("1", "13", "2026"),
        ("32", "1", "2026"),
        ("²", "1", "2026"),
        ("1", "1", "٢٠٢٦"),
        ("-1", "1", "2026"),
        ("1", "1", "0000"),
    ],
)
def test_a_day_month_or_year_out_of_range_is_not_a_real_date(day, month, year):
    with pytest.raises(django_forms.ValidationError) as refused:
        cleaned(day, month, year)
    assert refused.value.messages == ["Date of the appointment must be a real date"]


@pytest.mark.parametrize(("day", "month", "year"), [("31", "12", "9999"), ("1", "1", "2200"), ("31", "12", "1899")])
def test_a_year_outside_onwards_calendar_is_refused_by_name(day, month, year):
    with pytest.raises(django_forms.ValidationError) as refused:
        cleaned(day, month, year)
    assert refused.value.messages == ["Date of the appointment must be between 1900 and 2199"]


@pytest.mark.parametrize(
    ("parts", "day"),
    [
        (("1", "1", "1900"), date(1900, 1, 1)),
        (("31", "12", "2199"), date(2199, 12, 31)),
        ((" 07", "03 ", "2026"), date(2026, 3, 7)),
    ],
)
def test_the_ends_of_the_calendar_and_padded_parts_are_real_dates(parts, day):
    assert cleaned(*parts) == day
