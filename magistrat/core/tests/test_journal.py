"""The administrators' journal: each row links to the record's page while the record exists,
and the page costs the same few queries however many rows it shows."""

import re

from magistrat.core.journal import attach_record_links
from magistrat.core.models import ChangeLogEntry
from magistrat.organizations import services
from magistrat.organizations.models import Role
from magistrat.organizations.tests.factories import PersonFactory, user_with_role


def _row(html: str, text: str) -> str:
    rows = [row for row in re.findall(r"<tr>.*?</tr>", html, re.S) if text in row]
    assert rows, text
    return rows[0]


def test_rows_link_to_records_that_still_exist(world, client, english):
    kept = PersonFactory(organization=world.org_a, first_name="Jan", last_name="Zostaje")
    gone = PersonFactory(organization=world.org_a, first_name="Ewa", last_name="Odchodzi")
    services.person_delete(user=world.admin_a, person=gone)
    client.force_login(world.admin_a)
    html = client.get("/journal/").content.decode()
    assert f'<a href="/people/{kept.pk}/">Jan Zostaje</a>' in _row(html, "Jan Zostaje")
    deleted_rows = [row for row in re.findall(r"<tr>.*?</tr>", html, re.S) if "Ewa Odchodzi" in row]
    assert len(deleted_rows) == 2   # created, then deleted
    for row in deleted_rows:
        assert "<a href" not in row and "no longer exists" in row
    # a unit and an account link to their own pages
    assert f'href="/organizations/{world.org_a.pk}/"' in _row(html, ">Urząd Gminy Alfa<")
    client.force_login(world.superuser)
    html = client.get("/journal/", {"record": "viewer_a"}).content.decode()
    assert f'href="/users/{world.viewer_a.pk}/"' in _row(html, ">viewer_a<")


def test_the_journal_costs_the_same_queries_for_many_rows(world, client, django_assert_max_num_queries):
    client.force_login(world.admin_a)
    client.get("/journal/")
    with django_assert_max_num_queries(30) as few:
        assert client.get("/journal/").status_code == 200
    for n in range(15):
        person = PersonFactory(organization=world.org_a)
        services.person_update(user=world.admin_a, person=person, position=f"Referent {n}")
        user_with_role(world.org_a, Role.VIEWER, username=f"konto{n}")
    assert ChangeLogEntry.objects.count() > 50
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = client.get("/journal/").content.decode()
    assert html.count('<a href="/people/') >= 15


def test_entries_of_records_without_a_page_have_no_link(world):
    membership = world.admin_a.memberships.get()
    entries = attach_record_links(ChangeLogEntry.objects.filter(object_id=str(membership.pk),
                                                                content_type__model="membership"),
                                  user=world.superuser)
    assert entries and all(e.record_url == "" and not e.record_gone for e in entries)
