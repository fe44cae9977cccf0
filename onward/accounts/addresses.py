"""The address a sign-in really came from, behind the load balancer: what lockouts are keyed on.

Behind a load balancer every request's REMOTE_ADDR is the balancer's own, so
a lockout keyed on it would let anyone lock a named user out from anywhere.
Each proxy appends the address it was reached from to X-Forwarded-For; with
`TRUSTED_PROXY_COUNT` proxies of ours in front of Onward, the client is the
entry that many places from the right. Everything further left was written by
the client and is never believed. When the header does not hold that many
entries, or the entry is no address, the connection's own address is used.
"""

import ipaddress

from django.conf import settings


def client_address(request):
    remote = request.META.get("REMOTE_ADDR", "")
    trusted = settings.TRUSTED_PROXY_COUNT
    if trusted <= 0:
        return remote
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    if len(hops) < trusted:
        return remote
    candidate = hops[-trusted]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
