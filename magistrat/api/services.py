"""API tokens: created (key shown once), revoked. Only the hash is stored."""

import secrets

from django.db import transaction
from django.utils import timezone

from magistrat.core.changelog import log_change, snapshot
from magistrat.core.models import ChangeLogEntry
from magistrat.organizations import access

from .models import ApiToken, hash_token

KEY_PREFIX = "mgt_"


def _may_manage(user, owner) -> bool:
    return access.is_superuser(user) or getattr(user, "pk", None) == owner.pk


@transaction.atomic
def token_create(*, user, owner, name: str = "") -> tuple[ApiToken, str]:
    """Returns the token and its key; the key cannot be recovered later."""
    if not _may_manage(user, owner):
        raise access.AccessDenied("Only the owner or an installation administrator creates tokens.")
    prefix = secrets.token_hex(4)
    key = f"{KEY_PREFIX}{prefix}_{secrets.token_urlsafe(32)}"
    token = ApiToken(user=owner, name=(name or "").strip()[:100], prefix=prefix,
                     key_hash=hash_token(key))
    token.full_clean()
    token.save()
    log_change(user=user, instance=token, action=ChangeLogEntry.Action.CREATE)
    return token, key


@transaction.atomic
def token_revoke(*, user, token: ApiToken) -> ApiToken:
    if not _may_manage(user, token.user):
        raise access.AccessDenied("Only the owner or an installation administrator revokes tokens.")
    if token.revoked_at is None:
        before = snapshot(token)
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at", "updated_at"])
        log_change(user=user, instance=token, action=ChangeLogEntry.Action.UPDATE, before=before)
    return token


def token_touch(*, token: ApiToken) -> None:
    """Note the last use (at most once a minute; not a change worth logging)."""
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)


def token_lookup(key: str) -> ApiToken | None:
    if not key.startswith(KEY_PREFIX) or key.count("_") < 2:
        return None
    prefix = key[len(KEY_PREFIX):].split("_", 1)[0]
    token = ApiToken.objects.filter(prefix=prefix, revoked_at__isnull=True).select_related(
        "user").first()
    if token is None or not token.matches(key):
        return None
    return token
