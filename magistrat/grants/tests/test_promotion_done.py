"""A promotion duty is done when it has a date. Recording evidence (an address, a description or
a file) for a duty not done dates it today; removing the date makes it not done again; a date in
the future is a field error. The settlement report lists each duty with its date."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from magistrat.core import formatting
from magistrat.grants import documents, services
from magistrat.grants.models import PromotionItem

from .factories import GrantProjectFactory
from .test_documents import flat, pages_text, render

pytestmark = pytest.mark.usefixtures("english")

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00zdjecie"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def project(world):
    return GrantProjectFactory(organization=world.org_a)


def _duty(project, code="WWW") -> PromotionItem:
    return project.promotion_items.get(code=code)


def test_a_link_or_description_without_a_date_marks_the_duty_done_today(world, project):
    today = timezone.localdate()
    website = _duty(project)
    services.promotion_item_update(user=world.admin_a, promotionitem=website, evidence_url="https://mikstat.pl/cg")
    assert _duty(project).done_on == today
    created = services.promotion_item_create(user=world.admin_a, project=project, name="Naklejki",
                                             evidence_note="Naklejki na 24 urządzeniach")
    assert created.done_on == today
    # a date given is kept; evidence alone does not move it
    earlier = datetime.date(2023, 1, 12)
    services.promotion_item_update(user=world.admin_a, promotionitem=created, done_on=earlier)
    services.promotion_item_update(user=world.admin_a, promotionitem=_duty(project, created.code),
                                   evidence_note="Naklejki na 25 urządzeniach")
    assert _duty(project, created.code).done_on == earlier
    # a duty without evidence, with only its date (as before), is done too
    poster = services.promotion_item_update(user=world.admin_a, promotionitem=_duty(project, "PLAKAT"),
                                            done_on=earlier)
    assert poster.done_on == earlier and not poster.evidence_url


def test_removing_the_date_makes_the_duty_not_done_and_keeps_its_evidence(world, project):
    website = services.promotion_item_update(user=world.admin_a, promotionitem=_duty(project),
                                             evidence_url="https://mikstat.pl/cg")
    assert website.done_on
    services.promotion_item_update(user=world.admin_a, promotionitem=_duty(project), done_on=None,
                                   evidence_url="https://mikstat.pl/cg", evidence_note="")
    website = _duty(project)
    assert website.done_on is None and website.evidence_url == "https://mikstat.pl/cg"


def test_a_date_in_the_future_is_refused_naming_the_field(world, project):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(services.ValidationError) as error:
        services.promotion_item_update(user=world.admin_a, promotionitem=_duty(project), done_on=tomorrow)
    assert list(error.value.message_dict) == ["done_on"]
    assert _duty(project).done_on is None
    services.promotion_item_update(user=world.admin_a, promotionitem=_duty(project),
                                   done_on=timezone.localdate())     # today is fine


def test_the_form_dates_it_today_says_so_and_refuses_the_future(world, client, project):
    client.force_login(world.admin_a)
    website = _duty(project)
    url = reverse("grants:child_edit", args=["promotion", website.pk])
    form = client.get(url).content.decode()
    assert "A duty with a date is done." in form
    response = client.post(url, {"code": "WWW", "name": website.name, "done_on": "",
                                 "evidence_url": "mikstat.pl/cyfrowa-gmina"}, follow=True)
    today = timezone.localdate()
    assert _duty(project).done_on == today
    html = response.content.decode()
    assert f"is marked done on {formatting.date(today)}; change the date if it was done earlier" in html
    assert f"✓ {formatting.date(today)}" in html
    future = today + datetime.timedelta(days=30)
    response = client.post(url, {"code": "WWW", "name": website.name, "done_on": future.isoformat(),
                                 "evidence_url": "https://mikstat.pl/cyfrowa-gmina"})
    assert response.status_code == 400
    assert "A duty cannot be done in the future" in response.content.decode()
    assert _duty(project).done_on == today


def test_a_photo_uploaded_to_a_duty_not_done_dates_it_today(world, client, project):
    poster = _duty(project, "PLAKAT")
    client.force_login(world.admin_a)
    response = client.post(reverse("grants:document_add", args=["promotion", poster.pk]),
                           {"kind": "photo", "file": SimpleUploadedFile("plakat.jpg", JPEG)}, follow=True)
    today = timezone.localdate()
    assert _duty(project, "PLAKAT").done_on == today
    assert "is marked done on" in response.content.decode()
    # a duty already done keeps its date when another photo comes
    services.promotion_item_update(user=world.admin_a, promotionitem=_duty(project, "PLAKAT"),
                                   done_on=datetime.date(2023, 1, 12))
    client.post(reverse("grants:document_add", args=["promotion", poster.pk]),
                {"kind": "photo", "file": SimpleUploadedFile("plakat2.jpg", JPEG)})
    assert _duty(project, "PLAKAT").done_on == datetime.date(2023, 1, 12)


def test_the_api_keeps_done_on_and_dates_evidence(world, api_client, project):
    api_client.force_authenticate(world.admin_a)
    website = _duty(project)
    url = f"/api/v1/promotion-items/{website.pk}/"
    response = api_client.patch(url, {"done_on": "2023-01-12"}, format="json")
    assert response.status_code == 200 and response.json()["done_on"] == "2023-01-12"
    response = api_client.patch(url, {"done_on": None}, format="json")
    assert response.json()["done_on"] is None
    response = api_client.patch(url, {"evidence_note": "Informacja na stronie"}, format="json")
    assert response.json()["done_on"] == timezone.localdate().isoformat()
    future = (timezone.localdate() + datetime.timedelta(days=2)).isoformat()
    response = api_client.patch(url, {"done_on": future}, format="json")
    assert response.status_code == 400 and "done_on" in response.json()["fields"]


def test_the_api_takes_an_address_as_people_type_it_like_the_form(world, api_client, project):
    api_client.force_authenticate(world.admin_a)
    url = f"/api/v1/promotion-items/{_duty(project).pk}/"
    response = api_client.patch(url, {"evidence_url": "mikstat.pl/aktualnosci"}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["evidence_url"] == "https://mikstat.pl/aktualnosci"
    response = api_client.patch(url, {"evidence_url": "http://mikstat.pl/"}, format="json")
    assert response.json()["evidence_url"] == "http://mikstat.pl/"
    response = api_client.patch(url, {"evidence_url": "nie adres"}, format="json")
    assert response.status_code == 400 and "evidence_url" in response.json()["fields"]


def test_the_settlement_lists_each_duty_with_its_date_or_not_done(world, project):
    services.promotion_item_update(user=world.admin_a, promotionitem=_duty(project, "PLAKAT"),
                                   done_on=datetime.date(2023, 1, 12), evidence_note="Plakat A3 w holu")
    text = flat("\n".join(pages_text(render(documents.settlement_pdf, project))))
    plakat = _duty(project, "PLAKAT").name
    assert f"{plakat} 12.01.2023 Plakat A3 w holu" in text
    assert "nie wykonano" in text
    handle = io.BytesIO()
    documents.settlement_xlsx(project, handle)
    rows = list(load_workbook(io.BytesIO(handle.getvalue()))["Promocja"].iter_rows(values_only=True))[1:]
    by_name = {row[0]: row for row in rows}
    assert by_name[plakat][1] == datetime.datetime(2023, 1, 12) and by_name[plakat][2] == "Plakat A3 w holu"
    assert by_name[_duty(project).name][1] == "nie wykonano"
