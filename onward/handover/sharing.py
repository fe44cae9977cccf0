"""What may go to another organisation about a person: notes only with their agreement.

The services enforce it; the forms ask it too, so a page says every problem at once.
"""

from django.utils.translation import gettext_lazy as _

NOT_AGREED = _("Confirm the person agreed to share the notes, or leave them out")


def sharing_problem(shared_notes, person_agreed_to_share):
    """The reason notes cannot be sent, or None (UK GDPR: shared with the person's agreement)."""
    if (shared_notes or "").strip() and not person_agreed_to_share:
        return NOT_AGREED
    return None
