"""A review of the day's changes in grants: the start page's deadline cards and the expenditure
list's totals row keep to the user's units, the counted amounts add up to the cent, and the
list's queries do not grow with its rows."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from magistrat.grants import services
from magistrat.organizations import access

from .factories import GrantProjectFactory, expenditure

pytestmark = pytest.mark.usefixtures("english")

TODAY = timezone.localdate()
URL = reverse("grants:expenditure_list")


def _deadline(project, name, days):
    return services.milestone_create(user=access.SYSTEM, project=project, name=name,
                                     due_date=TODAY + datetime.timedelta(days=days))


def _card(html: str, label: str) -> str:
    start = html.index(label)
    return html[html.rindex('class="summary-card', 0, start):html.index("</a>", start)]


def test_deadline_cards_count_and_name_only_the_users_projects(world, client):
    own = GrantProjectFactory(organization=world.org_a, apply_templates=False, title="Cyfrowa Gmina Alfa")
    other = GrantProjectFactory(organization=world.org_b, apply_templates=False, title="Tajny projekt Bety")
    _deadline(own, "Wniosek o transzę", -2)
    _deadline(own, "Złożenie rozliczenia", 5)
    _deadline(other, "Sprawozdanie Bety", -30)         # older: would be "the oldest" if it leaked
    _deadline(other, "Odbiór Bety", 1)                  # sooner: would be "next" if it leaked
    client.force_login(world.admin_a)
    html = client.get("/").content.decode()
    assert "Bety" not in html
    # one project of the user's: one deadline each way, named without the project's title
    overdue, ahead = _card(html, "deadline overdue"), _card(html, "deadline ahead")
    assert ">1<" in overdue and "the oldest: Wniosek o transzę, due" in overdue
    assert ">1<" in ahead and "— Złożenie rozliczenia" in ahead
    assert "(Cyfrowa Gmina Alfa)" not in html
    listed = client.get(reverse("grants:deadlines"), {"state": "overdue"}).content.decode()
    assert "Wniosek o transzę" in listed and "Sprawozdanie Bety" not in listed


@pytest.fixture
def spending(world):
    """Documents with cents, one entered above its gross, one dated outside the programme's window
    (Cyfrowa Gmina: 01.02.2020–30.09.2023); and another gmina's document."""
    own = GrantProjectFactory(organization=world.org_a, title="Cyfrowa Gmina Alfa")
    school = GrantProjectFactory(organization=world.school_a, title="Pracownia szkolna")
    other = GrantProjectFactory(organization=world.org_b, title="Cyfrowa Gmina Beta")
    expenditure(own, gross="0.10", document_number="FV/1")
    expenditure(own, gross="0.20", eligible_amount=Decimal("0.35"), document_number="FV/2")   # counts 0.20
    expenditure(school, gross="1000.01", document_number="FV/3")
    expenditure(own, gross="2.22", document_number="FV/4", document_date=datetime.date(2019, 12, 31))  # 0.00
    expenditure(other, gross="777777.77", document_number="FV/B")
    return own, other


def _footer(html: str) -> str:
    return " ".join(html[html.index('<tfoot class="list-totals">'):html.index("</tfoot>")].split())


def test_the_totals_row_adds_up_the_users_documents_to_the_cent(world, client, spending):
    client.force_login(world.admin_a)
    footer = _footer(client.get(URL).content.decode())
    assert "Total of 4 documents" in footer
    # gross 0.10 + 0.20 + 1000.01 + 2.22; eligible as entered; counted: 0.10 + 0.20 + 1000.01 + 0.00
    assert "Gross\">1 002,53 zł" in footer   # (spaces: the thousands and "zł" are non-breaking)
    assert "Eligible amount\">1 002,68 zł" in footer
    assert "counted towards the settlement: 1 000,31 zł" in footer
    assert "777" not in footer


def test_the_counted_amount_is_exact_in_the_api_and_the_settlement(world, api_client, spending):
    from magistrat.grants.settlement import gather

    own, _ = spending
    api_client.force_authenticate(world.admin_a)
    rows = api_client.get("/api/v1/expenditures/", {"project": own.pk}).json()["results"]
    assert {row["document_number"]: row["counted_amount"] for row in rows} == {
        "FV/1": "0.10", "FV/2": "0.20", "FV/4": "0.00"}
    data = gather(own)
    # the eligible column of the settlement adds up what counts: 0.10 + 0.20 + 0.00
    assert (data.totals.gross, data.totals.eligible) == (Decimal("2.52"), Decimal("0.30"))
    assert all(isinstance(getattr(data.totals, name), Decimal) for name in ("net", "vat", "gross", "eligible"))
    assert {e.document_number: e.counted_amount for e in data.expenditures} == {
        "FV/1": Decimal("0.10"), "FV/2": Decimal("0.20"), "FV/4": Decimal("0.00")}


def test_the_list_with_its_totals_costs_the_same_queries_for_many_rows(world, client, django_assert_max_num_queries):
    own = GrantProjectFactory(organization=world.org_a, title="Cyfrowa Gmina Alfa")
    expenditure(own, gross="10.00")
    client.force_login(world.admin_a)
    client.get(URL)
    with django_assert_max_num_queries(100) as few:
        assert client.get(URL).status_code == 200
    for n in range(20):
        expenditure(own, gross=f"{n + 1}.01", document_number=f"FV/N/{n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = client.get(URL).content.decode()
    assert "Total of 21 documents" in html
