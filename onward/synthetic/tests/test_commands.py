import subprocess
import sys

import pytest
from django.conf import settings as django_settings
from django.core.management import CommandError, call_command

from onward.accounts.demo import DEMO_ACCOUNTS
from onward.accounts.models import User
from onward.cases.models import Case
from onward.journey.models import PlannedTouchpoint

pytestmark = pytest.mark.django_db


def test_generate_spreads_people_over_named_prisons_and_reports(capsys):
    call_command("generate", "--people", "30", "--history-years", "1", "--prisons", "NWI,WLI")
    assert Case.objects.filter(status="in_custody").count() == 30
    assert set(Case.objects.values_list("prison__code", flat=True)) == {"NWI", "WLI"}
    assert "Generated" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("args", "message"),
    [(["--people", "0"], "at least 1"), (["--people", "5", "--prisons", "XXX"], "Not active prisons")],
)
def test_generate_refuses_nonsense(args, message):
    with pytest.raises(CommandError, match=message):
        call_command("generate", *args)


def test_load_demo_is_idempotent_and_refuses_without_demo_mode(settings):
    settings.DEMO_MODE = False
    with pytest.raises(CommandError):
        call_command("load_demo")
    call_command("load_demo", "--force", "--scale", "0.01")
    cases = Case.objects.count()
    call_command("load_demo", "--force", "--scale", "0.01")
    assert Case.objects.count() == cases
    assert User.objects.filter(username__in=[a[0] for a in DEMO_ACCOUNTS]).count() == len(DEMO_ACCOUNTS)


@pytest.mark.parametrize("demo_mode", [False, True])
def test_load_demo_refuses_under_production_settings_even_with_force(settings, demo_mode):
    settings.PRODUCTION = True
    settings.DEMO_MODE = demo_mode
    with pytest.raises(CommandError, match="production settings"):
        call_command("load_demo", "--force", "--scale", "0.01")
    assert not Case.objects.exists()
    assert not User.objects.filter(username__in=[a[0] for a in DEMO_ACCOUNTS]).exists()


def test_load_demo_force_refuses_when_run_with_the_production_settings_module(tmp_path):
    result = subprocess.run(
        [sys.executable, "manage.py", "load_demo", "--force"],
        env={
            "PATH": "/usr/bin:/bin",
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "SECRET_KEY": "k" * 10 + "abcdefghij" * 5,
            "ALLOWED_HOSTS": "onward.example",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'untouched.sqlite3'}",
        },
        capture_output=True,
        text=True,
        cwd=django_settings.BASE_DIR,
        check=False,
    )
    assert result.returncode != 0
    assert "production settings" in result.stderr


def test_replan_touchpoints_command_runs_twice_the_same(capsys):
    call_command("generate", "--people", "10", "--history-years", "0", "--prisons", "NWI")
    call_command("replan_touchpoints")
    first = capsys.readouterr().out
    call_command("replan_touchpoints")
    assert "Replanned 10 live cases" in first
    assert "Replanned 10 live cases" in capsys.readouterr().out


def test_replan_touchpoints_with_history_replans_released_cases_too(capsys):
    call_command("generate", "--people", "6", "--history-years", "1", "--prisons", "NWI")
    everyone = Case.objects.count()
    assert everyone > 6
    PlannedTouchpoint.objects.filter(case__status="released").delete()
    call_command("replan_touchpoints", "--history")
    assert f"Replanned {everyone:,} cases, history included" in capsys.readouterr().out
    assert PlannedTouchpoint.objects.filter(case__status="released").exists()
