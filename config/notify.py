"""A Django e-mail backend that sends through GOV.UK Notify.

Set `EMAIL_BACKEND=config.notify.NotifyEmailBackend`, `NOTIFY_API_KEY` (the
key Notify issues: name-serviceid-secret) and `NOTIFY_TEMPLATE_ID` (a Notify
e-mail template whose subject is ((subject)) and whose body is ((body))).
Onward renders every message from its own templates; Notify delivers it.
"""

import base64
import hashlib
import hmac
import json
import logging
import os
import time
import urllib.error
import urllib.request

from django.core.exceptions import ImproperlyConfigured
from django.core.mail.backends.base import BaseEmailBackend

NOTIFY_URL = "https://api.notifications.service.gov.uk/v2/notifications/email"
logger = logging.getLogger(__name__)


def _b64(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def notify_token(api_key, *, now=None):
    """The JWT Notify expects: HS256, issuer the service id, issued-at now."""
    if len(api_key) < 74:
        raise ImproperlyConfigured("NOTIFY_API_KEY is not a GOV.UK Notify API key")
    service_id, secret = api_key[-73:-37], api_key[-36:]
    header = _b64(json.dumps({"typ": "JWT", "alg": "HS256"}).encode())
    claims = _b64(json.dumps({"iss": service_id, "iat": int(now if now is not None else time.time())}).encode())
    signature = hmac.new(secret.encode(), f"{header}.{claims}".encode(), hashlib.sha256).digest()
    return f"{header}.{claims}.{_b64(signature)}"


class NotifyEmailBackend(BaseEmailBackend):
    def __init__(self, *, api_key=None, template_id=None, url=NOTIFY_URL, **kwargs):
        super().__init__(**kwargs)
        self.api_key = api_key or os.environ.get("NOTIFY_API_KEY", "")
        self.template_id = template_id or os.environ.get("NOTIFY_TEMPLATE_ID", "")
        self.url = url
        if not (self.api_key and self.template_id):
            raise ImproperlyConfigured("Set NOTIFY_API_KEY and NOTIFY_TEMPLATE_ID to send e-mail through GOV.UK Notify")

    def send_messages(self, email_messages):
        sent = 0
        for message in email_messages:
            for address in message.recipients():
                try:
                    self._post(address, message.subject, message.body)
                except (urllib.error.URLError, OSError) as error:
                    # Raise, so the task records the failure and can be retried.
                    logger.warning("GOV.UK Notify refused a message: %s", error)
                    raise
                sent += 1
        return sent

    def _post(self, address, subject, body):
        payload = json.dumps(
            {
                "email_address": address,
                "template_id": self.template_id,
                "personalisation": {"subject": subject, "body": body},
            }
        ).encode()
        request = urllib.request.Request(  # noqa: S310 - a fixed https URL
            self.url,
            data=payload,
            method="POST",
            headers={"Content-Type": "application/json", "Authorization": f"Bearer {notify_token(self.api_key)}"},
        )
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            return response.status
