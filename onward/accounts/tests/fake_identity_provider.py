"""A real OpenID Connect provider on localhost, served from a thread, for the tests.

It is small but it is not a mock: it publishes a discovery document and a
JWKS, runs the authorisation code flow with PKCE (S256 only) over HTTP,
hands out each code once, checks the client's secret and the code
verifier, and signs RS256 ID tokens with a key it can rotate. Onward talks
to it exactly as it talks to HMPPS Auth or DWP's provider.

Tell it who signs in next with `sign_in_as(claims)`; the authorize endpoint
then answers at once with a code for those claims, as a provider does for
someone already signed in there. To test what Onward refuses it can spoil
the next ID token (`spoil`: "expired", "wrong_audience", "alg_none",
"forged", "wrong_nonce"), be down (`outage`) and rotate its key
(`rotate_key`). It counts the requests it answers.
"""

import base64
import hashlib
import json
import secrets
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

from joserfc import jwt
from joserfc.jwk import RSAKey


def _b64(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


class FakeIdentityProvider:
    def __init__(self, *, client_id="onward", client_secret="not-a-secret", name="hmpps"):  # noqa: S107
        self.name = name
        self.client_id = client_id
        self.client_secret = client_secret
        self.outage = False
        self.spoil = ""
        self.token_lifetime = 300
        self.next_claims = None
        self.keys = [self._new_key()]
        self.requests = Counter()
        self.codes = {}
        self.client_credentials = {}
        self._lock = threading.Lock()
        self._server = None
        self._thread = None
        self.url = ""

    # --- running ---

    def start(self):
        fake = self

        class Handler(_Handler):
            pass

        Handler.fake = fake
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, name="fake-idp", daemon=True)
        self._thread.start()
        return self

    def stop(self):
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._thread.join(timeout=5)
            self._server = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    def provider_settings(self, *, label=None, claims=None):
        """The entry in settings.OIDC_PROVIDERS that points Onward at this provider."""
        return {
            "issuer": self.url,
            "client_id": self.client_id,
            "client_secret": self.client_secret,
            "scopes": "openid profile email",
            "label": label or self.name.upper(),
            "claims": claims or self.name,
            "discovery_url": f"{self.url}/.well-known/openid-configuration",
        }

    def environment(self):
        """The same, as the environment variables an operator would set."""
        prefix = f"OIDC_{self.name.upper()}_"
        return {
            f"{prefix}ISSUER": self.url,
            f"{prefix}CLIENT_ID": self.client_id,
            f"{prefix}CLIENT_SECRET": self.client_secret,
        }

    # --- what it issues ---

    def sign_in_as(self, **claims):
        """The person the next authorisation is for: `sub` and whatever claims they carry."""
        self.next_claims = claims

    def rotate_key(self):
        """Sign with a new key from now on; the JWKS publishes only the new one."""
        with self._lock:
            self.keys = [self._new_key()]

    def allow_client(self, client_id, client_secret, **claims):
        """A partner system that may take a client-credentials token carrying these claims."""
        self.client_credentials[client_id] = (client_secret, claims)

    @staticmethod
    def _new_key():
        return RSAKey.generate_key(2048, parameters={"kid": secrets.token_hex(8), "use": "sig", "alg": "RS256"})

    def jwks(self):
        return {"keys": [key.as_dict(private=False) for key in self.keys]}

    def signed(self, claims, *, key=None, alg="RS256"):
        key = key or self.keys[0]
        if alg == "none":
            header = _b64(json.dumps({"alg": "none", "kid": key.kid}).encode())
            return f"{header}.{_b64(json.dumps(claims).encode())}."
        return jwt.encode({"alg": alg, "kid": key.kid, "typ": "JWT"}, claims, key)

    def id_token(self, claims, *, nonce):
        now = int(time.time())
        body = {"iss": self.url, "aud": self.client_id, "iat": now, "exp": now + self.token_lifetime}
        body |= claims
        body["nonce"] = nonce
        spoil, self.spoil = self.spoil, ""
        if spoil == "expired":
            body["iat"], body["exp"] = now - 3600, now - 1800
        elif spoil == "wrong_audience":
            body["aud"] = "someone-else"
        elif spoil == "wrong_nonce":
            body["nonce"] = "not-the-nonce"
        elif spoil == "alg_none":
            return self.signed(body, alg="none")
        elif spoil == "forged":
            # Signed by someone else's key that claims to be ours.
            forger = RSAKey.generate_key(2048, parameters={"kid": self.keys[0].kid})
            return self.signed(body, key=forger)
        return self.signed(body)


class _Handler(BaseHTTPRequestHandler):
    fake: FakeIdentityProvider
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True

    def log_message(self, format, *args):
        pass

    def _send(self, status, body=None, *, headers=None):
        payload = json.dumps(body).encode() if body is not None else b""
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        if body is not None:
            self.send_header("Content-Type", "application/json")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def _route(self):
        path = urlsplit(self.path).path
        self.fake.requests[path] += 1
        if self.fake.outage:
            self._send(503, {"error": "temporarily_unavailable"})
            return None
        return path

    def do_GET(self):
        path = self._route()
        fake = self.fake
        if path is None:
            return
        if path == "/.well-known/openid-configuration":
            self._send(
                200,
                {
                    "issuer": fake.url,
                    "authorization_endpoint": f"{fake.url}/authorize",
                    "token_endpoint": f"{fake.url}/token",
                    "jwks_uri": f"{fake.url}/jwks",
                    "end_session_endpoint": f"{fake.url}/logout",
                    "response_types_supported": ["code"],
                    "subject_types_supported": ["public"],
                    "id_token_signing_alg_values_supported": ["RS256"],
                    "code_challenge_methods_supported": ["S256"],
                    "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
                    "grant_types_supported": ["authorization_code", "client_credentials"],
                },
            )
        elif path == "/jwks":
            self._send(200, fake.jwks())
        elif path == "/authorize":
            self._authorize(parse_qs(urlsplit(self.path).query))
        elif path == "/logout":
            query = parse_qs(urlsplit(self.path).query)
            target = query.get("post_logout_redirect_uri", [""])[0]
            if target:
                self._send(302, headers={"Location": target})
            else:
                self._send(200, {"signed_out": True})
        else:
            self._send(404, {"error": "not_found"})

    def _authorize(self, query):
        fake = self.fake
        one = {name: values[0] for name, values in query.items()}
        redirect_uri = one.get("redirect_uri", "")
        if one.get("client_id") != fake.client_id or not redirect_uri:
            self._send(400, {"error": "invalid_client"})
            return
        if one.get("response_type") != "code" or "openid" not in one.get("scope", "").split():
            self._redirect_error(redirect_uri, one, "invalid_request")
            return
        if one.get("code_challenge_method") != "S256" or not one.get("code_challenge"):
            self._redirect_error(redirect_uri, one, "invalid_request")
            return
        if fake.next_claims is None:
            self._redirect_error(redirect_uri, one, "access_denied")
            return
        code = secrets.token_urlsafe(24)
        with fake._lock:
            fake.codes[code] = {
                "claims": dict(fake.next_claims),
                "nonce": one.get("nonce", ""),
                "redirect_uri": redirect_uri,
                "code_challenge": one["code_challenge"],
                "issued": time.monotonic(),
            }
        self._send(
            302, headers={"Location": f"{redirect_uri}?{urlencode({'code': code, 'state': one.get('state', '')})}"}
        )

    def _redirect_error(self, redirect_uri, one, error):
        query = urlencode({"error": error, "state": one.get("state", "")})
        self._send(302, headers={"Location": f"{redirect_uri}?{query}"})

    def _client(self, form):
        header = self.headers.get("Authorization", "")
        if header.startswith("Basic "):
            client_id, _, secret = base64.b64decode(header[6:]).decode().partition(":")
            return client_id, secret
        return form.get("client_id", ""), form.get("client_secret", "")

    def do_POST(self):
        path = self._route()
        fake = self.fake
        if path is None:
            return
        length = int(self.headers.get("Content-Length", "0"))
        form = {name: values[0] for name, values in parse_qs(self.rfile.read(length).decode()).items()}
        if path != "/token":
            self._send(404, {"error": "not_found"})
            return
        client_id, secret = self._client(form)
        if form.get("grant_type") == "client_credentials":
            allowed = fake.client_credentials.get(client_id)
            if allowed is None or allowed[0] != secret:
                self._send(401, {"error": "invalid_client"})
                return
            now = int(time.time())
            claims = {"iss": fake.url, "sub": client_id, "client_id": client_id, "iat": now, "exp": now + 1200}
            self._send(
                200, {"access_token": fake.signed(claims | allowed[1]), "token_type": "bearer", "expires_in": 1200}
            )
            return
        if client_id != fake.client_id or secret != fake.client_secret:
            self._send(401, {"error": "invalid_client"})
            return
        if form.get("grant_type") != "authorization_code":
            self._send(400, {"error": "unsupported_grant_type"})
            return
        with fake._lock:
            grant = fake.codes.pop(form.get("code", ""), None)
        if grant is None or grant["redirect_uri"] != form.get("redirect_uri"):
            self._send(400, {"error": "invalid_grant"})
            return
        challenge = _b64(hashlib.sha256(form.get("code_verifier", "").encode()).digest())
        if challenge != grant["code_challenge"]:
            self._send(400, {"error": "invalid_grant", "error_description": "PKCE verification failed"})
            return
        self._send(
            200,
            {
                "access_token": secrets.token_urlsafe(24),
                "token_type": "Bearer",
                "expires_in": 300,
                "id_token": fake.id_token(grant["claims"], nonce=grant["nonce"]),
            },
        )
