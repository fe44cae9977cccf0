import base64
import hashlib
import hmac
import json

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import EmailMessage

from config.notify import NotifyEmailBackend, notify_token

SERVICE_ID = "11111111-2222-3333-4444-555555555555"
SECRET = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee"
API_KEY = f"onward_test-{SERVICE_ID}-{SECRET}"


def _decode(part):
    return json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))


def test_the_token_is_a_notify_jwt_signed_with_the_secret():
    token = notify_token(API_KEY, now=1_700_000_000)
    header, claims, signature = token.split(".")
    assert _decode(header) == {"typ": "JWT", "alg": "HS256"}
    assert _decode(claims) == {"iss": SERVICE_ID, "iat": 1_700_000_000}
    expected = hmac.new(SECRET.encode(), f"{header}.{claims}".encode(), hashlib.sha256).digest()
    assert base64.urlsafe_b64decode(signature + "=" * (-len(signature) % 4)) == expected


def test_each_recipient_is_one_notify_request(monkeypatch):
    sent = []

    class Response:
        status = 201

        def __enter__(self):
            return self

        def __exit__(self, *args):
            return False

    def fake_urlopen(request, timeout):
        sent.append((request.full_url, json.loads(request.data), request.headers["Authorization"]))
        return Response()

    monkeypatch.setattr("urllib.request.urlopen", fake_urlopen)
    backend = NotifyEmailBackend(api_key=API_KEY, template_id="tmpl-1")
    count = backend.send_messages(
        [EmailMessage("Subject", "Body", "onward@example.gov.uk", ["a@example.gov.uk", "b@example.gov.uk"])]
    )
    assert count == 2
    assert [payload["email_address"] for _url, payload, _auth in sent] == ["a@example.gov.uk", "b@example.gov.uk"]
    assert sent[0][1]["personalisation"] == {"subject": "Subject", "body": "Body"}
    assert sent[0][1]["template_id"] == "tmpl-1"
    assert sent[0][2].startswith("Bearer ")


def test_it_refuses_to_start_unconfigured(monkeypatch):
    monkeypatch.delenv("NOTIFY_API_KEY", raising=False)
    with pytest.raises(ImproperlyConfigured):
        NotifyEmailBackend()
