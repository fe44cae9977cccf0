"""Writing work records: the only place that does. Every service takes the actor, runs in one
transaction and records its audit event in it, so a change and its audit row commit together."""

import re
from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from onward import events
from onward.audit import services as audit
from onward.concurrency import NOT_YET_RECORDED, check_version
from onward.employment import pipeline, selectors
from onward.employment.constants import (
    CHECK_TOUCHPOINTS,
    MAX_NAME,
    MAX_TEXT,
    OFFENCE_CATEGORIES,
    AlreadyInPlace,
    ApplicationStatus,
    Barrier,
    CheckPoint,
    ContractType,
    EmployerSector,
    EmployerTier,
    EmploymentOutcome,
    EngagementKind,
    EngagementOutcome,
    Hours,
    JobSector,
    JobSource,
    OffenceExclusion,
    OpportunityKind,
    ProfileStatus,
    Qualification,
    Reach,
    SalaryPeriod,
    SupportDeclinedReason,
    WhatNeedsToChange,
)
from onward.employment.models import (
    Application,
    ApplicationStatusChange,
    Employer,
    EmployerContact,
    EmployerEngagement,
    EmploymentCheck,
    LabourMarketInformation,
    Opportunity,
    WorkProfile,
)
from onward.estate.constants import OrganisationKind
from onward.estate.models import PostcodeDistrict
from onward.journey import services as journey

OUTCODE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?$")
POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?) ?([0-9][A-Z]{2})?$")
MAX_PAY = Decimal("1000000")


def _too_long(errors, field, value, limit):
    if value is not None and len(value) > limit:
        errors[field] = [_("Use %(max)s characters or fewer") % {"max": limit}]


def _codes(errors, field, values, choices):
    values = list(dict.fromkeys(values or ()))
    unknown = [value for value in values if value not in choices.values]
    if unknown:
        errors[field] = [_("Choose from the list")]
    return values


def _outcodes(errors, field, text_or_list):
    """Postcode districts from a list or from text separated by spaces or commas, each one real."""
    if isinstance(text_or_list, str):
        items = re.split(r"[\s,;]+", text_or_list.upper())
    else:
        items = [str(item).upper() for item in text_or_list or ()]
    items = [item.strip() for item in items if item.strip()]
    items = list(dict.fromkeys(items))
    if len(items) > 50:
        errors[field] = [_("Enter 50 postcode districts or fewer")]
        return items
    bad = [item for item in items if not OUTCODE.match(item)]
    if bad:
        errors[field] = [
            _("Enter postcode districts like NR1 or IP24, separated by spaces: %(bad)s is not one")
            % {"bad": bad[0][:10]}
        ]
        return items
    known = set(PostcodeDistrict.objects.filter(outcode__in=items).values_list("outcode", flat=True))
    if missing := [item for item in items if item not in known]:
        errors[field] = [_("%(district)s is not a postcode district we know") % {"district": missing[0]}]
    return items


def _note(*, case, happened_on, kind, title, actor):
    # Timeline titles hold 200 characters; an opportunity's title may use most of them.
    journey.timeline_note(case=case, happened_on=happened_on, kind=kind, title=str(title)[:200], actor=actor)


# The work readiness profile.

PROFILE_LISTS = {
    "declined_reasons": SupportDeclinedReason,
    "what_needs_to_change": WhatNeedsToChange,
    "barriers": Barrier,
    "already_in_place": AlreadyInPlace,
    "sector_interests": JobSector,
    "qualifications": Qualification,
    "offence_categories": OffenceExclusion,
}


def work_profile_save(
    *,
    actor,
    case,
    status,
    declined_reasons=(),
    declined_other="",
    what_needs_to_change=(),
    barriers=(),
    already_in_place=(),
    sector_interests=(),
    experience="",
    qualifications=(),
    training_in_custody="",
    offence_categories=(),
    exclusion_zones=(),
    rotl_eligible=False,
    expected_version=None,
    today=None,
):
    """Create or change the case's work readiness profile; a first assessment completes the induction touchpoint.

    `expected_version` is the profile's version as the caller read it (NOT_YET_RECORDED for none): a change on
    an older one is refused with StaleVersion and changes nothing.
    """
    today = today or date.today()
    if not selectors.may_change_work(actor, case):
        raise PermissionDenied(_("You cannot change this person's work profile"))
    errors = {}
    if status not in ProfileStatus.values:
        errors["status"] = [_("Choose where the person stands on work")]
    lists = {
        name: _codes(errors, name, value, PROFILE_LISTS[name])
        for name, value in (
            ("declined_reasons", declined_reasons),
            ("what_needs_to_change", what_needs_to_change),
            ("barriers", barriers),
            ("already_in_place", already_in_place),
            ("sector_interests", sector_interests),
            ("qualifications", qualifications),
            ("offence_categories", offence_categories),
        )
    }
    if "offence_categories" not in errors and set(lists["offence_categories"]) - set(OFFENCE_CATEGORIES):
        errors["offence_categories"] = [_("Choose offence categories from the list")]
    if status == ProfileStatus.SUPPORT_DECLINED:
        if not lists["declined_reasons"] and "declined_reasons" not in errors:
            errors["declined_reasons"] = [_("Choose why the person does not want support")]
        if SupportDeclinedReason.OTHER in lists["declined_reasons"] and not declined_other.strip():
            errors["declined_other"] = [_("Say what the other reason is")]
    else:
        # Reasons for declining only mean something while support is declined.
        lists["declined_reasons"], lists["what_needs_to_change"], declined_other = [], [], ""
    for field, value, limit in (
        ("declined_other", declined_other, MAX_NAME),
        ("experience", experience, MAX_TEXT),
        ("training_in_custody", training_in_custody, MAX_TEXT),
    ):
        _too_long(errors, field, value, limit)
    zones = _outcodes(errors, "exclusion_zones", exclusion_zones)
    if errors:
        raise ValidationError(errors)
    values = {
        "status": status,
        **lists,
        "declined_other": declined_other.strip(),
        "experience": experience.strip(),
        "training_in_custody": training_in_custody.strip(),
        "exclusion_zones": zones,
        "rotl_eligible": bool(rotl_eligible),
        "updated_by": actor,
    }
    with transaction.atomic():
        existing = WorkProfile.objects.select_for_update().filter(case=case).first()
        check_version(existing.version if existing else NOT_YET_RECORDED, expected_version)
        profile, created = WorkProfile.objects.select_for_update().get_or_create(case=case, defaults=values)
        first_assessment = profile.assessed_on is None and status != ProfileStatus.NOT_STARTED
        if first_assessment:
            # A profile with a status is the employment assessment the agreement asks the Employment Hub for.
            profile.assessed_on = today
            profile.save(update_fields=["assessed_on"])
        before = {name: getattr(profile, name) for name in values if name != "updated_by"}
        if not created:
            for name, value in values.items():
                setattr(profile, name, value)
            profile.version += 1
            profile.save()
        changes = {
            name: value for name, value in values.items() if name != "updated_by" and (created or before[name] != value)
        }
        audit.record(
            actor=actor,
            action="employment.profile.create" if created else "employment.profile.change",
            subject=case,
            changes=changes,
        )
        if first_assessment:
            _record_changed(actor, case, "work_profile", ("employment-assessment",), today)
    return profile


def _record_changed(actor, case, record, touchpoints, today):
    events.announce(
        events.RecordChanged(case_id=case.pk, record=record, touchpoints=touchpoints, actor=actor, today=today)
    )


# Employers.


def _employer_values(errors, *, name, sector, tier, reach, postcode, notes):
    name = (name or "").strip()
    if not name:
        errors["name"] = [_("Enter the employer's name")]
    if sector not in EmployerSector.values:
        errors["sector"] = [_("Choose the employer's sector")]
    if tier and tier not in EmployerTier.values:
        errors["tier"] = [_("Choose a partnership tier from the list")]
    if reach not in Reach.values:
        errors["reach"] = [_("Say whether the employer is local or national")]
    postcode = " ".join((postcode or "").upper().split())
    if postcode and not POSTCODE.match(postcode):
        errors["postcode"] = [_("Enter a real postcode, like NR1 3HD")]
    for field, value, limit in (("name", name, MAX_NAME), ("notes", notes, MAX_TEXT)):
        _too_long(errors, field, value, limit)
    return {
        "name": name,
        "sector": sector,
        "tier": tier or "",
        "reach": reach,
        "postcode": postcode,
        "notes": (notes or "").strip(),
    }


def employer_save(*, actor, employer=None, expected_version=None, **fields):
    """Add an employer, or change one (`employer`, as read at `expected_version`: StaleVersion if moved on)."""
    if not selectors.may_change_employers(actor):
        raise PermissionDenied(_("You cannot add or change employers"))
    errors = {}
    values = _employer_values(errors, **fields)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        try:
            with transaction.atomic():
                if employer is None:
                    employer = Employer.objects.create(created_by=actor, **values)
                    changes = values
                else:
                    employer = Employer.objects.select_for_update().get(pk=employer.pk)
                    check_version(employer.version, expected_version)
                    changes = {k: v for k, v in values.items() if getattr(employer, k) != v}
                    for name, value in values.items():
                        setattr(employer, name, value)
                    employer.version += 1
                    employer.save()
        except IntegrityError as error:
            raise ValidationError(
                {"name": [_("An employer with this name and postcode is already recorded")]}
            ) from error
        audit.record(actor=actor, action="employment.employer.save", subject=employer, changes=changes)
    return employer


def employer_contact_add(*, actor, employer, name, job_title="", email="", phone=""):
    """Add a person to talk to at an employer."""
    if not selectors.may_change_employers(actor):
        raise PermissionDenied(_("You cannot change employers"))
    errors = {}
    name = (name or "").strip()
    if not name:
        errors["name"] = [_("Enter the contact's name")]
    email = (email or "").strip()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = [_("Enter an email address in the correct format, like name@example.com")]
    for field, value, limit in (
        ("name", name, MAX_NAME),
        ("job_title", job_title, MAX_NAME),
        ("email", email, MAX_NAME),
        ("phone", phone, 30),
    ):
        _too_long(errors, field, value, limit)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        contact = EmployerContact.objects.create(
            employer=employer,
            name=name,
            job_title=(job_title or "").strip(),
            email=email,
            phone=(phone or "").strip(),
            created_by=actor,
        )
        audit.record(
            actor=actor,
            action="employment.employer.contact_add",
            subject=employer,
            changes={"contact": contact.pk, "name": name},
        )
    return contact


def engagement_record(*, actor, employer, happened_on, kind, outcome, summary="", today=None):
    """Record work with an employer and what came of it."""
    today = today or date.today()
    if not selectors.may_change_employers(actor):
        raise PermissionDenied(_("You cannot record engagement with employers"))
    errors = {}
    if happened_on is None:
        errors["happened_on"] = [_("Enter the date")]
    elif happened_on > today:
        errors["happened_on"] = [_("The date must be today or in the past")]
    if kind not in EngagementKind.values:
        errors["kind"] = [_("Choose what happened")]
    if outcome not in EngagementOutcome.values:
        errors["outcome"] = [_("Choose the outcome")]
    _too_long(errors, "summary", summary, MAX_TEXT)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        engagement = EmployerEngagement.objects.create(
            employer=employer,
            happened_on=happened_on,
            kind=kind,
            outcome=outcome,
            summary=(summary or "").strip(),
            recorded_by=actor,
            recorded_by_name=actor.display_name,
        )
        audit.record(
            actor=actor,
            action="employment.engagement.record",
            subject=employer,
            changes={"engagement": engagement.pk, "kind": kind, "outcome": outcome, "on": happened_on.isoformat()},
        )
    return engagement


# Opportunities.


def opportunity_save(
    *,
    actor,
    opportunity=None,
    kind,
    employer,
    title,
    sector,
    national=False,
    postcode="",
    pay_amount=None,
    pay_period="",
    hours="",
    contract="",
    closing_date=None,
    essential_criteria="",
    offence_exclusions=(),
    only_for_prison_leavers=False,
    how_to_apply="",
    source="",
    prison=None,
    withdrawn=False,
    expected_version=None,
    today=None,
):
    """Add an opportunity, or change one (`opportunity`, as read at `expected_version`: StaleVersion if moved on)."""
    today = today or date.today()
    if not selectors.may_change_employers(actor):
        raise PermissionDenied(_("You cannot add or change opportunities"))
    errors = {}
    if kind not in OpportunityKind.values:
        errors["kind"] = [_("Choose the kind of opportunity")]
    title = (title or "").strip()
    if not title:
        errors["title"] = [_("Enter the title")]
    if sector not in JobSector.values:
        errors["sector"] = [_("Choose the sector")]
    if kind in (OpportunityKind.VACANCY, OpportunityKind.ROTL_PLACEMENT) and employer is None:
        errors["employer"] = [_("Choose the employer")]
    postcode = " ".join((postcode or "").upper().split())
    outcode = ""
    if kind == OpportunityKind.ROTL_PLACEMENT and national:
        errors["national"] = [_("A ROTL placement is at a place near the prison, not national")]
    if not national:
        match = POSTCODE.match(postcode)
        if not postcode:
            errors["postcode"] = [_("Enter the postcode of the workplace, or say it is open nationally")]
        elif not match:
            errors["postcode"] = [_("Enter a real postcode, like NR1 3HD, or a postcode district, like NR1")]
        else:
            outcode = match.group(1)
            if not PostcodeDistrict.objects.filter(outcode=outcode).exists():
                errors["postcode"] = [_("%(district)s is not a postcode district we know") % {"district": outcode}]
    else:
        postcode = ""
    if pay_amount is not None:
        try:
            pay_amount = Decimal(pay_amount)
        except (InvalidOperation, TypeError, ValueError):
            errors["pay_amount"] = [_("Enter the pay as an amount, like 11.44")]
        else:
            if not pay_amount.is_finite() or pay_amount < 0 or pay_amount >= MAX_PAY:
                errors["pay_amount"] = [_("Enter the pay as an amount, like 11.44")]
            elif not pay_period:
                errors["pay_period"] = [_("Choose how often the pay is given")]
    for field, value, choices in (
        ("pay_period", pay_period, SalaryPeriod),
        ("hours", hours, Hours),
        ("contract", contract, ContractType),
        ("source", source, JobSource),
    ):
        if value and value not in choices.values:
            errors[field] = [_("Choose from the list")]
    exclusions = _codes(errors, "offence_exclusions", offence_exclusions, OffenceExclusion)
    if OffenceExclusion.NONE in exclusions and len(exclusions) > 1:
        errors["offence_exclusions"] = [_("Choose “None” on its own, or the offences that are excluded")]
    if opportunity is None and closing_date is not None and closing_date < today:
        errors["closing_date"] = [_("The closing date must be today or in the future")]
    if prison is not None and prison.kind != OrganisationKind.PRISON:
        errors["prison"] = [_("Choose a prison")]
    if kind == OpportunityKind.ROTL_PLACEMENT and prison is None:
        errors["prison"] = [_("Choose the prison whose residents the placement is for")]
    for field, value, limit in (
        ("title", title, MAX_NAME),
        ("essential_criteria", essential_criteria, MAX_TEXT),
        ("how_to_apply", how_to_apply, MAX_TEXT),
    ):
        _too_long(errors, field, value, limit)
    if errors:
        raise ValidationError(errors)
    values = {
        "kind": kind,
        "employer": employer,
        "title": title,
        "sector": sector,
        "national": bool(national),
        "postcode": postcode,
        "outcode": outcode,
        "pay_amount": pay_amount,
        "pay_period": pay_period if pay_amount is not None else "",
        "hours": hours,
        "contract": contract,
        "closing_date": closing_date,
        "essential_criteria": (essential_criteria or "").strip(),
        "offence_exclusions": exclusions,
        "only_for_prison_leavers": bool(only_for_prison_leavers),
        "how_to_apply": (how_to_apply or "").strip(),
        "source": source,
        "prison": prison,
        "withdrawn": bool(withdrawn),
    }
    with transaction.atomic():
        if opportunity is None:
            opportunity = Opportunity.objects.create(created_by=actor, **values)
            action = "employment.opportunity.create"
        else:
            opportunity = Opportunity.objects.select_for_update().get(pk=opportunity.pk)
            check_version(opportunity.version, expected_version)
            for name, value in values.items():
                setattr(opportunity, name, value)
            opportunity.version += 1
            opportunity.save()
            action = "employment.opportunity.change"
        audit.record(
            actor=actor,
            action=action,
            subject=opportunity,
            changes={
                k: (
                    v.pk
                    if hasattr(v, "pk")
                    else v.isoformat()
                    if isinstance(v, date)
                    else str(v)
                    if isinstance(v, Decimal)
                    else v
                )
                for k, v in values.items()
            },
        )
    return opportunity


# Applications.


def application_create(*, actor, case, opportunity, applied_on, today=None):
    """Record that the person applied for an opportunity."""
    today = today or date.today()
    if not selectors.may_change_work(actor, case):
        raise PermissionDenied(_("You cannot record applications for this person"))
    errors = {}
    if opportunity is None or opportunity.withdrawn:
        errors["opportunity"] = [_("Choose an opportunity that is still open")]
    if applied_on is None:
        errors["applied_on"] = [_("Enter the date of the application")]
    elif applied_on > today:
        errors["applied_on"] = [_("The date must be today or in the past")]
    elif applied_on < case.reception_date:
        errors["applied_on"] = [_("The date must be on or after the reception date")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        try:
            with transaction.atomic():
                application = Application.objects.create(case=case, opportunity=opportunity, created_by=actor)
        except IntegrityError as error:
            raise ValidationError(
                {"opportunity": [_("An application for this opportunity is already recorded: update it instead")]}
            ) from error
        ApplicationStatusChange.objects.create(
            application=application,
            status=ApplicationStatus.APPLICATION_MADE,
            changed_on=applied_on,
            changed_by=actor,
            changed_by_name=actor.display_name,
        )
        _note(
            case=case,
            happened_on=applied_on,
            kind="employment",
            title=_("Applied for %(title)s") % {"title": opportunity.title},
            actor=actor,
        )
        audit.record(
            actor=actor,
            action="employment.application.create",
            subject=case,
            changes={"application": application.pk, "opportunity": opportunity.pk, "on": applied_on.isoformat()},
        )
    return application


def application_update(*, actor, application, status, changed_on, job_start_date=None, today=None):
    """Move an application along the pipeline; a job offer may carry the job start date."""
    today = today or date.today()
    with transaction.atomic():
        locked = (
            Application.objects.select_for_update().select_related("case__person", "opportunity").get(pk=application.pk)
        )
        case = locked.case
        if not selectors.may_change_work(actor, case):
            raise PermissionDenied(_("You cannot update this application"))
        errors = {}
        if problem := pipeline.transition_problem(locked.status, status):
            errors["status"] = [problem]
        last = locked.history.order_by("-changed_on", "-id").first()
        if changed_on is None:
            errors["changed_on"] = [_("Enter the date")]
        elif changed_on > today:
            errors["changed_on"] = [_("The date must be today or in the past")]
        elif last is not None and changed_on < last.changed_on:
            errors["changed_on"] = [_("The date must be on or after the last change to this application")]
        if job_start_date is not None and status != ApplicationStatus.JOB_OFFER:
            errors["job_start_date"] = [_("A job start date goes with a job offer")]
        elif job_start_date is not None and changed_on is not None and job_start_date < changed_on:
            errors["job_start_date"] = [_("The job cannot start before it was offered")]
        if errors:
            raise ValidationError(errors)
        locked.status = status
        locked.job_start_date = job_start_date if status == ApplicationStatus.JOB_OFFER else None
        locked.save()
        ApplicationStatusChange.objects.create(
            application=locked,
            status=status,
            changed_on=changed_on,
            changed_by=actor,
            changed_by_name=actor.display_name,
        )
        _note(
            case=case,
            happened_on=changed_on,
            kind="employment",
            title=_("%(title)s: %(status)s")
            % {"title": locked.opportunity.title, "status": ApplicationStatus(status).label.lower()},
            actor=actor,
        )
        audit.record(
            actor=actor,
            action="employment.application.update",
            subject=case,
            changes={
                "application": locked.pk,
                "status": status,
                "on": changed_on.isoformat(),
                "job_start_date": job_start_date.isoformat() if job_start_date else None,
            },
        )
    return locked


# Labour market information.


def labour_market_save(
    *, actor, district, summary, growing_sectors=(), source="", as_of=None, expected_version=None, today=None
):
    """Set the district's labour market information, read by the caller at `expected_version` (StaleVersion if
    someone saved since; NOT_YET_RECORDED when there was none)."""
    today = today or date.today()
    if not selectors.labour_market_districts_for(actor).filter(pk=getattr(district, "pk", None)).exists():
        raise PermissionDenied(_("You cannot change this district's labour market information"))
    errors = {}
    summary = (summary or "").strip()
    if not summary:
        errors["summary"] = [_("Enter a summary of the local labour market")]
    _too_long(errors, "summary", summary, MAX_TEXT)
    _too_long(errors, "source", source, MAX_NAME)
    sectors = _codes(errors, "growing_sectors", growing_sectors, JobSector)
    if as_of is None:
        errors["as_of"] = [_("Enter the date the information is from")]
    elif as_of > today:
        errors["as_of"] = [_("The date must be today or in the past")]
    if errors:
        raise ValidationError(errors)
    values = {
        "summary": summary,
        "growing_sectors": sectors,
        "source": (source or "").strip(),
        "as_of": as_of,
        "updated_by": actor,
        "updated_by_name": actor.display_name,
    }
    with transaction.atomic():
        record = LabourMarketInformation.objects.select_for_update().filter(district=district).first()
        check_version(record.version if record else NOT_YET_RECORDED, expected_version)
        if record is None:
            record = LabourMarketInformation(district=district)
        else:
            record.version += 1
        for name, value in values.items():
            setattr(record, name, value)
        record.save()
        audit.record(
            actor=actor,
            action="employment.labour_market.save",
            subject=record,
            changes={"district": district.code, "growing_sectors": sectors, "as_of": as_of.isoformat()},
        )
    return record


# The 6-week and 6-month employment checks.


def employment_check_record(
    *, actor, case, check, outcome, recorded_on, application=None, employer_name="", today=None
):
    """Record what the person is doing at 6 weeks or 6 months; completes the journey's touchpoint when open."""
    today = today or date.today()
    if not selectors.may_record_check(actor, case):
        raise PermissionDenied(_("You cannot record employment checks for this person"))
    errors = {}
    if check not in CheckPoint.values:
        errors["check"] = [_("Choose which check this is")]
    if outcome not in EmploymentOutcome.values:
        errors["outcome"] = [_("Choose what the person is doing now")]
    if recorded_on is None:
        errors["recorded_on"] = [_("Enter the date of the check")]
    elif check in CheckPoint.values and (
        problem := pipeline.check_date_problem(
            discharge_date=case.discharge_date, check=check, recorded_on=recorded_on, today=today
        )
    ):
        errors["recorded_on"] = [problem]
    if application is not None and application.case_id != case.pk:
        errors["application"] = [_("Choose one of this person's applications")]
    _too_long(errors, "employer_name", employer_name, MAX_NAME)
    if errors:
        raise ValidationError(errors)
    employer_name = (employer_name or "").strip()
    if not employer_name and application is not None and application.opportunity.employer_id:
        employer_name = application.opportunity.employer.name
    with transaction.atomic():
        try:
            with transaction.atomic():
                record = EmploymentCheck.objects.create(
                    case=case,
                    checkpoint=check,
                    outcome=outcome,
                    recorded_on=recorded_on,
                    application=application,
                    employer_name=employer_name,
                    created_by=actor,
                )
        except IntegrityError as error:
            raise ValidationError({"check": [_("This check is already recorded for this person")]}) from error
        _note(
            case=case,
            happened_on=recorded_on,
            kind="employment",
            title=_("%(check)s: %(outcome)s")
            % {"check": CheckPoint(check).label, "outcome": EmploymentOutcome(outcome).label.lower()},
            actor=actor,
        )
        audit.record(
            actor=actor,
            action="employment.check.record",
            subject=case,
            changes={
                "check": check,
                "outcome": outcome,
                "on": recorded_on.isoformat(),
                "application": application.pk if application else None,
            },
        )
        _record_changed(actor, case, "employment_check", (CHECK_TOUCHPOINTS[check],), today)
    return record
