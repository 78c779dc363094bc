"""The channel a change arrives through (web, api, cli, import, agent), kept per request/thread.

Services read it when they write the change log, so callers need not pass it everywhere.
"""

from contextlib import contextmanager
from contextvars import ContextVar

WEB, API, CLI, IMPORT, AGENT, SYSTEM = "web", "api", "cli", "import", "agent", "system"

_channel: ContextVar[str] = ContextVar("magistrat_channel", default=SYSTEM)


def current_channel() -> str:
    return _channel.get()


def set_channel(channel: str) -> None:
    _channel.set(channel)


@contextmanager
def use_channel(channel: str):
    token = _channel.set(channel)
    try:
        yield
    finally:
        _channel.reset(token)
