"""Creating and changing users and their API tokens."""

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from onward.accounts.constants import ROLE_ORGANISATION_KINDS, Role, SignInRefusal
from onward.accounts.models import ApiToken, User
from onward.accounts.selectors import users_dormant
from onward.audit import services as audit
from onward.estate.models import Organisation


def _check_role_fits_organisation(role, organisation):
    if role not in Role.values:
        raise ValidationError({"role": _("Choose one of: %(roles)s") % {"roles": ", ".join(Role.values)}})
    allowed = ROLE_ORGANISATION_KINDS[role]
    if organisation.kind not in allowed:
        raise ValidationError(
            {
                "organisation": _("A %(role)s must belong to a %(kinds)s, not a %(kind)s.")
                % {
                    "role": Role(role).label.lower(),
                    "kinds": _(" or ").join(sorted(str(k) for k in allowed)),
                    "kind": organisation.get_kind_display().lower(),
                }
            }
        )


def user_save(
    *,
    actor,
    username,
    role,
    organisation,
    password=None,
    first_name=None,
    last_name=None,
    email=None,
    client=None,
):
    """Create a user, or update the one with this username. Returns (user, created).

    `client` ("provider:client_id") makes the user a partner system whose
    client-credentials JWTs from that provider act as it (docs/adr/0018).
    """
    if client is not None:
        provider, _sep, client_id = client.partition(":")
        if not provider or not client_id:
            raise ValidationError(
                {"client": _("Give the client as provider:client_id, for example hmpps:dwp-handovers.")}
            )
    _check_role_fits_organisation(role, organisation)
    with transaction.atomic():
        user = User.objects.select_for_update().filter(username=username).first()
        created = user is None
        if created:
            user = User(username=username)
        before = {"role": user.role, "organisation": getattr(user.organisation, "code", None)}
        user.role = role
        user.organisation = organisation
        user.is_staff = role == Role.ADMINISTRATOR
        user.is_superuser = role == Role.ADMINISTRATOR
        for name, value in (("first_name", first_name), ("last_name", last_name), ("email", email)):
            if value is not None:
                setattr(user, name, value)
        if client is not None:
            before["client"] = f"{user.identity_provider}:{user.identity_subject}" if user.identity_provider else None
            user.identity_provider, user.identity_subject = provider, client_id
        if password is not None:
            validate_password(password, user)
            user.set_password(password)
        elif created:
            user.set_unusable_password()
        user.full_clean(exclude=["password"])
        user.save()
        after = {"role": user.role, "organisation": organisation.code} | ({"client": client} if client else {})
        audit.record(
            actor=actor,
            action="user.create" if created else "user.update",
            subject=user,
            changes={k: [before[k], after[k]] for k in after if before[k] != after[k]}
            | ({"password": "set"} if password is not None else {}),
        )
    return user, created


def organisation_for_code(code):
    try:
        return Organisation.objects.get(code__iexact=code.strip(), active=True)
    except Organisation.DoesNotExist as error:
        raise ValidationError(
            {"organisation": _("No active organisation has the code %(code)s.") % {"code": code}}
        ) from error


def api_token_issue(*, actor, user):
    """Issue a new token; the key is returned once and never stored."""
    key = ApiToken.new_key()
    with transaction.atomic():
        token = ApiToken.objects.create(user=user, key_hash=ApiToken.hash(key), prefix=key[:8])
        audit.record(actor=actor, action="api_token.issue", subject=token, changes={"user": user.username})
    return key


def _username_free_for(identity, user):
    taken = User.objects.filter(username=identity.username)
    if user is not None:
        taken = taken.exclude(pk=user.pk)
    if not taken.exists():
        return identity.username
    # Someone else (a password account, or another subject) holds the name: the
    # subject, which the provider gives no one else, makes it this person's.
    return f"{identity.username[:120]}.{identity.subject[-24:]}"


def user_sign_in_from_provider(*, actor, identity):
    """Make or refresh the account this provider's identity describes.

    Returns (user, refusal): the user to sign in and "", or the user (None
    if never seen) and the SignInRefusal that stops them. Either way the
    audit row commits with what was changed.
    """
    with transaction.atomic():
        user = (
            User.objects.select_for_update(of=("self",))
            .select_related("organisation")
            .filter(identity_provider=identity.provider, identity_subject=identity.subject)
            .first()
        )
        organisation = None
        refusal = ""
        if user is not None and not user.is_active:
            refusal = SignInRefusal.SWITCHED_OFF
        elif not identity.has_access:
            refusal = SignInRefusal.NO_ROLE
        else:
            organisation = Organisation.objects.filter(code__iexact=identity.organisation_code, active=True).first()
            if organisation is None:
                refusal = SignInRefusal.UNKNOWN_ORGANISATION
            else:
                try:
                    _check_role_fits_organisation(identity.role, organisation)
                except ValidationError:
                    refusal = SignInRefusal.ORGANISATION_DOES_NOT_FIT
        if refusal:
            audit.record(
                actor=actor,
                action="sign_in.refused",
                subject=user,
                changes={
                    "reason": str(refusal),
                    "provider": identity.provider,
                    "username": identity.username,
                    "provider_roles": list(identity.provider_roles),
                    "organisation": identity.organisation_code,
                },
            )
            return user, refusal

        created = user is None
        if created:
            user = User(identity_provider=identity.provider, identity_subject=identity.subject)
            user.set_unusable_password()
        before = {
            "role": user.role,
            "organisation": getattr(user.organisation, "code", None),
            "caseloads": list(user.caseloads or []),
        }
        user.username = _username_free_for(identity, None if created else user)
        user.role = identity.role
        user.organisation = organisation
        user.caseloads = list(identity.caseloads)
        user.is_staff = user.is_superuser = identity.role == Role.ADMINISTRATOR
        user.first_name, user.last_name, user.email = identity.first_name, identity.last_name, identity.email
        user.full_clean(exclude=["password"])
        user.save()
        after = {"role": user.role, "organisation": organisation.code, "caseloads": user.caseloads}
        audit.record(
            actor=actor,
            action="user.create" if created else "user.sign_in",
            subject=user,
            changes={"provider": identity.provider}
            | {k: [before[k], after[k]] for k in after if before[k] != after[k]},
        )
    return user, ""


def sign_in_failure_record(*, actor, provider, reason, detail=""):
    """Audit a sign-in that never reached a trustworthy identity: bad state, a bad token, a provider down."""
    with transaction.atomic():
        audit.record(
            actor=actor,
            action="sign_in.failed",
            changes={"provider": provider, "reason": reason, "detail": str(detail)[:500]},
        )


def users_dormant_disable(*, actor, now, days):
    """Switch off every account not seen for `days`; each is audited. Returns the usernames, in order.

    Idempotent: an account switched off is no longer active, so a second run
    the same night finds nothing.
    """
    with transaction.atomic():
        # PostgreSQL locks no grouped rows, so lock the users by key, and check
        # they are still active under the lock.
        keys = list(users_dormant(now=now, days=days).values_list("pk", flat=True))
        dormant = list(User.objects.select_for_update().filter(pk__in=keys, is_active=True).order_by("pk"))
        for user in dormant:
            user.is_active = False
            user.save(update_fields=["is_active"])
            audit.record(
                actor=actor,
                action="user.disable",
                subject=user,
                changes={
                    "is_active": [True, False],
                    "reason": f"not seen for {days} days",
                    "last_login": user.last_login.isoformat() if user.last_login else None,
                },
            )
    return [user.username for user in dormant]


def user_caseload_switch(*, actor, user, code):
    """Make another of the user's caseloads the prison they are working in now; audited.

    Only a prison their last token gave them: the caseloads are the
    provider's word, never the user's.
    """
    code = code.strip().upper()
    if code not in (user.caseloads or []):
        raise ValidationError({"caseload": _("Choose one of your caseloads.")})
    organisation = organisation_for_code(code)
    _check_role_fits_organisation(user.role, organisation)
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        before = locked.organisation.code if locked.organisation_id else None
        locked.organisation = organisation
        locked.save(update_fields=["organisation"])
        audit.record(
            actor=actor, action="user.caseload_switch", subject=locked, changes={"organisation": [before, code]}
        )
    user.organisation = organisation
    return user
