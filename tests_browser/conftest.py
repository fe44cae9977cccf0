"""Browser tests: a real Onward under gunicorn, on a database of its own, driven by Chromium.

These tests never use pytest-django's database fixtures or live_server: the
audit table refuses DELETE and TRUNCATE, so a test database cannot be
flushed. Instead one session-scoped server gets a database made for it
(a temporary SQLite file, or `<DATABASE_URL's database>_browser` on
PostgreSQL), loaded the way a person loads the demo.
"""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import suppress
from urllib.parse import urlsplit, urlunsplit

import pytest
from playwright.sync_api import sync_playwright

from onward.accounts.tests.fake_identity_provider import FakeIdentityProvider
from tests_browser.helpers import ARTIFACTS, ROOT, artefact_name, screenshot

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
VENV_BIN = ROOT / ".venv" / "bin"
SERVER_START_TIMEOUT = 60
COMMAND_TIMEOUT = 600


def _free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _worker_suffix():
    # Under pytest-xdist each worker runs its own server on its own database.
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    return f"_{worker}" if worker else ""


class _PostgresDatabase:
    """A database beside the configured one, made and dropped through the `postgres` database."""

    def __init__(self, url):
        import psycopg

        self.psycopg = psycopg
        parts = urlsplit(url)
        self.name = f"{parts.path.lstrip('/') or 'onward'}_browser{_worker_suffix()}"
        self.url = urlunsplit(parts._replace(path=f"/{self.name}"))
        self.admin_url = urlunsplit(parts._replace(path="/postgres"))

    def _execute(self, statement):
        from psycopg import sql

        with self.psycopg.connect(self.admin_url, autocommit=True) as connection:
            connection.execute(sql.SQL(statement).format(sql.Identifier(self.name)))

    def create(self):
        self.drop()
        self._execute("CREATE DATABASE {}")

    def drop(self):
        self._execute("DROP DATABASE IF EXISTS {} WITH (FORCE)")


def _run(command, env, log):
    log.write(f"$ {' '.join(command)}\n")
    log.flush()
    started = time.monotonic()
    result = subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=COMMAND_TIMEOUT, check=False
    )
    log.write(result.stdout + result.stderr + f"(exit {result.returncode}, {time.monotonic() - started:.1f}s)\n")
    log.flush()
    if result.returncode != 0:
        pytest.fail(
            f"`{' '.join(command[1:])}` failed (exit {result.returncode}):\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}",
            pytrace=False,
        )


def _wait_until_healthy(base_url, server, log_path):
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    last_error = None
    while time.monotonic() < deadline:
        if server.poll() is not None:
            break
        try:
            with urllib.request.urlopen(f"{base_url}/health/", timeout=2) as response:  # noqa: S310 - our own server
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError) as error:
            last_error = error
        time.sleep(0.25)
    tail = log_path.read_text(errors="replace")[-4000:] if log_path.exists() else ""
    pytest.fail(f"gunicorn did not answer /health/ with 200 ({last_error}); its log ends:\n{tail}", pytrace=False)


# The environment the server under test runs with, for `manage` to share.
_SERVER_ENV = {}


@pytest.fixture(scope="session")
def manage(base_url):
    """Run a management command against the server's database, as its daily jobs would."""

    def run(*arguments):
        result = subprocess.run(
            [sys.executable, "manage.py", *arguments],
            cwd=ROOT,
            env=_SERVER_ENV,
            capture_output=True,
            text=True,
            timeout=COMMAND_TIMEOUT,
            check=False,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stdout

    return run


@pytest.fixture(scope="session")
def identity_provider():
    """A real OpenID Connect provider on localhost, as HMPPS Auth, that the server below signs staff in through.

    It runs in this process, so a test tells it who signs in next
    (`identity_provider.sign_in_as(...)`); Onward reaches it over HTTP.
    """
    with FakeIdentityProvider(name="hmpps", client_id="onward-browser") as server:
        yield server


@pytest.fixture(scope="session")
def base_url(tmp_path_factory, identity_provider):
    """The URL of a demo Onward under gunicorn, on a fresh database, for this test session."""
    ARTIFACTS.mkdir(exist_ok=True)
    if not _worker_suffix():
        # Screenshots from an earlier run would pass for this run's failures.
        # (Under pytest-xdist another worker's may be new, so they stay.)
        for stale in ARTIFACTS.glob("test_*.png"):
            stale.unlink(missing_ok=True)
    workdir = tmp_path_factory.mktemp("browser")
    configured = os.environ.get("DATABASE_URL", "")
    postgres = _PostgresDatabase(configured) if configured.startswith(("postgres://", "postgresql://")) else None
    if postgres is not None:
        database_url, vendor = postgres.url, "postgresql"
    else:
        database_url, vendor = f"sqlite:///{workdir / 'browser.sqlite3'}", "sqlite"
    suffix = f"{vendor}{_worker_suffix()}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "DEBUG": "0",
        "DEMO_MODE": "1",
        "SECRET_KEY": "browser-tests-only-not-a-secret",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "STATIC_ROOT": str(workdir / "static"),
        "DATABASE_URL": database_url,
        "PYTHONUNBUFFERED": "1",
        # Password sign-in stays, beside a button for the local provider (tests_browser/test_single_sign_on.py).
        **identity_provider.environment(),
        "OIDC_HMPPS_LABEL": "HMPPS Auth",
    }
    _SERVER_ENV.update(env)
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    server_log_path = ARTIFACTS / f"gunicorn-{suffix}.log"
    server = None
    with (
        open(ARTIFACTS / f"browser-setup-{suffix}.log", "w", encoding="utf-8") as setup_log,
        open(server_log_path, "w", encoding="utf-8") as server_log,
    ):
        try:
            if postgres is not None:
                postgres.create()
            manage = [sys.executable, "manage.py"]
            _run([*manage, "migrate", "--noinput"], env, setup_log)
            _run([*manage, "load_estate"], env, setup_log)
            _run([*manage, "load_demo", "--scale", "0.05"], env, setup_log)
            _run([*manage, "collectstatic", "--noinput"], env, setup_log)
            gunicorn = (
                [str(VENV_BIN / "gunicorn")] if (VENV_BIN / "gunicorn").exists() else [sys.executable, "-m", "gunicorn"]
            )
            server = subprocess.Popen(
                [
                    *gunicorn,
                    "config.wsgi:application",
                    "-b",
                    f"127.0.0.1:{port}",
                    "--workers",
                    "2",
                    "--access-logfile",
                    "-",
                ],
                cwd=ROOT,
                env=env,
                stdout=server_log,
                stderr=server_log,
            )
            _wait_until_healthy(url, server, server_log_path)
            yield url
        finally:
            if server is not None:
                server.terminate()
                try:
                    server.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    server.kill()
                    server.wait(timeout=15)
            if postgres is not None:
                with suppress(Exception):
                    postgres.drop()


@pytest.fixture(scope="session")
def browser():
    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
    finally:
        playwright.stop()


@pytest.fixture
def page(browser, base_url):
    """A fresh browser context (no cookies) and page for each test."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def test_name(request):
    return artefact_name(request.node.name)


def pytest_collection_modifyitems(config, items):
    # Browser tests last: while Playwright's sync API is open its event loop
    # counts as running in this thread, and Django then refuses ORM calls
    # (SynchronousOnlyOperation) in any database test that came after them.
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call" and report.failed:
        page = getattr(item, "funcargs", {}).get("page")
        if page is not None and not page.is_closed():
            path = screenshot(page, item.name)
            if path is not None:
                report.sections.append(("screenshot", str(path)))
    return report
