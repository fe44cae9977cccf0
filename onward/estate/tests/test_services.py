import shutil

import pytest

from onward.estate.constants import OrganisationKind, Source
from onward.estate.models import JobcentreArea, Organisation
from onward.estate.services import REFERENCE_DIR, estate_load

pytestmark = pytest.mark.django_db


def test_loads_real_prisons_probation_and_the_labelled_demo_directory():
    norwich = Organisation.objects.get(code="NWI")
    assert norwich.kind == OrganisationKind.PRISON
    assert norwich.name == "HMP & YOI Norwich"
    assert norwich.postcode == "NR1 4LU"
    assert norwich.prison.operator == "PSP"
    assert Organisation.objects.get(code="N56NOSU").parent.code == "N56"
    east_anglia = Organisation.objects.get(code="DWPEAN")
    assert east_anglia.source == Source.DEMO_DIRECTORY
    assert "(demo)" in east_anglia.name
    assert JobcentreArea.objects.filter(jobcentre__code="JCNORW", district="NR1").exists()


def test_only_active_adult_prisons_are_loaded():
    assert not Organisation.objects.filter(code="WYI").exists()  # Wetherby, youth custody
    assert not Organisation.objects.filter(code="AKI").exists()  # Acklington, closed
    assert Organisation.objects.filter(kind=OrganisationKind.PRISON, active=True).count() == 117


def test_loading_again_changes_nothing():
    report = estate_load()
    assert not report.changed
    assert all(outcome == "unchanged" for (_, outcome), n in report.counts.items() if n)


def test_a_changed_source_file_is_reported_and_applied(tmp_path):
    shutil.copytree(REFERENCE_DIR, tmp_path, dirs_exist_ok=True)
    prisons = (tmp_path / "prisons.csv").read_text(encoding="utf-8")
    (tmp_path / "prisons.csv").write_text(
        prisons.replace("Norwich (HMP & YOI)", "Norwich Renamed (HMP & YOI)"), encoding="utf-8"
    )
    report = estate_load(reference_dir=tmp_path)
    assert report.counts[("prison", "updated")] == 1
    assert Organisation.objects.get(code="NWI").name == "HMP & YOI Norwich Renamed"


def test_a_prison_gone_from_the_register_is_deactivated_not_deleted(tmp_path):
    shutil.copytree(REFERENCE_DIR, tmp_path, dirs_exist_ok=True)
    lines = (tmp_path / "prisons.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    (tmp_path / "prisons.csv").write_text(
        "".join(line for line in lines if not line.startswith("HBI,")), encoding="utf-8"
    )
    report = estate_load(reference_dir=tmp_path)
    assert report.counts[("prison", "deactivated")] == 1
    assert Organisation.objects.get(code="HBI").active is False


def test_a_directory_with_an_unknown_postcode_district_changes_nothing(tmp_path):
    directory = tmp_path / "directory.csv"
    directory.write_text(
        "code,kind,name,parent_code,town,serves\nJCX,jobcentre,X Jobcentre,DWPEAN,X,NR1 ZZ99\n", encoding="utf-8"
    )
    with pytest.raises(ValueError, match="ZZ99"):
        estate_load(directory_path=directory)
    assert not Organisation.objects.filter(code="JCX").exists()
