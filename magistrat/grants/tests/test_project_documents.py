"""Documents kept with a project: invoices, proofs of payment and acceptance protocols on an
expenditure's page, evidence photos per promotion duty; checked by content like asset
attachments, downloaded only by who may see the project, listed in the settlement report."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from magistrat.core.models import ChangeLogEntry
from magistrat.grants import documents, services
from magistrat.grants.models import ProjectDocument
from magistrat.organizations import access

from .factories import GrantProjectFactory, expenditure

pytestmark = pytest.mark.usefixtures("english")

PDF = b"%PDF-1.4\n% faktura\n"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00zdjecie"
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def project(world):
    return GrantProjectFactory(organization=world.org_a)


@pytest.fixture
def invoice(project):
    return expenditure(project, document_number="FV/2022/09/0147", supplier_name="Dostawca IT")


def upload(name="faktura.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def logged(document, action):
    return ChangeLogEntry.objects.filter(object_id=str(document.pk), action=action,
                                         content_type__model="projectdocument")


class TestOnTheExpenditurePage:
    def test_the_coordinator_attaches_an_invoice_and_a_reader_downloads_it(self, world, client, invoice):
        client.force_login(world.admin_a)
        url = reverse("grants:document_add", args=["expenditures", invoice.pk])
        response = client.post(url, {"kind": "invoice", "file": upload(), "name": ""})
        assert response.status_code == 302 and response["Location"] == invoice.get_absolute_url()
        document = invoice.documents.get()
        assert (document.kind, document.name, document.content_type, document.size) == (
            "invoice", "faktura.pdf", "application/pdf", len(PDF))
        assert document.project == invoice.project and document.uploaded_by == world.admin_a
        assert logged(document, "create").get().channel == "web"
        client.post(url, {"kind": "payment", "file": upload("wyciag.pdf"), "name": "Przelew 29.09.2022"})

        client.force_login(world.viewer_a)
        page = client.get(invoice.get_absolute_url()).content.decode()
        assert "Invoice: <a href" in page and "Proof of payment: <a href" in page
        assert "Przelew 29.09.2022" in page and document.file.name not in page   # no media address
        assert 'name="file"' not in page and "Remove" not in page     # a reader only reads
        response = client.get(document.get_absolute_url())
        assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
        assert response["Content-Type"] == "application/pdf"
        assert 'filename="faktura.pdf"' in response["Content-Disposition"]
        payment = invoice.documents.get(kind="payment")
        assert 'filename="Przelew 29.09.2022.pdf"' in client.get(payment.get_absolute_url())["Content-Disposition"]

    def test_other_offices_and_anonymous_visitors_get_nothing(self, world, client, invoice):
        document = services.project_document_add(user=world.admin_a, expenditure=invoice, kind="invoice",
                                                  upload=upload())
        client.force_login(world.admin_b)
        assert client.get(document.get_absolute_url()).status_code == 404
        assert client.post(reverse("grants:document_remove", args=[document.pk])).status_code == 404
        assert client.post(reverse("grants:document_add", args=["expenditures", invoice.pk]),
                           {"kind": "invoice", "file": upload()}).status_code == 404
        client.logout()
        assert client.get(document.get_absolute_url()).status_code == 302   # to the login page
        client.force_login(world.viewer_a)
        assert client.post(reverse("grants:document_add", args=["expenditures", invoice.pk]),
                           {"kind": "invoice", "file": upload()}).status_code == 403
        assert client.post(reverse("grants:document_remove", args=[document.pk])).status_code == 403
        assert invoice.documents.count() == 1

    def test_a_disguised_or_missing_file_is_refused_with_a_reason(self, world, client, invoice):
        client.force_login(world.admin_a)
        url = reverse("grants:document_add", args=["expenditures", invoice.pk])
        page = client.post(url, {"kind": "invoice", "file": upload("faktura.pdf", b"MZ\x90\x00")}, follow=True)
        assert "Only PDF, JPEG and PNG files can be attached." in page.content.decode()
        page = client.post(url, {"kind": "invoice"}, follow=True)
        assert "Choose a file." in page.content.decode()
        page = client.post(url, {"kind": "receipt", "file": upload()}, follow=True)
        assert "Kind: Select a valid choice." in page.content.decode()
        assert not invoice.documents.exists() and not ProjectDocument.objects.exists()

    def test_removing_deletes_the_file_once_saved(self, world, client, invoice, media,
                                                  django_capture_on_commit_callbacks):
        document = services.project_document_add(user=world.admin_a, expenditure=invoice, kind="invoice",
                                                  upload=upload())
        path = media / document.file.name
        assert path.exists()
        client.force_login(world.admin_a)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("grants:document_remove", args=[document.pk]))
        assert response.status_code == 302 and response["Location"] == invoice.get_absolute_url()
        assert not ProjectDocument.objects.exists() and not path.exists()
        assert logged(document, "delete").count() == 1

    def test_deleting_the_expenditure_takes_its_documents_with_it(self, world, invoice, media,
                                                                  django_capture_on_commit_callbacks):
        document = services.project_document_add(user=world.admin_a, expenditure=invoice, kind="invoice",
                                                  upload=upload())
        with django_capture_on_commit_callbacks(execute=True):
            services.expenditure_delete(user=world.admin_a, expenditure=invoice)
        assert not (media / document.file.name).exists()
        assert logged(document, "delete").count() == 1

    def test_a_document_stays_within_its_project(self, world, project, invoice):
        other = GrantProjectFactory(organization=world.org_a)
        with pytest.raises(services.ValidationError) as error:
            services.project_document_add(user=world.admin_a, project=other, expenditure=invoice, kind="invoice",
                                          upload=upload())
        assert "expenditure" in error.value.message_dict


class TestPromotionEvidence:
    def test_a_photo_per_duty_on_the_promotion_tab(self, world, client, project):
        poster = project.promotion_items.get(code="PLAKAT")
        client.force_login(world.admin_a)
        tab = f"{project.get_absolute_url()}?tab=promotion"
        html = client.get(tab).content.decode()
        assert f'action="{reverse("grants:document_add", args=["promotion", poster.pk])}"' in html
        response = client.post(reverse("grants:document_add", args=["promotion", poster.pk]),
                               {"kind": "photo", "file": SimpleUploadedFile("plakat.jpg", JPEG)})
        assert response["Location"] == f"{tab}#promotion-{poster.pk}"
        document = poster.documents.get()
        assert document.content_type == "image/jpeg" and document.expenditure is None
        html = client.get(tab).content.decode()
        row = html[html.index(f'id="promotion-{poster.pk}"'):]
        row = row[:row.index("</tr>")]
        assert ">PLAKAT<" in row and "Photo: <a href" in row and "plakat.jpg" in row
        photo = client.get(document.get_absolute_url())
        assert photo["Content-Type"] == "image/jpeg" and "inline" in photo["Content-Disposition"]

    def test_deleting_a_duty_removes_its_evidence(self, world, project):
        poster = project.promotion_items.get(code="PLAKAT")
        services.project_document_add(user=world.admin_a, promotion_item=poster, kind="photo",
                                      upload=SimpleUploadedFile("plakat.jpg", JPEG))
        services.promotion_item_delete(user=world.admin_a, promotionitem=poster)
        assert not ProjectDocument.objects.exists()


class TestApi:
    endpoint = "/api/v1/project-documents/"

    def test_upload_list_filter_download_and_delete(self, world, api_client, project, invoice):
        poster = project.promotion_items.get(code="PLAKAT")
        api_client.force_authenticate(world.admin_a)
        response = api_client.post(self.endpoint, {"expenditure": invoice.pk, "kind": "invoice",
                                                   "file": upload()}, format="multipart")
        assert response.status_code == 201, response.json()
        created = response.json()
        assert created["project"] == project.pk and created["content_type"] == "application/pdf"
        assert created["uploaded_by"] == "admin_a" and "file" not in created
        assert logged(ProjectDocument.objects.get(pk=created["id"]), "create").get().channel == "api"
        response = api_client.post(self.endpoint, {"promotion_item": poster.pk, "kind": "photo",
                                                   "file": SimpleUploadedFile("plakat.jpg", JPEG),
                                                   "name": "Plakat przy wejściu"}, format="multipart")
        assert response.status_code == 201
        listed = api_client.get(self.endpoint, {"expenditure": invoice.pk}).json()
        assert [row["name"] for row in listed["results"]] == ["faktura.pdf"]
        listed = api_client.get(self.endpoint, {"promotion_item": poster.pk}).json()
        assert [row["name"] for row in listed["results"]] == ["Plakat przy wejściu"]
        download = api_client.get(created["download"])
        assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
        assert api_client.delete(f"{self.endpoint}{created['id']}/").status_code == 204
        assert api_client.patch(f"{self.endpoint}{listed['results'][0]['id']}/", {"name": "x"}).status_code == 405
        assert api_client.get(self.endpoint, {"project": project.pk}).json()["count"] == 1

    def test_bad_files_and_bad_targets_are_400_with_the_error_shape(self, world, api_client, project, invoice):
        api_client.force_authenticate(world.admin_a)
        response = api_client.post(self.endpoint, {"expenditure": invoice.pk, "kind": "invoice",
                                                   "file": upload("faktura.pdf", b"<html>")},
                                   format="multipart", **EN)
        assert response.status_code == 400
        assert response.json() == {"message": "Some fields are not valid.",
                                   "fields": {"file": ["Only PDF, JPEG and PNG files can be attached."]}}
        response = api_client.post(self.endpoint, {"kind": "invoice", "file": upload()}, format="multipart", **EN)
        assert response.status_code == 400 and list(response.json()["fields"]) == ["project"]
        response = api_client.post(self.endpoint, {"expenditure": invoice.pk, "file": upload()}, format="multipart")
        assert response.status_code == 400 and "kind" in response.json()["fields"]
        assert not ProjectDocument.objects.exists()

    def test_other_offices_neither_see_nor_upload(self, world, api_client, invoice):
        document = services.project_document_add(user=world.admin_a, expenditure=invoice, kind="invoice",
                                                  upload=upload())
        api_client.force_authenticate(world.admin_b)
        assert api_client.get(self.endpoint).json()["count"] == 0
        assert api_client.get(f"{self.endpoint}{document.pk}/download/").status_code == 404
        assert api_client.delete(f"{self.endpoint}{document.pk}/").status_code == 404
        response = api_client.post(self.endpoint, {"expenditure": invoice.pk, "kind": "invoice", "file": upload()},
                                   format="multipart")
        assert response.status_code == 400 and "expenditure" in response.json()["fields"]
        api_client.force_authenticate(world.viewer_a)
        assert api_client.get(self.endpoint).json()["count"] == 1
        response = api_client.post(self.endpoint, {"expenditure": invoice.pk, "kind": "invoice", "file": upload()},
                                   format="multipart")
        assert response.status_code == 403 and response.json()["message"]
        assert api_client.delete(f"{self.endpoint}{document.pk}/").status_code == 403


    def test_the_list_queries_do_not_grow_with_documents(self, world, api_client, invoice):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        services.project_document_add(user=world.admin_a, expenditure=invoice, kind="invoice", upload=upload())
        api_client.force_authenticate(world.admin_a)
        api_client.get(self.endpoint)
        with CaptureQueriesContext(connection) as few:
            api_client.get(self.endpoint)
        for kind in ("payment", "acceptance", "other"):
            services.project_document_add(user=world.admin_a, expenditure=expenditure(invoice.project), kind=kind,
                                          upload=upload())
        with CaptureQueriesContext(connection) as many:
            assert api_client.get(self.endpoint).json()["count"] == 4
        assert len(many) == len(few)

    def test_a_json_body_is_refused_with_the_error_shape(self, world, api_client, invoice):
        api_client.force_authenticate(world.admin_a)
        response = api_client.post(self.endpoint, {"expenditure": invoice.pk, "kind": "invoice"}, format="json")
        assert response.status_code == 415 and set(response.json()) == {"message", "fields"}


def test_the_settlement_report_names_each_expenditure_s_documents_by_kind(world, project, invoice):
    for kind, name in (("invoice", "FV-0147.pdf"), ("payment", "przelew.pdf"), ("acceptance", "protokol.pdf")):
        services.project_document_add(user=world.admin_a, expenditure=invoice, kind=kind, upload=upload(name))
    services.project_document_add(user=access.SYSTEM, promotion_item=project.promotion_items.get(code="PLAKAT"),
                                  kind="photo", upload=SimpleUploadedFile("plakat.jpg", JPEG))
    expenditure(project, document_number="FV/2/2022", gross="100.00")
    expected = "faktura: FV-0147.pdf; potwierdzenie zapłaty: przelew.pdf; protokół odbioru: protokol.pdf"

    handle = io.BytesIO()
    documents.settlement_xlsx(project, handle)
    workbook = load_workbook(io.BytesIO(handle.getvalue()))
    rows = list(workbook["Wydatki"].iter_rows(values_only=True))
    assert rows[0][12] == "Dokumenty"
    assert {row[1]: row[12] for row in rows[1:-1]} == {"FV/2022/09/0147": expected, "FV/2/2022": None}
    evidence = {row[0]: row[2] for row in workbook["Promocja"].iter_rows(min_row=2, values_only=True)}
    assert evidence[project.promotion_items.get(code="PLAKAT").name] == "zdjęcie: plakat.jpg"

    handle = io.BytesIO()
    documents.settlement_pdf(project, handle)
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(handle.getvalue())).pages)
    assert "dokumenty: faktura: FV-0147.pdf; potwierdzenie zapłaty: przelew.pdf;" in text
    assert "protokół odbioru: protokol.pdf" in text and "zdjęcie: plakat.jpg" in text
