"""Every change to people and cases goes through here, audited in the same transaction."""

import unicodedata
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from onward import events
from onward.accounts.constants import Role
from onward.audit import services as audit
from onward.cases import selectors
from onward.cases.constants import (
    ADULT_AGE,
    MAX_CUSTODIAL_TERM_DAYS,
    CaseStatus,
    LegalStatus,
    ReleaseType,
)
from onward.cases.models import Case, CaseAccess, Person, Transfer
from onward.cases.validators import (
    normalise_ni_number,
    normalise_prison_number,
    validate_ni_number,
    validate_prison_number,
)
from onward.concurrency import Conflict, check_version
from onward.estate.constants import OrganisationKind
from onward.estate.models import Organisation, PostcodeDistrict
from onward.journey.release_days import discharge_day
from onward.validation import FieldErrors

PERSON_FIELDS = (
    "given_name",
    "family_name",
    "date_of_birth",
    "ni_number",
    "female",
    "learning_difficulty_or_disability",
    "care_leaver",
    "veteran",
)
CASE_FIELDS = (
    "reception_date",
    "legal_status",
    "sentence_date",
    "custodial_term_days",
    "release_date",
    "confirmed_discharge_date",
    "release_type",
    "indeterminate_sentence",
    "released_to_community",
    "claiming_benefits",
    "uc_housing_costs",
    "employed_at_reception",
    "has_right_to_work_id",
    "has_bank_account",
    "has_ni_number",
    "extra_day_requested",
    "release_area",
    "pdu",
)
EARLIEST_DATE = date(1900, 1, 1)
# The release-day arithmetic runs past a release date: a year like 9999 would overflow the calendar.
LATEST_DATE = date(2199, 12, 31)


def _user_or_none(actor):
    """The user to store against a row: None for the NOMIS feed and other system actors."""
    return actor if actor is not None and actor.is_authenticated else None


def _age_on(born, day):
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def _clean_name(value):
    value = unicodedata.normalize("NFC", (value or "").strip())
    if any(unicodedata.category(ch).startswith("C") for ch in value):
        raise ValidationError(_("Names cannot contain control characters"))
    return value


def _check(person_values, case_values, *, today):
    """Cross-field rules for a person and a custody episode, as field-level errors."""
    errors = {}

    def fail(field, message):
        errors.setdefault(field, []).append(message)

    for name in ("given_name", "family_name"):
        try:
            person_values[name] = _clean_name(person_values.get(name))
        except ValidationError as error:
            fail(name, error.messages[0])
            continue
        if not person_values[name]:
            fail(name, _("Enter the %(field)s") % {"field": Person._meta.get_field(name).verbose_name})
    if person_values.get("ni_number"):
        person_values["ni_number"] = normalise_ni_number(person_values["ni_number"])
        try:
            validate_ni_number(person_values["ni_number"])
        except ValidationError as error:
            fail("ni_number", error.messages[0])

    born = person_values.get("date_of_birth")
    received = case_values.get("reception_date")
    sentenced = case_values.get("sentence_date")
    release = case_values.get("release_date")
    status = case_values.get("legal_status")

    if received and received > today:
        fail("reception_date", _("Reception date must be today or in the past"))
    if received and received < EARLIEST_DATE:
        fail("reception_date", _("Reception date must be after 1900"))
    if born:
        if born >= today:
            fail("date_of_birth", _("Date of birth must be in the past"))
        elif born < EARLIEST_DATE:
            fail("date_of_birth", _("Date of birth must be after 1900"))
        elif _age_on(born, received or today) < ADULT_AGE:
            fail("date_of_birth", _("Onward is for adults: the person must be 18 or over at reception"))

    if status not in LegalStatus.values:
        fail("legal_status", _("Choose remand, sentenced or recall"))
    if case_values.get("release_type", ReleaseType.STANDARD) not in ReleaseType.values:
        fail("release_type", _("Choose standard, hdc or parole"))
    if status and status != LegalStatus.REMAND:
        for name in ("sentence_date", "custodial_term_days", "release_date"):
            if case_values.get(name) is None:
                fail(
                    name,
                    _("Enter the %(field)s: it is needed unless the person is on remand")
                    % {"field": Case._meta.get_field(name).verbose_name},
                )
    for name in ("sentence_date", "release_date", "confirmed_discharge_date"):
        value = case_values.get(name)
        if value and value > LATEST_DATE:
            fail(name, _("Enter a date before 2200"))
    term = case_values.get("custodial_term_days")
    if term is not None and not 1 <= term <= MAX_CUSTODIAL_TERM_DAYS:
        fail(
            "custodial_term_days",
            _("Custodial term must be between 1 and %(max)s days") % {"max": MAX_CUSTODIAL_TERM_DAYS},
        )
    if sentenced and born and sentenced < born:
        fail("sentence_date", _("Sentence date must be after the date of birth"))
    if release and received and release < received:
        fail("release_date", _("Release date must be on or after the reception date"))
    if release and sentenced and release < sentenced:
        fail("release_date", _("Release date must be on or after the sentence date"))
    confirmed = case_values.get("confirmed_discharge_date")
    if confirmed and received and confirmed < received:
        fail("confirmed_discharge_date", _("The confirmed release date must be on or after the reception date"))
    if confirmed and status == LegalStatus.REMAND:
        fail("confirmed_discharge_date", _("A person on remand has no confirmed release date"))
    area = (case_values.get("release_area") or "").strip().upper()
    case_values["release_area"] = area
    if area and not PostcodeDistrict.objects.filter(outcode=area).exists():
        fail("release_area", _("Enter a real postcode district, like NR1 or ME4"))
    pdu = case_values.get("pdu")
    if pdu is not None and pdu.kind != OrganisationKind.PDU:
        fail("pdu", _("Choose a probation delivery unit"))
    if errors:
        raise ValidationError(errors)


def _derive_release_days(case):
    """Store the discharge day the rules give; an actual discharge date wins."""
    if case.release_date and case.custodial_term_days and case.legal_status != LegalStatus.REMAND:
        case.expected_discharge_date = discharge_day(
            release_date=case.release_date,
            custodial_term_days=case.custodial_term_days,
            sentence_date=case.sentence_date,
            release_type=case.release_type,
            indeterminate_sentence=case.indeterminate_sentence,
            extra_day_requested=case.extra_day_requested,
        ).discharge_date
    else:
        case.expected_discharge_date = None
    case.discharge_date = case.actual_discharge_date or case.confirmed_discharge_date or case.expected_discharge_date


def _snapshot(instance, fields):
    values = {}
    for name in fields:
        value = getattr(instance, name, None)
        if hasattr(value, "pk"):
            value = getattr(value, "code", value.pk)
        elif isinstance(value, date):
            value = value.isoformat()
        values[name] = value
    return values


def _diff(before, after):
    return {name: [before[name], after[name]] for name in after if before.get(name) != after[name]}


class CaseCannotOpenHere(ValidationError):
    """The prison number belongs to someone the caller may not see (held, or known, elsewhere). The answer is
    the same whatever was sent and whether they are in custody, so it reveals nothing about them; the API
    answers it 409."""

    def __init__(self):
        super().__init__(
            {
                "prison_number": [
                    _(
                        "This prison number cannot be opened here: ask the holding prison, or wait for the case "
                        "to arrive from NOMIS"
                    )
                ]
            }
        )


def _opened_at_once(prison_number):
    return Conflict(
        _("%(number)s was opened by someone else at the same moment: find the person's case instead")
        % {"number": prison_number},
        field="prison_number",
    )


def case_create(*, actor, prison, prison_number, today=None, **values):
    """Open a custody episode; the person is found or created by prison number."""
    today = today or date.today()
    if prison.pk not in selectors.prisons_where_user_may_create_cases(actor):
        raise PermissionDenied(_("You can only add cases in your own prison"))
    errors = {}
    prison_number = normalise_prison_number(prison_number)
    try:
        validate_prison_number(prison_number)
    except ValidationError as error:
        errors["prison_number"] = error.messages
    if prison.kind != OrganisationKind.PRISON or not prison.active:
        errors["prison_code"] = [_("Choose an active prison")]
    unknown = set(values) - set(PERSON_FIELDS) - set(CASE_FIELDS)
    if unknown:
        raise TypeError(f"unexpected fields {sorted(unknown)}")
    person_values = {name: values[name] for name in PERSON_FIELDS if name in values}
    person_values.setdefault("ni_number", "")
    case_values = {name: values[name] for name in CASE_FIELDS if name in values}
    try:
        _check(person_values, case_values, today=today)
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)

    with transaction.atomic():
        person = Person.objects.select_for_update().filter(prison_number=prison_number).first()
        if person is not None:
            if not selectors.may_open_case_for(actor, person, today=today):
                # Someone the caller may not see (held elsewhere, or known only to others): one answer whatever
                # the date of birth and name sent, so nothing about them can be probed, and nothing is changed.
                raise CaseCannotOpenHere
            if person.date_of_birth != person_values["date_of_birth"]:
                raise ValidationError(
                    {
                        "date_of_birth": [
                            _(
                                "This does not match the date of birth held for prison number %(number)s: check the prison number"
                            )
                            % {"number": prison_number}
                        ]
                    }
                )
            if person.cases.filter(status=CaseStatus.IN_CUSTODY).exists():
                raise ValidationError(
                    {
                        "prison_number": [
                            _("%(number)s is already in custody: update that case instead") % {"number": prison_number}
                        ]
                    }
                )
            before = _snapshot(person, PERSON_FIELDS)
            for name, value in person_values.items():
                setattr(person, name, value)
            person.save()
            person_changes = _diff(before, _snapshot(person, PERSON_FIELDS))
            if case_values.get("legal_status") == LegalStatus.RECALL:
                # A recall booking closes the episode the person was released from.
                person.cases.filter(status=CaseStatus.RELEASED).update(
                    status=CaseStatus.RECALLED, recall_date=case_values.get("reception_date")
                )
        else:
            try:
                with transaction.atomic():
                    person = Person.objects.create(prison_number=prison_number, **person_values)
            except IntegrityError as error:
                # Two requests opened the same new prison number at once; the other won.
                raise _opened_at_once(prison_number) from error
            person_changes = _snapshot(person, PERSON_FIELDS)
        case = Case(person=person, prison=prison, **case_values)
        _derive_release_days(case)
        try:
            with transaction.atomic():
                case.save()
        except IntegrityError as error:
            # Two requests opened the same person's episode at once; the other won.
            raise _opened_at_once(prison_number) from error
        audit.record(
            actor=actor,
            action="case.create",
            subject=case,
            changes={"person": person_changes, "case": _snapshot(case, (*CASE_FIELDS, "discharge_date"))},
        )
        events.announce(events.CaseOpened(case_id=case.pk, actor=actor, today=today))
    return case


def case_update(*, actor, case, changes, expected_version=None, today=None):
    """Change fields on a case (and its person) the actor may change; derived dates follow."""
    today = today or date.today()
    allowed = selectors.case_editable_fields(user=actor, case=case)
    refused = set(changes) - allowed
    if refused:
        raise ValidationError({name: [_("You cannot change this")] for name in sorted(refused)})
    with transaction.atomic():
        locked = Case.objects.select_for_update().select_related("person").get(pk=case.pk)
        check_version(locked.version, expected_version)
        person = locked.person
        before_case = _snapshot(locked, (*CASE_FIELDS, "discharge_date"))
        before_person = _snapshot(person, PERSON_FIELDS)
        person_values = {name: changes.get(name, getattr(person, name)) for name in PERSON_FIELDS}
        case_values = {name: changes.get(name, getattr(locked, name)) for name in CASE_FIELDS}
        _check(person_values, case_values, today=today)
        for name, value in person_values.items():
            setattr(person, name, value)
        for name, value in case_values.items():
            setattr(locked, name, value)
        _derive_release_days(locked)
        diff = _diff(before_person, _snapshot(person, PERSON_FIELDS)) | _diff(
            before_case, _snapshot(locked, (*CASE_FIELDS, "discharge_date"))
        )
        if diff:
            person.save()
            locked.version += 1
            locked.save()
            audit.record(actor=actor, action="case.update", subject=locked, changes=diff)
            events.announce(
                events.CaseChanged(
                    case_id=locked.pk, fields=tuple(diff), why=_describe_change(diff), actor=actor, today=today
                )
            )
            if "discharge_date" in diff:
                events.announce(
                    events.DischargeDayMoved(
                        case_id=locked.pk,
                        old=date.fromisoformat(diff["discharge_date"][0]) if diff["discharge_date"][0] else None,
                        new=locked.discharge_date,
                        actor=actor,
                        today=today,
                    )
                )
    return locked


def _describe_change(diff):
    names = [
        str(Case._meta.get_field(name).verbose_name)
        if name in CASE_FIELDS or name == "discharge_date"
        else name.replace("_", " ")
        for name in diff
    ]
    return _("%(fields)s changed") % {"fields": ", ".join(names)}


def _require_prison_staff_on(actor, case):
    if case.prison_id not in selectors.prisons_where_user_may_create_cases(actor):
        raise PermissionDenied(_("Only staff in the person's prison can do this"))


def case_transfer(*, actor, case, to_prison, transfer_date, expected_version=None, today=None):
    """Move a person in custody to another prison; the receiving prison now holds the case."""
    today = today or date.today()
    _require_prison_staff_on(actor, case)
    errors = {}
    if case.status != CaseStatus.IN_CUSTODY:
        errors["to_prison"] = [_("Only a person in custody can be transferred")]
    if to_prison.kind != OrganisationKind.PRISON or not to_prison.active:
        errors["to_prison"] = [_("Choose an active prison")]
    elif to_prison.pk == case.prison_id:
        errors["to_prison"] = [_("Choose a different prison from the one the person is in")]
    if transfer_date > today:
        errors["transfer_date"] = [_("Transfer date must be today or in the past")]
    elif transfer_date < case.reception_date:
        errors["transfer_date"] = [_("Transfer date must be on or after the reception date")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=case.pk)
        check_version(locked.version, expected_version)
        if locked.status != CaseStatus.IN_CUSTODY or locked.prison_id != case.prison_id:
            # Someone moved the case between the read and the lock (two transfers at once): say so, change nothing.
            raise ValidationError({"to_prison": [_("This case has just moved: check it and try again")]})
        Transfer.objects.create(
            case=locked,
            from_prison_id=locked.prison_id,
            to_prison=to_prison,
            transfer_date=transfer_date,
            recorded_by=_user_or_none(actor),
        )
        from_code = case.prison.code
        locked.prison = to_prison
        locked.version += 1
        locked.save()
        audit.record(
            actor=actor,
            action="case.transfer",
            subject=locked,
            changes={"prison": [from_code, to_prison.code], "transfer_date": transfer_date.isoformat()},
        )
        events.announce(
            events.CaseTransferred(
                case_id=locked.pk,
                from_prison_id=case.prison_id,
                to_prison_id=to_prison.pk,
                on=transfer_date,
                actor=actor,
                today=today,
            )
        )
    return locked


def case_record_discharge(*, actor, case, actual_discharge_date, expected_version=None, today=None):
    """Record the day the person actually left; it replaces the derived date."""
    today = today or date.today()
    _require_prison_staff_on(actor, case)
    if case.status != CaseStatus.IN_CUSTODY:
        raise ValidationError({"actual_discharge_date": [_("This person has already been released")]})
    if case.legal_status == LegalStatus.REMAND:
        raise ValidationError({"actual_discharge_date": [_("Record the sentence before the discharge")]})
    if actual_discharge_date > today:
        raise ValidationError({"actual_discharge_date": [_("Discharge date must be today or in the past")]})
    if actual_discharge_date < case.reception_date:
        raise ValidationError({"actual_discharge_date": [_("Discharge date must be on or after the reception date")]})
    with transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=case.pk)
        check_version(locked.version, expected_version)
        if locked.status != CaseStatus.IN_CUSTODY:
            # Two discharges at once: the second finds the first already recorded.
            raise ValidationError({"actual_discharge_date": [_("This person has already been released")]})
        before = locked.discharge_date
        locked.actual_discharge_date = actual_discharge_date
        locked.status = CaseStatus.RELEASED
        _derive_release_days(locked)
        locked.version += 1
        locked.save()
        audit.record(
            actor=actor,
            action="case.discharge",
            subject=locked,
            changes={"discharge_date": [before.isoformat() if before else None, actual_discharge_date.isoformat()]},
        )
        events.announce(events.CaseDischarged(case_id=locked.pk, on=actual_discharge_date, actor=actor, today=today))
        if before != actual_discharge_date:
            events.announce(
                events.DischargeDayMoved(
                    case_id=locked.pk, old=before, new=actual_discharge_date, actor=actor, today=today
                )
            )
    return locked


def case_recall(*, actor, case, recall_date, prison, expected_version=None, today=None):
    """A released person returns to custody: the episode closes and a recall episode opens."""
    today = today or date.today()
    _require_prison_staff_on(actor, case)
    if prison.kind != OrganisationKind.PRISON or not prison.active:
        raise ValidationError({"prison": [_("Choose an active prison")]})
    if case.status != CaseStatus.RELEASED:
        raise ValidationError({"recall_date": [_("Only a released person can be recalled")]})
    if recall_date > today:
        raise ValidationError({"recall_date": [_("Recall date must be today or in the past")]})
    if recall_date < case.discharge_date:
        raise ValidationError({"recall_date": [_("Recall date must be on or after the discharge date")]})
    with transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=case.pk)
        check_version(locked.version, expected_version)
        if locked.status != CaseStatus.RELEASED:
            raise ValidationError({"recall_date": [_("Only a released person can be recalled")]})
        locked.status = CaseStatus.RECALLED
        locked.recall_date = recall_date
        locked.version += 1
        locked.save()
        recall = Case.objects.create(
            person=locked.person,
            prison=prison,
            reception_date=recall_date,
            legal_status=LegalStatus.RECALL,
            release_area=locked.release_area,
            pdu=locked.pdu,
        )
        audit.record(
            actor=actor,
            action="case.recall",
            subject=locked,
            changes={"recall_date": recall_date.isoformat(), "new_case": recall.pk, "prison": prison.code},
        )
        events.announce(
            events.CaseRecalled(case_id=locked.pk, recall_case_id=recall.pk, on=recall_date, actor=actor, today=today)
        )
    return recall


def case_access_grant(*, actor, case, organisation, reason):
    """Let another organisation see the case while shared work is open (idempotent)."""
    with transaction.atomic():
        grant, created = CaseAccess.objects.get_or_create(
            case=case, organisation=organisation, reason=reason, ended_at__isnull=True
        )
        if created:
            audit.record(
                actor=actor,
                action="case.access.grant",
                subject=case,
                changes={"organisation": organisation.code, "reason": reason},
            )
    return grant


def case_access_end(*, actor, case, organisation, reason):
    """The shared work closed without the organisation keeping it: it no longer sees the case."""
    with transaction.atomic():
        ended = CaseAccess.objects.filter(
            case=case, organisation=organisation, reason=reason, ended_at__isnull=True
        ).update(ended_at=timezone.now())
        if ended:
            audit.record(
                actor=actor,
                action="case.access.end",
                subject=case,
                changes={"organisation": organisation.code, "reason": reason},
            )
    return ended


def case_hand_over(*, actor, case, jobcentre):
    """Point the case at the jobcentre it is handed to (None to take it back): that jobcentre now sees it."""
    with transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=case.pk)
        before = locked.handed_over_to.code if locked.handed_over_to_id else None
        locked.handed_over_to = jobcentre
        locked.version += 1
        locked.save(update_fields=["handed_over_to", "version", "updated_at"])
        audit.record(
            actor=actor,
            action="case.hand_over",
            subject=locked,
            changes={"handed_over_to": [before, jobcentre.code if jobcentre else None]},
        )
    return locked


def prison_for_code(code):
    """The active prison with this code, or None."""
    return Organisation.objects.filter(
        code=(code or "").strip().upper(), kind=OrganisationKind.PRISON, active=True
    ).first()


def person_merge(*, actor, removed_prison_number, kept_prison_number, today=None):
    """NOMIS merged two records of one person: the removed number's cases now belong to the kept number.

    When Onward holds only the removed number, the person keeps their record
    under the kept number. When it holds both, the cases move across and the
    duplicate person goes. Two custody episodes open at once cannot both be
    true, so that is refused for a person to resolve. Returns the kept person,
    or None when Onward never held the removed number. Only NOMIS merges prison numbers (through the feed),
    or an administrator putting right what it could not.
    """
    today = today or date.today()
    if not (getattr(actor, "acts_for_every_prison", False) or getattr(actor, "role", None) == Role.ADMINISTRATOR):
        raise PermissionDenied(_("Prison numbers are merged in NOMIS, and come to Onward through the feed"))
    removed_prison_number = normalise_prison_number(removed_prison_number)
    kept_prison_number = normalise_prison_number(kept_prison_number)
    errors = FieldErrors()
    for field, number in (("removed_prison_number", removed_prison_number), ("kept_prison_number", kept_prison_number)):
        try:
            validate_prison_number(number)
        except ValidationError as error:
            errors.fail(field, error.messages[0])
    if removed_prison_number == kept_prison_number:
        errors.fail("kept_prison_number", _("The kept prison number must differ from the removed one"))
    errors.raise_any()
    with transaction.atomic():
        people = {
            person.prison_number: person
            for person in Person.objects.select_for_update().filter(
                prison_number__in=[removed_prison_number, kept_prison_number]
            )
        }
        removed, kept = people.get(removed_prison_number), people.get(kept_prison_number)
        if removed is None:
            return kept
        if kept is None:
            removed.prison_number = kept_prison_number
            removed.save(update_fields=["prison_number", "updated_at"])
            audit.record(
                actor=actor,
                action="person.merge",
                subject=removed,
                changes={"prison_number": [removed_prison_number, kept_prison_number], "cases": []},
            )
            return removed
        cases = list(Case.objects.select_for_update().filter(person=removed).order_by("pk"))
        if (
            any(case.status == CaseStatus.IN_CUSTODY for case in cases)
            and kept.cases.filter(status=CaseStatus.IN_CUSTODY).exists()
        ):
            raise ValidationError(
                {
                    "removed_prison_number": [
                        _(
                            "Both %(removed)s and %(kept)s have a custody episode open in Onward: close the one that is wrong, then merge"
                        )
                        % {"removed": removed_prison_number, "kept": kept_prison_number}
                    ]
                }
            )
        Case.objects.filter(pk__in=[case.pk for case in cases]).update(person=kept)
        events.announce(
            events.PersonMerged(
                removed_prison_number=removed_prison_number,
                kept_prison_number=kept_prison_number,
                case_ids=tuple(case.pk for case in cases),
                actor=actor,
                today=today,
            )
        )
        audit.record(
            actor=actor,
            action="person.merge",
            subject=kept,
            changes={"removed_prison_number": removed_prison_number, "cases": [case.pk for case in cases]},
        )
        removed.delete()
    return kept
