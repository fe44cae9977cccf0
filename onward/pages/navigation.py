"""What each role finds in the service navigation."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from onward.accounts.constants import CASEWORK_ROLES, PRISON_ROLES, Role
from onward.insights.selectors import MEASURES_ROLES
from onward.journey.selectors import WORKLIST_ROLES

# (label, url name, roles that see it; None means every signed-in user)
NAVIGATION = [
    (_("Home"), "pages:home", None),
    (_("Worklist"), "journey:worklist", WORKLIST_ROLES),
    (_("Cases"), "cases:list", CASEWORK_ROLES),
    (_("Release calendar"), "journey:calendar", PRISON_ROLES),
    (_("Incoming handovers"), "handover:inbox", {Role.JOBCENTRE_WORK_COACH}),
    (_("Incoming referrals"), "handover:referral_inbox", {Role.PROBATION_PRACTITIONER, Role.CRS_PROVIDER}),
    (
        _("Work"),
        "employment:home",
        {
            Role.PRISON_WORK_COACH,
            Role.PRISON_EMPLOYMENT_LEAD,
            Role.JOBCENTRE_WORK_COACH,
            Role.PROBATION_PRACTITIONER,
            Role.EMPLOYER_ENGAGEMENT,
            Role.PARTNERSHIP_MANAGER,
        },
    ),
    (_("Late handovers"), "handover:escalations", {Role.PARTNERSHIP_MANAGER}),
    (
        _("Partnership"),
        "partnerships:list",
        PRISON_ROLES | {Role.PARTNERSHIP_MANAGER, Role.PARTNERSHIP_BOARD, Role.ADMINISTRATOR},
    ),
    (_("Measures"), "insights:dashboard", MEASURES_ROLES),
    (_("Add a case"), "cases:create", {Role.PRISON_WORK_COACH, Role.PRISON_EMPLOYMENT_LEAD, Role.ID_BANKING_ADMIN}),
    (_("Feed from NOMIS"), "feed:messages", {Role.ADMINISTRATOR}),
    (_("Audit trail"), "audit:list", {Role.ADMINISTRATOR}),
    (_("Users and organisations"), "admin:index", {Role.ADMINISTRATOR}),
]
# Items that show a count beside their label, and where it comes from.
COUNTED = {"journey:worklist": "worklist"}


def navigation_for(user, current_path, *, counts=None):
    """The items a user sees; `counts` maps a counted item's key (COUNTED) to its number."""
    if not user.is_authenticated:
        return []
    counts = counts or {}
    items = []
    for label, url_name, roles in NAVIGATION:
        if roles is not None and user.role not in roles:
            continue
        href = reverse(url_name)
        current = current_path == href or (href != "/" and current_path.startswith(href))
        items.append({"text": label, "href": href, "current": current, "count": counts.get(COUNTED.get(url_name))})
    return items
