"""The shapes of identifiers on a case, checked the same way by forms and the API."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

PRISON_NUMBER = re.compile(r"^[A-Z][0-9]{4}[A-Z]{2}$")
# HMRC's published rules: two prefix letters (neither D, F, I, Q, U or V; the
# second not O; some pairs never issued), six digits, suffix A to D.
NI_NUMBER = re.compile(r"^(?!BG|GB|KN|NK|NT|TN|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z][0-9]{6}[A-D]$")


def normalise_prison_number(value):
    return re.sub(r"\s+", "", value or "").upper()


def normalise_ni_number(value):
    return re.sub(r"\s+", "", value or "").upper()


def validate_prison_number(value):
    if not PRISON_NUMBER.match(value or ""):
        raise ValidationError(
            _("Enter a prison number in the right format: a letter, four numbers and two letters, like A1234BC"),
            code="invalid",
        )


def validate_ni_number(value):
    if value and not NI_NUMBER.match(value):
        raise ValidationError(
            _("Enter a National Insurance number in the right format, like AB 12 34 56 C"),
            code="invalid",
        )
