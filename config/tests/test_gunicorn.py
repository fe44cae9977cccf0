"""Onward as production serves it, under gunicorn from the repository's root: no `Server: gunicorn` (issue 12)."""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _headers(url, deadline):
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - our own server, on localhost
                return response.headers
        except urllib.error.HTTPError as error:
            return error.headers
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def test_gunicorn_names_no_server_software(tmp_path):
    port = _free_port()
    env = os.environ | {
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}",
    }
    server = subprocess.Popen(  # noqa: S603 - gunicorn from this virtualenv
        [sys.executable, "-m", "gunicorn", "config.wsgi:application", "-b", f"127.0.0.1:{port}", "--workers", "1"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        headers = _headers(f"http://127.0.0.1:{port}/accessibility/", time.monotonic() + 30)
    finally:
        server.terminate()
        server.wait(10)
    assert "Server" not in headers
    assert "Permissions-Policy" in headers
