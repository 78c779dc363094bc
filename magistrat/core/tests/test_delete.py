"""The delete confirmation says at once when a record cannot go, and why."""

from django.conf import settings

from magistrat.inventory.tests.factories import AssetFactory, LocationFactory


def test_confirmation_names_what_refers_to_the_record(world, client):
    room = LocationFactory(organization=world.org_a, name="Pokój 3")
    AssetFactory(organization=world.org_a, location=room)
    AssetFactory(organization=world.org_a, location=room)
    client.force_login(world.admin_a)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(f"/locations/{room.pk}/delete/").content.decode()
    assert "assets: 2" in html and "Yes, delete" not in html
    response = client.post(f"/locations/{room.pk}/delete/", follow=True)
    assert "assets: 2" in response.content.decode()
    assert room.__class__.objects.filter(pk=room.pk).exists()


def test_asset_with_history_is_refused_on_the_confirmation_page(world, client):
    from magistrat.inventory import services
    from magistrat.organizations import access

    asset = AssetFactory(organization=world.org_a)
    services.asset_update(user=access.SYSTEM, asset=asset, ram="16 GB")
    client.force_login(world.admin_a)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(f"/assets/{asset.pk}/delete/").content.decode()
    assert "has history" in html and "Yes, delete" not in html


def test_a_free_record_is_offered_for_deletion(world, client):
    room = LocationFactory(organization=world.org_a, name="Pokój 4")
    client.force_login(world.admin_a)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "Yes, delete" in client.get(f"/locations/{room.pk}/delete/").content.decode()
    client.post(f"/locations/{room.pk}/delete/")
    assert not room.__class__.objects.filter(pk=room.pk).exists()
