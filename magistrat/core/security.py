"""Request facts that depend on the deployment (a reverse proxy in front, or not)."""

from django.conf import settings


def client_ip(request) -> str:
    """The client's address for the login lockout.

    Behind MAGISTRAT_PROXY_COUNT trusted proxies (1 in production: nginx), the client is the
    address that many hops from the right of X-Forwarded-For; without proxies, REMOTE_ADDR.
    Addresses a client writes itself further left are ignored, so they cannot dodge the lockout.
    """
    count = getattr(settings, "MAGISTRAT_PROXY_COUNT", 0)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if count and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= count:
            return hops[-count]
    return request.META.get("REMOTE_ADDR", "")
