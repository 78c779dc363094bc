import factory

from magistrat.inventory import services
from magistrat.inventory.models import Asset, AssetCategory, Location
from magistrat.organizations import access


def category(name: str = "komputer stacjonarny") -> AssetCategory:
    return AssetCategory.objects.get(organization=None, name=name)


class LocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Location

    name = factory.Sequence(lambda n: f"Pokój {n}")
    kind = "room"

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return services.location_create(user=access.SYSTEM, **kwargs)


class AssetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Asset

    name = "Komputer stacjonarny"
    category = factory.LazyFunction(category)
    manufacturer = "Dell"
    serial_number = factory.Sequence(lambda n: f"SN{n:06d}")

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return services.asset_create(user=access.SYSTEM, **kwargs)
