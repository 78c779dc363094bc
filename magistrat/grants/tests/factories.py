import datetime
from decimal import Decimal

import factory

from magistrat.grants import services
from magistrat.grants.models import GrantProject, Program
from magistrat.organizations import access


def program(code: str = "cyfrowa-gmina") -> Program:
    return Program.objects.get(code=code)


class GrantProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GrantProject

    program = factory.LazyFunction(program)
    title = factory.Sequence(lambda n: f"Projekt grantowy {n}")
    granted_amount = Decimal("147979.00")
    agreement_date = datetime.date(2022, 4, 28)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return services.project_create(user=access.SYSTEM, **kwargs)


def expenditure(project, *, gross="1230.00", rate="23", line=None, assets=None, **extra):
    gross = Decimal(gross)
    net = (gross / (1 + Decimal(rate) / 100)).quantize(Decimal("0.01"))
    line = line or project.budget_lines.first() or services.budget_line_create(
        user=access.SYSTEM, project=project, area="hardware", name="Sprzęt", planned_amount=Decimal("100000"))
    data = {"document_number": f"FV/{project.expenditures.count() + 1}/2022", "supplier_name": "Dostawca",
            "description": "Zakup", "document_date": datetime.date(2022, 6, 1), **extra}
    return services.expenditure_create(user=access.SYSTEM, project=project, budget_line=line,
                                       net_amount=net, vat_amount=gross - net, gross_amount=gross,
                                       assets=assets, **data)
