"""Reading MAGISTRAT_* variables. A value that cannot be used is an ImproperlyConfigured error
naming the variable — which `magistrat` prints as one line — never a traceback from deep inside
Django."""

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

TRUE = {"1", "true", "yes", "on"}
FALSE = {"0", "false", "no", "off"}


def _raw(name: str) -> str | None:
    value = os.environ.get(name)
    return None if value is None or value.strip() == "" else value.strip()


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = _raw(name)
    if value is None:
        return default
    if value.lower() in TRUE:
        return True
    if value.lower() in FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be 1, true, yes or on (or 0, false, no, off), not {value!r}")


def env_int(name: str, default: int, *, minimum: int = 0, maximum: int | None = None) -> int:
    value = _raw(name)
    if value is None:
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from None
    if number < minimum or (maximum is not None and number > maximum):
        bounds = f"from {minimum}" + (f" to {maximum}" if maximum is not None else " up")
        raise ImproperlyConfigured(f"{name} must be a whole number {bounds}, not {value!r}")
    return number


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_choice(name: str, default: str, choices: list[str]) -> str:
    value = _raw(name)
    if value is None:
        return default
    if value.upper() in choices:
        return value.upper()
    raise ImproperlyConfigured(f"{name} must be one of {', '.join(choices)}, not {value!r}")


def env_url(name: str, schemes: tuple[str, ...] = ("http", "https")) -> str:
    value = _raw(name) or ""
    if value and not value.lower().startswith(tuple(f"{s}://" for s in schemes)):
        raise ImproperlyConfigured(f"{name} must start with {' or '.join(f'{s}://' for s in schemes)}, "
                                   f"not {value!r}")
    return value


def data_dir(name: str, default: Path) -> Path:
    """The data directory, created when missing; it must be a writable directory."""
    path = Path(_raw(name) or default).expanduser().resolve()
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ImproperlyConfigured(f"{name}: cannot create the data directory {path} "
                                   f"({exc.strerror})") from None
    if not os.access(path, os.W_OK | os.X_OK):
        raise ImproperlyConfigured(f"{name}: the data directory {path} is not writable")
    return path


def database(name: str, default: dict) -> dict:
    value = _raw(name)
    if value is None:
        return default
    import dj_database_url

    example = "postgres://magistrat:PASSWORD@127.0.0.1:5432/magistrat"
    try:
        return dj_database_url.parse(value, conn_max_age=60, conn_health_checks=True)
    except ValueError as exc:   # an unknown scheme, a bad port, unquoted characters, ...
        scheme = value.split("://", 1)[0] if "://" in value else ""
        known = getattr(dj_database_url, "ENGINE_SCHEMES", None)
        if not scheme:
            problem = "not a URL"
        elif known is not None and scheme not in known:
            problem = f"unknown database type {scheme + '://'!r}"
        else:
            problem = f"not a valid database URL ({exc})"
        raise ImproperlyConfigured(
            f"{name}: {problem}; use e.g. {example} (percent-encode special characters in the "
            "password), or leave it unset for SQLite in the data directory") from None
