import pytest
from django.core.exceptions import ValidationError

from onward.partnerships.models import FacilityEvidence, NationalAgreementVersion, ServiceLevel
from onward.partnerships.tests.factories import local_agreement, manager

pytestmark = pytest.mark.django_db


def test_every_part_of_a_version_is_written_once():
    version = local_agreement(
        actor=manager(),
        service_levels=[{"code": "warm-handover", "which": "opens", "anchor": "D", "working_days": -15}],
    )
    for row in (
        version,
        version.contacts.first(),
        FacilityEvidence.objects.filter(version=version).first(),
        ServiceLevel.objects.get(version=version),
        NationalAgreementVersion.objects.get(number=1),
    ):
        with pytest.raises(ValidationError, match="record a new version"):
            row.save()


def test_versions_read_as_what_they_are():
    version = local_agreement(actor=manager())
    assert str(version) == "HMP & YOI Norwich version 1"
    assert str(version.contacts.first()) == "Maya Ellison (Prison work coach team leader)"
    assert "version 1" in str(NationalAgreementVersion.objects.get(number=1))
