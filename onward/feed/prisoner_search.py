"""HMPPS Prisoner Search, read with a client-credentials token from HMPPS Auth.

The contract is api.md's: a token from `POST {HMPPS_AUTH_URL}/oauth/token`
(HTTP Basic client id and secret, `grant_type=client_credentials`) reused
until it expires, then `GET {PRISONER_SEARCH_URL}/prisoner/{prisonerNumber}`
and, for the nightly reconciliation, `GET /prison/{prisonId}/prisoners`
(Prisoner Search's paged establishment search).

Anything short of a clear answer (a timeout, a refused connection, a 5xx, a
token HMPPS Auth will not give) is PrisonerSearchUnavailable: the caller
keeps the message to try again and writes nothing.
"""

import threading
import time
from urllib.parse import quote

import httpx
from django.conf import settings

# Renew a little before HMPPS Auth's expiry, so a token never lapses in flight.
TOKEN_MARGIN_SECONDS = 30
PAGE_SIZE = 500


class PrisonerSearchUnavailable(Exception):
    """Prisoner Search or HMPPS Auth did not answer as it should; try again later."""


class PrisonerSearch:
    def __init__(
        self,
        *,
        auth_url,
        search_url,
        client_id,
        client_secret,
        timeout=10.0,
        max_connections=32,
        clock=time.monotonic,
    ):
        self.auth_url = (auth_url or "").rstrip("/")
        self.search_url = (search_url or "").rstrip("/")
        self._credentials = (client_id or "", client_secret or "")
        self._clock = clock
        self._lock = threading.Lock()
        self._token = None
        self._token_expires = 0.0
        self.tokens_fetched = 0
        self._http = httpx.Client(
            timeout=httpx.Timeout(timeout, connect=min(timeout, 5.0)),
            limits=httpx.Limits(max_connections=max_connections, max_keepalive_connections=max_connections),
            headers={"Accept": "application/json", "User-Agent": "onward-feed"},
        )

    @classmethod
    def from_settings(cls, **overrides):
        values = {
            "auth_url": settings.HMPPS_AUTH_URL,
            "search_url": settings.PRISONER_SEARCH_URL,
            "client_id": settings.HMPPS_CLIENT_ID,
            "client_secret": settings.HMPPS_CLIENT_SECRET,
            "timeout": settings.FEED_HTTP_TIMEOUT,
            "max_connections": max(settings.FEED_CONCURRENCY, 1) * 2,
        }
        return cls(**(values | overrides))

    @property
    def configured(self):
        return bool(self.auth_url and self.search_url)

    def close(self):
        self._http.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # --- HMPPS Auth ---

    def _bearer(self, *, renew=False):
        with self._lock:
            if renew or self._token is None or self._clock() >= self._token_expires:
                self._token, lifetime = self._fetch_token()
                self._token_expires = self._clock() + max(0, lifetime - TOKEN_MARGIN_SECONDS)
            return self._token

    def _fetch_token(self):
        if not self.configured:
            raise PrisonerSearchUnavailable("HMPPS_AUTH_URL and PRISONER_SEARCH_URL are not set")
        try:
            response = self._http.post(
                f"{self.auth_url}/oauth/token",
                data={"grant_type": "client_credentials"},
                auth=self._credentials,
            )
        except httpx.HTTPError as error:
            raise PrisonerSearchUnavailable(f"HMPPS Auth did not answer: {type(error).__name__}") from error
        if response.status_code != 200:
            raise PrisonerSearchUnavailable(f"HMPPS Auth refused a token ({response.status_code})")
        try:
            body = response.json()
            token, lifetime = body["access_token"], int(body.get("expires_in", 0))
        except (ValueError, KeyError, TypeError) as error:
            raise PrisonerSearchUnavailable("HMPPS Auth's answer has no access_token") from error
        if not isinstance(token, str) or not token:
            raise PrisonerSearchUnavailable("HMPPS Auth's answer has no access_token")
        self.tokens_fetched += 1
        return token, lifetime

    # --- Prisoner Search ---

    def _get(self, path, params=None):
        """GET with the token; a 401 gets one fresh token and one more try."""
        token = self._bearer()
        for attempt in (1, 2):
            try:
                response = self._http.get(
                    f"{self.search_url}{path}", params=params, headers={"Authorization": f"Bearer {token}"}
                )
            except httpx.HTTPError as error:
                raise PrisonerSearchUnavailable(f"Prisoner Search did not answer: {type(error).__name__}") from error
            if response.status_code == 401 and attempt == 1:
                token = self._bearer(renew=True)
                continue
            return response
        return response

    def prisoner(self, prison_number):
        """The Prisoner document, or None when Prisoner Search does not know the number."""
        response = self._get(f"/prisoner/{quote(prison_number, safe='')}")
        if response.status_code == 404:
            return None
        return self._json(response, expect=dict)

    def prisoners_in_prison(self, prison_code, *, page_size=PAGE_SIZE):
        """Every Prisoner document at a prison, page by page (Spring's Page: content, last, totalPages)."""
        page = 0
        while True:
            response = self._get(
                f"/prison/{quote(prison_code, safe='')}/prisoners",
                params={"page": page, "size": page_size, "sort": "prisonerNumber,ASC"},
            )
            body = self._json(response, expect=dict)
            content = body.get("content")
            if not isinstance(content, list):
                raise PrisonerSearchUnavailable("Prisoner Search's page has no content")
            yield from (item for item in content if isinstance(item, dict))
            total_pages = body.get("totalPages")
            if body.get("last") is True or not content or (isinstance(total_pages, int) and page + 1 >= total_pages):
                return
            page += 1

    @staticmethod
    def _json(response, *, expect):
        if response.status_code != 200:
            raise PrisonerSearchUnavailable(f"Prisoner Search answered {response.status_code}")
        try:
            body = response.json()
        except ValueError as error:
            raise PrisonerSearchUnavailable("Prisoner Search's answer is not JSON") from error
        if not isinstance(body, expect):
            raise PrisonerSearchUnavailable("Prisoner Search's answer is not the shape it publishes")
        return body
