"""Plain-words explanations of derived dates, for pages and the API."""

from django.utils.translation import gettext as _

from onward.journey.release_days import discharge_day, long_date


def discharge_explanation(case):
    """Why the case has the discharge date it has, in words a work coach can read."""
    if case.actual_discharge_date:
        return _("Released %(day)s (the actual discharge date recorded by the prison)") % {
            "day": long_date(case.actual_discharge_date)
        }
    if not (case.release_date and case.custodial_term_days):
        return _("No release date yet: the person is on remand or the sentence is not recorded")
    return discharge_day(
        release_date=case.release_date,
        custodial_term_days=case.custodial_term_days,
        sentence_date=case.sentence_date,
        release_type=case.release_type,
        indeterminate_sentence=case.indeterminate_sentence,
        extra_day_requested=case.extra_day_requested,
    ).explanation
