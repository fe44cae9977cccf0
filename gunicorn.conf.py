"""gunicorn's settings for Onward, read from the working directory whenever gunicorn starts there (README:
Production): answers name no server software.

gunicorn writes `Server: gunicorn` before the application's own headers, and has no setting to leave it out:
telling every caller which server (and so which known weaknesses) sits behind the load balancer helps only an
attacker, so the header is dropped here, in the master process, before any worker starts.
"""

from gunicorn.http import wsgi

_gunicorns_headers = wsgi.Response.default_headers


def _without_server(response):
    return [line for line in _gunicorns_headers(response) if not line.lower().startswith("server:")]


wsgi.Response.default_headers = _without_server
