import pytest
from django.core.exceptions import ValidationError

from magistrat.organizations.models import Organization

pytestmark = pytest.mark.django_db


def org(**fields):
    return Organization(name="Urząd Gminy", short_name="UG", slug="ug", **fields)


@pytest.mark.parametrize("raw", ["1234563218", "123-456-32-18", "PL 123-456-32-18", "pl1234563218"])
def test_nip_is_accepted_in_office_spellings_and_stored_as_digits(raw):
    organization = org(nip=raw)
    organization.full_clean(exclude=["parent"])
    assert organization.nip == "1234563218"
    assert organization.nip_display == "123-456-32-18"


@pytest.mark.parametrize("raw", ["1234563219", "12345", "ABCDEFGHIJ"])
def test_nip_with_wrong_check_digit_or_length_is_rejected(raw):
    with pytest.raises(ValidationError) as error:
        org(nip=raw).full_clean(exclude=["parent"])
    assert "nip" in error.value.message_dict


@pytest.mark.parametrize("raw", ["123456785", "12345678512347", "123 456 785"])
def test_regon_of_9_or_14_digits_with_check_digits(raw):
    organization = org(regon=raw)
    organization.full_clean(exclude=["parent"])
    assert organization.regon == raw.replace(" ", "")


@pytest.mark.parametrize("raw", ["123456786", "12345678512348", "1234"])
def test_bad_regon_is_rejected(raw):
    with pytest.raises(ValidationError) as error:
        org(regon=raw).full_clean(exclude=["parent"])
    assert "regon" in error.value.message_dict


@pytest.mark.parametrize("raw,stored", [("3001073", "3001073"), ("30 01 07 3", "3001073"),
                                         ("3001", "3001"), ("1465011", "1465011")])
def test_teryt_gmina_and_powiat_codes(raw, stored):
    organization = org(teryt=raw)
    organization.full_clean(exclude=["parent"])
    assert organization.teryt == stored


@pytest.mark.parametrize("raw", ["3001076", "3301073", "0001073", "300107", "3000073", "abcdefg"])
def test_impossible_teryt_codes_are_rejected(raw):
    with pytest.raises(ValidationError) as error:
        org(teryt=raw).full_clean(exclude=["parent"])
    assert "teryt" in error.value.message_dict
