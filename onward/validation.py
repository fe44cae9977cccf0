"""Field-by-field validation for services: gather every problem, then refuse once with all of them.

Services raise Django's ValidationError keyed by field, so forms put each message
on its own field and the API answers 400 with the same keys.
"""

from django.core.exceptions import ValidationError


class FieldErrors:
    def __init__(self):
        self.errors = {}

    def fail(self, field, message):
        self.errors.setdefault(field, []).append(message)

    def raise_any(self):
        if self.errors:
            raise ValidationError(self.errors)
