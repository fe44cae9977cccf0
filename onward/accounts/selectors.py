"""Reading users."""

from datetime import timedelta

from django.db.models import Max, Q

from onward.accounts.models import User
from onward.estate.models import Organisation


def users_dormant(*, now, days):
    """Active users not seen for `days`: no sign-in, and no use of an API token of theirs, since then.

    A user who has never signed in counts from the day the account was made,
    so a new account has its 90 days too.
    """
    cutoff = now - timedelta(days=days)
    return (
        User.objects.filter(is_active=True)
        .filter(Q(last_login__lt=cutoff) | Q(last_login__isnull=True, date_joined__lt=cutoff))
        .annotate(token_last_used=Max("api_tokens__last_used_at"))
        .filter(Q(token_last_used__isnull=True) | Q(token_last_used__lt=cutoff))
        .order_by("pk")
    )


def caseload_choices(user):
    """[(code, name)] of the prisons in the user's caseloads that Onward has, in their token's order."""
    codes = list(user.caseloads or [])
    names = dict(Organisation.objects.filter(code__in=codes, active=True).values_list("code", "name"))
    return [(code, names[code]) for code in codes if code in names]
