import hashlib
import hmac

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from magistrat.core.models import TimestampedModel


def hash_token(secret: str) -> str:
    # Keys are 256-bit random strings, so SHA-256 suffices (no password stretching needed);
    # it does not depend on SECRET_KEY, so rotating that key keeps tokens valid.
    return hashlib.sha256(secret.encode()).hexdigest()


class ApiToken(TimestampedModel):
    """An API token. Only its hash is stored; the key is shown once, when created."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="api_tokens", verbose_name=_("user"))
    name = models.CharField(_("name"), max_length=100, blank=True)
    prefix = models.CharField(_("prefix"), max_length=12, unique=True)
    key_hash = models.CharField(max_length=64)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    changelog_secret_fields = ("key_hash",)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.prefix}… ({self.name})" if self.name else f"{self.prefix}…"

    @property
    def active(self) -> bool:
        return self.revoked_at is None

    def matches(self, secret: str) -> bool:
        return hmac.compare_digest(self.key_hash, hash_token(secret))
