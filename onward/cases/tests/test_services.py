from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from onward.accounts.constants import Role
from onward.accounts.system import NOMIS_FEED
from onward.accounts.tests.factories import user_for
from onward.audit.models import AuditEvent
from onward.cases import services
from onward.cases.constants import CaseStatus, LegalStatus
from onward.cases.models import Case, Person, Transfer
from onward.cases.tests.factories import CaseFactory
from onward.concurrency import StaleVersion
from onward.estate.models import Organisation

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 22)


def norwich():
    return Organisation.objects.get(code="NWI")


@pytest.fixture
def coach():
    return user_for(Role.PRISON_WORK_COACH, "NWI")


def worked_example(**overrides):
    """The touchpoints.md worked example: received Monday 2 March 2026, release Wednesday 2 September 2026."""
    values = {
        "prison_number": "A1234BC",
        "given_name": "Jordan",
        "family_name": "Example",
        "date_of_birth": date(1990, 1, 1),
        "reception_date": date(2026, 3, 2),
        "legal_status": LegalStatus.SENTENCED,
        "sentence_date": date(2026, 3, 2),
        "custodial_term_days": 365,
        "release_date": date(2026, 9, 2),
        "claiming_benefits": True,
        "uc_housing_costs": True,
        "employed_at_reception": True,
        "has_bank_account": False,
    }
    return values | overrides


def create(actor, **overrides):
    return services.case_create(actor=actor, prison=norwich(), today=TODAY, **worked_example(**overrides))


def test_create_derives_discharge_date_and_audits_in_the_same_transaction(coach):
    case = create(coach)
    assert case.discharge_date == date(2026, 9, 2)
    assert case.expected_discharge_date == date(2026, 9, 2)
    event = AuditEvent.objects.get(action="case.create")
    assert event.prison_number == "A1234BC"
    assert event.actor_username == coach.username
    assert event.actor_role == Role.PRISON_WORK_COACH
    assert event.actor_organisation == "NWI"
    assert event.changes["case"]["release_date"] == "2026-09-02"


def test_friday_release_is_brought_forward_to_thursday(coach):
    case = create(
        coach, release_date=date(2026, 11, 20), sentence_date=date(2026, 5, 22), reception_date=date(2026, 5, 22)
    )
    assert case.discharge_date == date(2026, 11, 19)


def test_prison_number_is_normalised_and_person_reused_on_a_new_episode(coach):
    first = create(coach, prison_number=" a1234bc ")
    services.case_record_discharge(actor=coach, case=first, actual_discharge_date=date(2026, 9, 2), today=TODAY)
    second = create(
        coach,
        prison_number="A1234BC",
        reception_date=date(2026, 10, 1),
        sentence_date=date(2026, 10, 1),
        release_date=date(2027, 4, 1),
    )
    assert first.person_id == second.person_id
    assert Person.objects.count() == 1


def test_a_person_can_have_only_one_open_episode(coach):
    create(coach)
    with pytest.raises(ValidationError) as error:
        create(coach)
    assert "prison_number" in error.value.message_dict
    assert Case.objects.count() == 1


def test_date_of_birth_must_match_the_person_held_for_that_prison_number(coach):
    first = create(coach)
    services.case_record_discharge(actor=coach, case=first, actual_discharge_date=date(2026, 9, 2), today=TODAY)
    with pytest.raises(ValidationError) as error:
        create(
            coach,
            date_of_birth=date(1985, 6, 6),
            reception_date=date(2026, 10, 1),
            sentence_date=date(2026, 10, 1),
            release_date=date(2027, 2, 1),
        )
    assert "date_of_birth" in error.value.message_dict


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"prison_number": "12345"}, "prison_number"),
        ({"prison_number": "AB1234C"}, "prison_number"),
        ({"date_of_birth": date(2010, 1, 1)}, "date_of_birth"),
        ({"date_of_birth": date(2030, 1, 1)}, "date_of_birth"),
        ({"reception_date": date(2027, 1, 1)}, "reception_date"),
        ({"release_date": date(2026, 1, 1)}, "release_date"),
        ({"release_date": None}, "release_date"),
        ({"release_date": date(9999, 12, 31)}, "release_date"),
        ({"sentence_date": date(2200, 1, 1), "release_date": date(2200, 6, 1)}, "release_date"),
        ({"sentence_date": None}, "sentence_date"),
        ({"custodial_term_days": 0}, "custodial_term_days"),
        ({"ni_number": "QQ123456C"}, "ni_number"),
        ({"ni_number": "AB12345"}, "ni_number"),
        ({"given_name": "   "}, "given_name"),
        ({"family_name": "Smith\x00"}, "family_name"),
        ({"release_area": "ZZ99"}, "release_area"),
        ({"legal_status": "escaped"}, "legal_status"),
    ],
)
def test_bad_input_is_refused_field_by_field_and_nothing_is_written(coach, overrides, field):
    with pytest.raises(ValidationError) as error:
        create(coach, **overrides)
    assert field in error.value.message_dict
    assert not Case.objects.exists()
    assert not Person.objects.exists()
    assert not AuditEvent.objects.filter(action="case.create").exists()


def test_remand_needs_no_sentence_and_has_no_discharge_date(coach):
    case = create(
        coach, legal_status=LegalStatus.REMAND, sentence_date=None, custodial_term_days=None, release_date=None
    )
    assert case.discharge_date is None


def test_unicode_names_are_kept(coach):
    case = create(coach, given_name="Siân", family_name="Ó Briain-Łukasz")
    assert case.person.full_name == "Siân Ó Briain-Łukasz"


def test_valid_ni_number_is_stored_without_spaces(coach):
    case = create(coach, ni_number="ab 12 34 56 c")
    assert case.person.ni_number == "AB123456C"


def test_only_staff_in_that_prison_can_create_there(coach):
    outsider = user_for(Role.PRISON_WORK_COACH, "WLI")
    with pytest.raises(PermissionDenied):
        create(outsider)
    probation = user_for(Role.PROBATION_PRACTITIONER, "N56NOSU")
    with pytest.raises(PermissionDenied):
        create(probation)


def test_update_moves_derived_dates_and_records_what_changed(coach):
    case = create(coach)
    updated = services.case_update(
        actor=coach, case=case, changes={"release_date": date(2026, 11, 14), "custodial_term_days": 730}, today=TODAY
    )
    assert updated.discharge_date == date(2026, 11, 12)
    assert updated.version == case.version + 1
    event = AuditEvent.objects.get(action="case.update")
    assert event.changes["release_date"] == ["2026-09-02", "2026-11-14"]
    assert event.changes["discharge_date"] == ["2026-09-02", "2026-11-12"]


def test_update_with_a_stale_version_is_refused(coach):
    case = create(coach)
    services.case_update(
        actor=coach, case=case, changes={"employed_at_reception": False}, expected_version=1, today=TODAY
    )
    with pytest.raises(StaleVersion):
        services.case_update(
            actor=coach, case=case, changes={"has_bank_account": True}, expected_version=1, today=TODAY
        )
    assert Case.objects.get(pk=case.pk).has_bank_account is False


def test_probation_cannot_change_prison_fields(coach):
    case = create(coach, release_area="NR1")
    case.pdu = Organisation.objects.get(code="N56NOSU")
    case.save()
    probation = user_for(Role.PROBATION_PRACTITIONER, "N56NOSU")
    with pytest.raises(ValidationError) as error:
        services.case_update(actor=probation, case=case, changes={"release_date": date(2026, 10, 1)}, today=TODAY)
    assert "release_date" in error.value.message_dict
    services.case_update(actor=probation, case=case, changes={"extra_day_requested": True}, today=TODAY)


def test_extra_day_request_moves_a_friday_release_two_days(coach):
    case = create(
        coach, release_date=date(2026, 11, 20), sentence_date=date(2026, 5, 22), reception_date=date(2026, 5, 22)
    )
    updated = services.case_update(actor=coach, case=case, changes={"extra_day_requested": True}, today=TODAY)
    assert updated.discharge_date == date(2026, 11, 18)


def test_update_that_changes_nothing_writes_nothing(coach):
    case = create(coach)
    services.case_update(actor=coach, case=case, changes={"employed_at_reception": True}, today=TODAY)
    assert not AuditEvent.objects.filter(action="case.update").exists()
    assert Case.objects.get(pk=case.pk).version == 1


def test_transfer_moves_the_case_and_keeps_history(coach):
    case = create(coach)
    moved = services.case_transfer(
        actor=coach,
        case=case,
        to_prison=Organisation.objects.get(code="WLI"),
        transfer_date=date(2026, 4, 1),
        today=TODAY,
    )
    assert moved.prison.code == "WLI"
    transfer = Transfer.objects.get(case=case)
    assert (transfer.from_prison.code, transfer.to_prison.code) == ("NWI", "WLI")
    assert AuditEvent.objects.get(action="case.transfer").changes["prison"] == ["NWI", "WLI"]


@pytest.mark.parametrize(
    ("to_code", "when", "field"),
    [
        ("NWI", date(2026, 4, 1), "to_prison"),
        ("WLI", date(2026, 1, 1), "transfer_date"),
        ("WLI", date(2027, 1, 1), "transfer_date"),
        ("N56NOSU", date(2026, 4, 1), "to_prison"),
    ],
)
def test_transfer_refuses_nonsense(coach, to_code, when, field):
    case = create(coach)
    with pytest.raises(ValidationError) as error:
        services.case_transfer(
            actor=coach, case=case, to_prison=Organisation.objects.get(code=to_code), transfer_date=when, today=TODAY
        )
    assert field in error.value.message_dict
    assert not Transfer.objects.exists()


def test_actual_discharge_wins_over_the_derived_date(coach):
    case = create(coach)
    released = services.case_record_discharge(
        actor=coach, case=case, actual_discharge_date=date(2026, 9, 1), today=TODAY
    )
    assert released.status == CaseStatus.RELEASED
    assert released.discharge_date == date(2026, 9, 1)
    assert released.expected_discharge_date == date(2026, 9, 2)
    with pytest.raises(ValidationError):
        services.case_record_discharge(actor=coach, case=released, actual_discharge_date=date(2026, 9, 1), today=TODAY)


def test_recall_closes_the_episode_and_opens_a_new_one(coach):
    case = create(coach)
    services.case_record_discharge(actor=coach, case=case, actual_discharge_date=date(2026, 9, 2), today=TODAY)
    recall = services.case_recall(
        actor=coach, case=Case.objects.get(pk=case.pk), recall_date=date(2026, 10, 5), prison=norwich(), today=TODAY
    )
    old = Case.objects.get(pk=case.pk)
    assert old.status == CaseStatus.RECALLED
    assert old.recall_date == date(2026, 10, 5)
    assert recall.legal_status == LegalStatus.RECALL
    assert recall.status == CaseStatus.IN_CUSTODY
    assert recall.person_id == case.person_id


def test_recall_before_release_is_refused(coach):
    case = create(coach)
    with pytest.raises(ValidationError):
        services.case_recall(actor=coach, case=case, recall_date=date(2026, 10, 5), prison=norwich(), today=TODAY)


def test_recall_booking_through_create_closes_the_released_episode(coach):
    case = create(coach)
    services.case_record_discharge(actor=coach, case=case, actual_discharge_date=date(2026, 9, 2), today=TODAY)
    create(
        coach,
        legal_status=LegalStatus.RECALL,
        reception_date=date(2026, 10, 5),
        sentence_date=date(2026, 3, 2),
        release_date=date(2027, 3, 1),
    )
    assert Case.objects.get(pk=case.pk).status == CaseStatus.RECALLED


def test_factory_case_is_consistent():
    case = CaseFactory()
    assert case.discharge_date == case.release_date == date(2026, 9, 2)
    assert case.reception_date < case.discharge_date
    assert case.discharge_date - case.reception_date == timedelta(days=184)


# --- the NOMIS feed's actions -----------------------------------------------------


def test_the_nomis_feed_opens_a_case_in_any_prison_and_the_audit_names_it():
    case = create(NOMIS_FEED)
    event = AuditEvent.objects.get(action="case.create", object_id=str(case.pk))
    assert (event.actor_username, event.actor_id, event.actor_role) == ("nomis-feed", None, "")


def test_a_transfer_by_the_feed_stores_no_user():
    case = create(NOMIS_FEED)
    moved = services.case_transfer(
        actor=NOMIS_FEED, case=case, to_prison=Organisation.objects.get(code="WLI"), transfer_date=TODAY
    )
    assert moved.prison.code == "WLI"
    assert Transfer.objects.get(case=case).recorded_by is None


def test_a_merge_renames_a_person_onward_only_knows_by_the_removed_number(coach):
    case = create(coach, prison_number="A1111AA")
    kept = services.person_merge(actor=NOMIS_FEED, removed_prison_number="A1111AA", kept_prison_number="B2222BB")
    case.refresh_from_db()
    assert case.person == kept
    assert kept.prison_number == "B2222BB"
    assert not Person.objects.filter(prison_number="A1111AA").exists()


def test_a_merge_carries_the_removed_numbers_cases_to_the_kept_person(coach):
    old = create(coach, prison_number="A1111AA")
    services.case_record_discharge(actor=coach, case=old, actual_discharge_date=date(2026, 9, 2), today=TODAY)
    kept_case = create(
        coach,
        prison_number="B2222BB",
        reception_date=date(2026, 10, 1),
        sentence_date=date(2026, 10, 1),
        release_date=date(2027, 4, 1),
    )
    kept = services.person_merge(actor=NOMIS_FEED, removed_prison_number="A1111AA", kept_prison_number="B2222BB")
    assert sorted(kept.cases.values_list("pk", flat=True)) == sorted([old.pk, kept_case.pk])
    assert not Person.objects.filter(prison_number="A1111AA").exists()
    assert AuditEvent.objects.filter(action="person.merge", prison_number="B2222BB").exists()


def test_a_merge_of_two_open_episodes_is_refused_and_changes_nothing(coach):
    create(coach, prison_number="A1111AA")
    create(coach, prison_number="B2222BB")
    with pytest.raises(ValidationError) as error:
        services.person_merge(actor=NOMIS_FEED, removed_prison_number="A1111AA", kept_prison_number="B2222BB")
    assert "removed_prison_number" in error.value.message_dict
    assert Person.objects.filter(prison_number="A1111AA").exists()


def test_a_merge_of_a_number_onward_never_held_changes_nothing(coach):
    assert (
        services.person_merge(actor=NOMIS_FEED, removed_prison_number="Z9999ZZ", kept_prison_number="B2222BB") is None
    )


def test_only_nomis_or_an_administrator_merges_prison_numbers(coach):
    create(coach, prison_number="A1111AA")
    with pytest.raises(PermissionDenied):
        services.person_merge(actor=coach, removed_prison_number="A1111AA", kept_prison_number="B2222BB")
    admin = user_for(Role.ADMINISTRATOR, "national")
    assert services.person_merge(actor=admin, removed_prison_number="A1111AA", kept_prison_number="B2222BB")


def test_a_merge_needs_two_different_well_formed_numbers(coach):
    with pytest.raises(ValidationError) as error:
        services.person_merge(actor=NOMIS_FEED, removed_prison_number="nonsense", kept_prison_number="nonsense")
    assert set(error.value.message_dict) == {"removed_prison_number", "kept_prison_number"}


def test_movements_on_a_stale_version_are_refused_on_the_locked_row(coach):
    case = create(coach)
    read_before = Case.objects.get(pk=case.pk)
    services.case_update(actor=coach, case=case, changes={"has_bank_account": True}, today=TODAY)
    with pytest.raises(StaleVersion):
        services.case_transfer(
            actor=coach,
            case=read_before,
            to_prison=Organisation.objects.get(code="WLI"),
            transfer_date=TODAY,
            expected_version=read_before.version,
            today=TODAY,
        )
    with pytest.raises(StaleVersion):
        services.case_record_discharge(
            actor=coach, case=read_before, actual_discharge_date=TODAY, expected_version=1, today=TODAY
        )
    released = services.case_record_discharge(
        actor=coach, case=case, actual_discharge_date=TODAY, expected_version=2, today=TODAY
    )
    with pytest.raises(StaleVersion):
        services.case_recall(
            actor=coach, case=released, recall_date=TODAY, prison=norwich(), expected_version=2, today=TODAY
        )
    assert (Case.objects.count(), Case.objects.get().status, Transfer.objects.count()) == (1, CaseStatus.RELEASED, 0)


def test_two_discharges_from_the_same_read_record_one(coach, committed):
    case = create(coach)
    second_read = Case.objects.get(pk=case.pk)
    with committed():
        services.case_record_discharge(actor=coach, case=case, actual_discharge_date=TODAY, today=TODAY)
    # The second caller read the case while it was in custody; the lock finds it released.
    with pytest.raises(ValidationError) as error:
        services.case_record_discharge(actor=coach, case=second_read, actual_discharge_date=TODAY, today=TODAY)
    assert "actual_discharge_date" in error.value.message_dict
    assert AuditEvent.objects.filter(action="case.discharge").count() == 1


# --- opening a case for someone the caller may not see (issue 12, section 3) ---------------------------------


def test_a_coach_cannot_open_or_rename_someone_held_at_another_prison(coach):
    held = services.case_create(
        actor=NOMIS_FEED, prison=Organisation.objects.get(code="WLI"), today=TODAY, **worked_example()
    )
    for born in (date(1990, 1, 1), date(1985, 6, 6)):
        with pytest.raises(services.CaseCannotOpenHere) as error:
            create(coach, date_of_birth=born, given_name="Renamed")
        assert list(error.value.message_dict) == ["prison_number"]
    held.person.refresh_from_db()
    assert held.person.given_name == "Jordan"
    assert Case.objects.count() == 1


def test_the_feed_still_receives_someone_released_from_another_prison_and_keeps_their_name_in_step(coach):
    first = services.case_create(
        actor=NOMIS_FEED, prison=Organisation.objects.get(code="WLI"), today=TODAY, **worked_example()
    )
    services.case_record_discharge(actor=NOMIS_FEED, case=first, actual_discharge_date=date(2026, 9, 2), today=TODAY)
    second = create(
        NOMIS_FEED,
        given_name="Jordanne",
        reception_date=date(2026, 10, 1),
        sentence_date=date(2026, 10, 1),
        release_date=date(2027, 4, 1),
    )
    assert second.person_id == first.person_id
    assert second.person.given_name == "Jordanne"


def test_a_coach_who_sees_the_person_may_reopen_and_correct_their_name(coach):
    first = create(coach)
    services.case_record_discharge(actor=coach, case=first, actual_discharge_date=date(2026, 9, 2), today=TODAY)
    second = create(
        coach,
        given_name="Jordanne",
        reception_date=date(2026, 10, 1),
        sentence_date=date(2026, 10, 1),
        release_date=date(2027, 4, 1),
    )
    assert second.person.given_name == "Jordanne"


def test_a_coach_who_released_the_person_cannot_open_them_while_another_prison_holds_them(coach):
    first = create(coach)
    services.case_record_discharge(actor=coach, case=first, actual_discharge_date=date(2026, 9, 2), today=TODAY)
    services.case_create(
        actor=NOMIS_FEED,
        prison=Organisation.objects.get(code="WLI"),
        today=TODAY,
        **worked_example(
            reception_date=date(2026, 10, 1), sentence_date=date(2026, 10, 1), release_date=date(2027, 4, 1)
        ),
    )
    with pytest.raises(services.CaseCannotOpenHere):
        create(
            coach,
            given_name="Renamed",
            reception_date=date(2026, 11, 1),
            sentence_date=date(2026, 11, 1),
            release_date=date(2027, 5, 1),
        )
    assert Person.objects.get().given_name == "Jordan"
