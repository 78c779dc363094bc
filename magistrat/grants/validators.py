"""Dates of grant projects in a sensible range: a typo such as 9999-12-01 is a field error, not
a crash when the end or a deadline is computed from it."""

import datetime

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

from magistrat.core import formatting

EARLIEST = datetime.date(2000, 1, 1)
LATEST = datetime.date(2099, 12, 31)


def in_range(value) -> bool:
    return not isinstance(value, datetime.date) or EARLIEST <= value <= LATEST


@deconstructible
class SensibleDate:
    message = _("Enter a date between %(earliest)s and %(latest)s.")
    code = "date_out_of_range"

    def __call__(self, value):
        if not in_range(value):
            raise ValidationError(self.message, code=self.code, params={
                "earliest": formatting.date(EARLIEST), "latest": formatting.date(LATEST)})

    def __eq__(self, other):
        return isinstance(other, SensibleDate)


SENSIBLE_DATE = [SensibleDate()]
