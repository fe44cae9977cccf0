from django import template

from onward.employment import constants, selectors

register = template.Library()


@register.filter
def may_read_work(user):
    """Whether to offer a link to a case's Work page (the page itself checks again)."""
    return selectors.may_read_work(user)


# The choices each stored list of codes comes from, to show codes by their labels.
_LISTS = {
    "declined_reasons": constants.SupportDeclinedReason,
    "what_needs_to_change": constants.WhatNeedsToChange,
    "barriers": constants.Barrier,
    "already_in_place": constants.AlreadyInPlace,
    "sector_interests": constants.JobSector,
    "qualifications": constants.Qualification,
    "offence_categories": constants.OffenceExclusion,
    "offence_exclusions": constants.OffenceExclusion,
}


@register.filter
def code_label(code, list_name):
    """A stored reference code by its label (the code itself if the list no longer has it)."""
    choices = _LISTS.get(list_name)
    try:
        return choices(code).label if choices else code
    except ValueError:
        return code


@register.simple_tag
def work_outcome(case):
    """For the case page: the job offered, the checks recorded, and whether the job lasted."""
    outcome = selectors.job_outcome(case)
    outcome["job_offers"] = [
        application
        for application in selectors.applications_for_case(case)
        if application.status == constants.ApplicationStatus.JOB_OFFER
    ]
    return outcome
