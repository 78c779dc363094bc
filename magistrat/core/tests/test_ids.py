"""The one parser of record ids from query strings, ticked rows and the command line."""

from magistrat.core.ids import MAX_ID, parse_id, parse_ids


def test_ids_are_ascii_digits_within_what_the_database_holds():
    assert parse_id("12") == 12
    assert parse_id(" 12 ") == 12
    assert parse_id(7) == 7
    assert parse_id(str(MAX_ID)) == MAX_ID
    for bad in ("²", "١٢", "０", "0", "-3", "+3", "1.0", "1e3", "", "abc", None, True, 1.0, [1],
                str(MAX_ID + 1), "99999999999999999999", "0" * 20 + "1", 0, -1, MAX_ID + 1):
        assert parse_id(bad) is None, bad


def test_a_list_keeps_the_readable_ids_once_in_order():
    assert parse_ids(["5", "²", "3", "5", "99999999999999999999", 4]) == [5, 3, 4]
    assert parse_ids(None) == []
    assert parse_ids(["1", "2", "3"], limit=2) == [1, 2]
