"""Production: behind a TLS-terminating reverse proxy, PostgreSQL via MAGISTRAT_DATABASE_URL.

`DJANGO_SETTINGS_MODULE=config.settings.prod magistrat check --deploy` passes with these.
"""

from .base import *  # noqa: F401,F403
from .base import env_bool, env_int

DEBUG = False
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("MAGISTRAT_SSL_REDIRECT", True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env_int("MAGISTRAT_HSTS_SECONDS", 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# One reverse proxy (nginx) in front: the lockout counts the address it forwards.
MAGISTRAT_PROXY_COUNT = env_int("MAGISTRAT_PROXY_COUNT", 1)
