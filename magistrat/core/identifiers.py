"""Polish identifiers as model fields that normalise and validate themselves.

NIP and REGON are checked with python-stdnum; TERYT has no check digit, only structure.
`Model.full_clean()` and model forms store the normalised value (digits only).
"""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.pl import nip as stdnum_nip
from stdnum.pl import regon as stdnum_regon

TERYT_UNIT_TYPES = {"1", "2", "3", "4", "5", "8", "9"}


def normalize_nip(value: str) -> str:
    value = (value or "").strip().upper()
    if value.startswith("PL"):
        value = value[2:]
    return stdnum_nip.compact(value)


def validate_nip(value: str) -> None:
    if not value:
        return
    try:
        stdnum_nip.validate(value)
    except StdnumError:
        raise ValidationError(
            _("NIP must have 10 digits with a correct check digit (e.g. 123-456-32-18)."),
            code="invalid_nip",
        ) from None


def normalize_regon(value: str) -> str:
    return stdnum_regon.compact((value or "").strip())


def validate_regon(value: str) -> None:
    if not value:
        return
    try:
        stdnum_regon.validate(value)
    except StdnumError:
        raise ValidationError(
            _("REGON must have 9 or 14 digits with correct check digits."), code="invalid_regon"
        ) from None


def normalize_teryt(value: str) -> str:
    return re.sub(r"[\s\-_]", "", (value or "").strip())


def validate_teryt(value: str) -> None:
    """WWPP (powiat) or WWPPGGR (gmina): voivodeship 02–32 even, R the gmina type."""
    if not value:
        return
    message = _(
        "TERYT code must be 4 digits (powiat, WWPP) or 7 digits (gmina, WWPPGGR) with a "
        "voivodeship code 02–32 and a gmina type digit 1–5, 8 or 9."
    )
    if not re.fullmatch(r"\d{4}|\d{7}", value):
        raise ValidationError(message, code="invalid_teryt")
    voivodeship = int(value[:2])
    if voivodeship < 2 or voivodeship > 32 or voivodeship % 2 or value[2:4] == "00":
        raise ValidationError(message, code="invalid_teryt")
    if len(value) == 7 and (value[6] not in TERYT_UNIT_TYPES or value[4:6] == "00"):
        raise ValidationError(message, code="invalid_teryt")


class NormalizingCharField(models.CharField):
    normalizer = staticmethod(lambda v: v)

    def to_python(self, value):
        value = super().to_python(value)
        return self.normalizer(value) if value else (value or "")

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("validators", None)
        return name, path, args, kwargs

    def formfield(self, **kwargs):
        # People type "PL 526-000-12-46" or "63-510-…": the form takes the spelling, the model
        # stores the normalised digits (and checks their length).
        kwargs["max_length"] = self.max_length + 10
        return super().formfield(**kwargs)


class NIPField(NormalizingCharField):
    normalizer = staticmethod(normalize_nip)
    default_validators = [validate_nip]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 10)
        super().__init__(*args, **kwargs)


class REGONField(NormalizingCharField):
    normalizer = staticmethod(normalize_regon)
    default_validators = [validate_regon]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 14)
        super().__init__(*args, **kwargs)


class TERYTField(NormalizingCharField):
    normalizer = staticmethod(normalize_teryt)
    default_validators = [validate_teryt]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 7)
        super().__init__(*args, **kwargs)


def format_nip(value: str) -> str:
    return stdnum_nip.format(value) if value else ""
