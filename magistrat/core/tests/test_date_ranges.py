"""A range that ends before it starts ("from 31.12.2024 to 01.01.2024") is an error naming the
range's end on every channel — never an empty list that looks like an answer, never a 500."""

import datetime

import django_filters
import pytest

from magistrat.core.filters_widgets import DateFilter, RangeCheckedFilterSet, ranges
from magistrat.core.models import ChangeLogEntry

REVERSED = {"date_from": "2024-12-31", "date_to": "2024-01-01"}


def test_journal_names_the_end_of_a_reversed_range(world, client, english):
    client.force_login(world.admin_a)
    response = client.get("/journal/", REVERSED)
    assert response.status_code == 400
    html = response.content.decode()
    assert "“To” (01.01.2024) is before “From” (31.12.2024): swap the dates." in html
    assert "No records are shown until the filters are corrected" in html
    assert "Alfowska" not in html
    # the table redrawn by htmx says it too (a 200, or htmx would not show it)
    partial = client.get("/journal/", REVERSED, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="object-table")
    assert partial.status_code == 200 and "swap the dates" in partial.content.decode()


def test_journal_in_polish_and_a_sensible_range_still_answers(world, client):
    client.force_login(world.admin_a)
    html = client.get("/journal/", REVERSED).content.decode()
    assert "„Do” (01.01.2024) jest wcześniej niż „Od” (31.12.2024): zamień daty." in html
    today = datetime.date.today().isoformat()
    response = client.get("/journal/", {"date_from": today, "date_to": today})
    assert response.status_code == 200 and "Alfowska" in response.content.decode()
    one_day = client.get("/journal/", {"date_from": "2024-01-01", "date_to": "2024-01-01"})
    assert one_day.status_code == 200


@pytest.mark.parametrize(("url", "field"), [
    ("/api/v1/assets/?purchased_from=2024-12-31&purchased_to=2024-01-01", "purchased_to"),
    ("/api/v1/expenditures/?date_from=2024-12-31&date_to=2024-01-01", "date_to"),
])
def test_api_answers_400_naming_the_end_of_the_range(world, api_client, url, field):
    api_client.force_authenticate(world.admin_a)
    response = api_client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400, response.content[:300]
    assert "swap the dates" in response.json()["fields"][field][0]
    same_day = url.replace("2024-12-31", "2024-01-01")
    assert api_client.get(same_day).status_code == 200


def test_list_screen_of_another_app_gets_the_check_too(world, client, english):
    client.force_login(world.admin_a)
    response = client.get("/assets/", {"purchased_from": "2024-12-31", "purchased_to": "2024-01-01"})
    assert response.status_code == 400
    assert "is before “Purchased from” (31.12.2024)" in response.content.decode()


def test_a_range_checked_filterset_refuses_by_itself(db, english):
    class Entries(RangeCheckedFilterSet):
        date_from = DateFilter(label="From", field_name="timestamp__date", lookup_expr="gte")
        date_to = DateFilter(label="To", field_name="timestamp__date", lookup_expr="lte")
        after = django_filters.NumberFilter(field_name="id", lookup_expr="gt")
        before = django_filters.NumberFilter(field_name="id", lookup_expr="lt")

        class Meta:
            model = ChangeLogEntry
            fields = []

    assert ranges(Entries.base_filters) == [("date_from", "date_to"), ("after", "before")]
    filterset = Entries({"after": "10", "before": "3"}, queryset=ChangeLogEntry.objects.none())
    assert not filterset.is_valid()
    assert "swap the values" in filterset.errors["before"][0]
    assert Entries({"after": "3", "before": "10"}, queryset=ChangeLogEntry.objects.none()).is_valid()


def test_cli_export_refuses_a_reversed_range(world, english):
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="swap the dates"):
        call_command("export", "assets", "--filter", "purchased_from=2024-12-31",
                     "--filter", "purchased_to=2024-01-01", "-o", "/dev/null")
