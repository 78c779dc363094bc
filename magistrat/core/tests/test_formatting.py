import datetime
from decimal import Decimal

from magistrat.core import formatting

NBSP = "\xa0"


def test_money_as_polish_offices_write_it():
    assert formatting.money(Decimal("147979")) == f"147{NBSP}979,00{NBSP}zł"
    assert formatting.money(Decimal("4350.5")) == f"4{NBSP}350,50{NBSP}zł"
    assert formatting.money(Decimal("0.005")) == f"0,01{NBSP}zł"
    assert formatting.money(Decimal("-1234567.891")) == f"-1{NBSP}234{NBSP}567,89{NBSP}zł"
    assert formatting.money(None) == ""


def test_dates_as_day_month_year_with_dots():
    assert formatting.date(datetime.date(2022, 4, 28)) == "28.04.2022"
    assert formatting.date(None) == ""


def test_amounts_in_words_for_documents():
    assert formatting.amount_in_words(Decimal("147979.00")) == (
        "sto czterdzieści siedem tysięcy dziewięćset siedemdziesiąt dziewięć złotych 00/100")
    assert formatting.amount_in_words(Decimal("1.5")) == "jeden złoty 50/100"
    assert formatting.amount_in_words(Decimal("22.01")) == "dwadzieścia dwa złote 01/100"
    assert formatting.amount_in_words(Decimal("12")) == "dwanaście złotych 00/100"


def test_number_parts_are_short_and_plain():
    from magistrat.core.numbering import compact

    assert compact("UMiG Mikstat") == "UMiGMikstat"
    assert compact("Urząd Gminy Testowo") == "UGT"
    assert compact("Łódź") == "Lodz"
    assert compact("Pokój 12/A") == "Pokoj12A"
    assert compact("") == ""
