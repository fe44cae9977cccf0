"""Field-by-field validation for services: gather every problem, then refuse once with all of them.

Services raise Django's ValidationError keyed by field, so forms put each message
on its own field and the API answers 400 with the same keys.
"""

from datetime import date

from django.core.exceptions import ValidationError

# The days Onward reckons with, for every date any form or endpoint takes. The services judge what is
# plausible for each date; these bounds only keep a day at the calendar's very end (9999-12-31) from
# overflowing the release-day and touchpoint arithmetic, and a huge day, month or year from reaching it.
FIRST_DAY, LAST_DAY = date(1900, 1, 1), date(2199, 12, 31)


class FieldErrors:
    def __init__(self):
        self.errors = {}

    def fail(self, field, message):
        self.errors.setdefault(field, []).append(message)

    def raise_any(self):
        if self.errors:
            raise ValidationError(self.errors)
