"""Made-up people in HMPPS's shapes, dated from today so the tests keep working."""

from datetime import date, timedelta

from onward.feed import fake_hmpps

TODAY = date.today()


def document(number, **overrides):
    """Someone sentenced to a year, received 90 days ago, due out in about 3 months (a Wednesday)."""
    reception = TODAY - timedelta(days=90)
    release = _wednesday_after(TODAY + timedelta(days=90))
    values = {
        "first_name": "ADA",
        "last_name": "FEEDTEST",
        "reception": reception,
        "sentence_start": reception,
        "sentence_expiry": reception + timedelta(days=364),
        "conditional_release": release,
    }
    return fake_hmpps.prisoner_document(number, **(values | overrides))


def _wednesday_after(day):
    return day + timedelta(days=(2 - day.weekday()) % 7)


def wednesday_after(day):
    return _wednesday_after(day)
