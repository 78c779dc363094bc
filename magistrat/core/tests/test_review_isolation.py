"""A review of the day's changes: what one unit's people see of another unit's records through
the journal's links and the start page's recent changes."""

import re

from magistrat.core.journal import attach_record_links
from magistrat.core.models import ChangeLogEntry
from magistrat.organizations import access, services
from magistrat.organizations.middleware import SESSION_KEY
from magistrat.organizations.models import Role
from magistrat.organizations.tests.factories import PersonFactory, user_with_role


def _rows(html: str, text: str) -> list[str]:
    return [row for row in re.findall(r"<tr>.*?</tr>", html, re.S) if text in row]


def test_the_journal_does_not_link_a_record_that_moved_to_another_unit(world, client, english):
    moved = PersonFactory(organization=world.org_a, first_name="Jan", last_name="Przeniesiony")
    services.person_update(user=access.SYSTEM, person=moved, organization=world.org_b)
    client.force_login(world.admin_a)
    html = client.get("/journal/").content.decode()
    rows = _rows(html, "Jan Przeniesiony")
    assert rows                                 # its history in gmina A stays in A's journal
    for row in rows:
        # ...but nothing tells gmina A where it went, or that it is still somewhere
        assert f"/people/{moved.pk}/" not in row
    # gmina B's administrator, and the installation's, follow the link
    for user in (world.admin_b, world.superuser):
        entries = attach_record_links(ChangeLogEntry.objects.filter(object_id=str(moved.pk),
                                                                    content_type__model="person"), user=user)
        assert entries and all(e.record_url == f"/people/{moved.pk}/" for e in entries)


def test_the_journal_links_an_account_only_for_those_who_manage_it(world):
    entries = ChangeLogEntry.objects.filter(object_id=str(world.admin_b.pk), content_type__model="user")
    assert entries.exists()
    assert all(e.record_url == "" for e in attach_record_links(entries, user=world.admin_a))
    assert all(e.record_url == f"/users/{world.admin_b.pk}/"
               for e in attach_record_links(entries, user=world.superuser))


def test_recent_changes_on_the_start_page_keep_to_the_units_whose_journal_the_user_sees(world, client):
    # An administrator of the office alone (not of its school), who also views the school.
    office_admin = user_with_role(world.org_a, Role.ADMINISTRATOR, descendants=False, username="sekretarz")
    services.membership_set(user=access.SYSTEM, member=office_admin, organization=world.school_a,
                            role=Role.VIEWER)
    PersonFactory(organization=world.school_a, first_name="Zofia", last_name="Szkolna")
    PersonFactory(organization=world.org_a, first_name="Adam", last_name="Urzędowy")
    client.force_login(office_admin)
    session = client.session
    session[SESSION_KEY] = world.org_a.pk
    session.save()
    html = client.get("/").content.decode()
    assert "Adam Urzędowy" in html
    assert "Zofia Szkolna" not in html
    # the journal agrees
    journal = client.get("/journal/").content.decode()
    assert "Adam Urzędowy" in journal and "Zofia Szkolna" not in journal
