"""Start-page cards. Each domain app offers `summary.cards(*, user, within)`; the list of them
is explicit in settings.DASHBOARD_CARDS (no registry filled by import side effects)."""

from dataclasses import dataclass

from django.conf import settings
from django.utils.module_loading import import_string


@dataclass
class Card:
    number: int
    label: str
    url: str = ""
    note: str = ""
    warning: bool = False


def cards(*, user, within) -> list[Card]:
    result = []
    for path in settings.DASHBOARD_CARDS:
        result.extend(import_string(path)(user=user, within=within))
    return result
