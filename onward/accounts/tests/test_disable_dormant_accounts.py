"""The nightly command that switches off accounts not seen for 90 days."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from onward.accounts.constants import Role
from onward.accounts.models import ApiToken, User
from onward.accounts.tests.factories import user_for
from onward.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

NOW = timezone.now()


def run():
    out = StringIO()
    call_command("disable_dormant_accounts", stdout=out)
    return out.getvalue()


def person(username, *, last_login=None, joined_days_ago=400):
    user = user_for(Role.PRISON_WORK_COACH, "NWI", username=username)
    User.objects.filter(pk=user.pk).update(last_login=last_login, date_joined=NOW - timedelta(days=joined_days_ago))
    return User.objects.get(pk=user.pk)


def test_an_account_not_seen_for_90_days_is_switched_off_and_audited():
    person("gone", last_login=NOW - timedelta(days=91))
    person("here", last_login=NOW - timedelta(days=89))

    output = run()

    assert not User.objects.get(username="gone").is_active
    assert User.objects.get(username="here").is_active
    assert "Switched off gone." in output
    event = AuditEvent.objects.get(action="user.disable")
    assert event.actor_username == "onward-nightly"
    assert event.object_id == str(User.objects.get(username="gone").pk)
    assert event.changes["is_active"] == [True, False]


def test_a_new_account_never_signed_in_to_has_its_90_days():
    person("new", joined_days_ago=10)
    person("never", joined_days_ago=120)
    run()
    assert User.objects.get(username="new").is_active
    assert not User.objects.get(username="never").is_active


def test_a_partner_system_using_its_api_token_is_seen():
    user = person("partner", last_login=None)
    ApiToken.objects.create(user=user, key_hash="a" * 64, prefix="aaaa", last_used_at=NOW - timedelta(days=3))
    run()
    assert User.objects.get(username="partner").is_active


def test_a_second_run_changes_nothing():
    person("gone", last_login=NOW - timedelta(days=200))
    run()
    before = AuditEvent.objects.filter(action="user.disable").count()
    assert "0 account(s)" in run()
    assert AuditEvent.objects.filter(action="user.disable").count() == before == 1
