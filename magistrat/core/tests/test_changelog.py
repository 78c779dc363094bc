import pytest
from django.urls import reverse

from magistrat.api.services import token_create
from magistrat.core.exceptions import ImmutableRecord
from magistrat.core.models import ChangeLogEntry
from magistrat.organizations import services


@pytest.fixture
def entry(world):
    services.person_update(user=world.admin_a, person=world.person_a, position="Skarbnik")
    return ChangeLogEntry.objects.filter(action="update").latest("timestamp")


def test_update_records_who_and_field_level_before_after(world, entry):
    assert entry.user == world.admin_a
    assert entry.user_name == "admin_a"
    assert entry.channel == "system"   # a direct service call outside a request
    assert entry.organization_id == world.org_a.pk
    assert entry.changes == {"position": ["Inspektor", "Skarbnik"]}


def test_entries_cannot_be_changed_or_deleted(entry):
    entry.object_repr = "forged"
    with pytest.raises(ImmutableRecord):
        entry.save()
    with pytest.raises(ImmutableRecord):
        entry.delete()
    with pytest.raises(ImmutableRecord):
        ChangeLogEntry.objects.all().update(object_repr="forged")
    with pytest.raises(ImmutableRecord):
        ChangeLogEntry.objects.all().delete()
    assert ChangeLogEntry.objects.filter(pk=entry.pk, object_repr="forged").count() == 0


def test_an_unchanged_save_writes_no_entry(world):
    count = ChangeLogEntry.objects.count()
    services.person_update(user=world.admin_a, person=world.person_a, position="Inspektor")
    assert ChangeLogEntry.objects.count() == count


def test_secrets_are_masked(world):
    token, key = token_create(user=world.admin_a, owner=world.admin_a, name="skrypt")
    entry = ChangeLogEntry.objects.filter(object_id=str(token.pk), action="create").latest("id")
    text = str(entry.changes)
    assert key not in text and token.key_hash not in text
    assert entry.changes["key_hash"][1] == "********"
    account_entry = ChangeLogEntry.objects.filter(object_repr="admin_a", action="create").get()
    assert account_entry.changes["password"][1] == "********"


def test_history_tab_shows_the_change_with_field_labels(world, client, entry):
    client.force_login(world.viewer_a)
    html = client.get(reverse("organizations:person_detail", args=[world.person_a.pk]),
                      {"tab": "history"}).content.decode()
    assert "Skarbnik" in html and "Inspektor" in html
    assert "admin_a" in html


def test_journal_is_for_administrators_and_only_their_organizations(world, client, entry):
    services.person_update(user=world.admin_b, person=world.person_b, position="Sekretarz")
    client.force_login(world.viewer_a)
    assert client.get(reverse("journal")).status_code == 403
    client.force_login(world.admin_a)
    html = client.get(reverse("journal")).content.decode()
    assert str(world.person_a) in html
    assert str(world.person_b) not in html


def test_journal_filters(world, client, entry):
    client.force_login(world.superuser)
    html = client.get(reverse("journal"), {"action": "update", "user": "admin_a"}).content.decode()
    assert str(world.person_a) in html
    assert "Urząd Gminy Beta" not in html
    html = client.get(reverse("journal"), {"date_from": "nonsense"}).content.decode()
    assert 'class="error"' in html
