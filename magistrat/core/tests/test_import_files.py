"""Files that are not what an import needs are named for what they are; a header without rows is
an error, not "everything is in the register already"; an ambiguous amount is refused; the
progress line counts data rows only."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from magistrat.core.imports import jobs, parsers
from magistrat.core.imports.parsers import ParseError
from magistrat.core.imports.reading import ImportFileError, read_table
from magistrat.core.models import ImportJob
from magistrat.inventory.imports import asset_import

pytestmark = pytest.mark.usefixtures("english")

HEADER = "Nr inw.;Nazwa;Kategoria;Wartość brutto [zł]\r\n"


def _zip(*names) -> bytes:
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        for name in names:
            zipped.writestr(name, "<x/>")
    return archive.getvalue()


OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 500
NOT_SPREADSHEETS = [
    (b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x01" * 50, "This is an image (PNG), not a spreadsheet"),
    (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", "This is an image (JPEG), not a spreadsheet"),
    (b"GIF89a\x01\x00", "This is an image (GIF), not a spreadsheet"),
    (b"%PDF-1.7\n%\xe2\xe3", "This is a PDF document, not a spreadsheet"),
    (OLE + "WordDocument".encode("utf-16-le") + b"\x00" * 50, "This is a Word document (.doc), not a spreadsheet"),
    (OLE + "Workbook".encode("utf-16-le") + b"\x00" * 50, "This is an old Excel file (.xls)"),
    (_zip("[Content_Types].xml", "word/document.xml"), "This is a Word document (.docx), not a spreadsheet"),
    (_zip("mimetype", "content.xml"), "This is an OpenDocument file (.ods)"),
    (_zip("photos/a.jpg"), "This file is a ZIP archive but not an XLSX workbook"),
    (b"{\\rtf1\\ansi Lista", "This is a Word document (.rtf), not a spreadsheet"),
    (b"<!DOCTYPE html><html><table>", "This is a web page (HTML), not a spreadsheet"),
]


@pytest.mark.parametrize("data,message", NOT_SPREADSHEETS)
def test_a_file_that_is_no_spreadsheet_is_named_for_what_it_is(data, message):
    with pytest.raises(ImportFileError, match=message.replace("(", r"\(").replace(")", r"\)").replace(".", r"\.")):
        read_table(data)
    with pytest.raises(ImportFileError) as error:
        jobs.check_upload(SimpleUploadedFile("lista.xlsx", data))
    assert error.value.text.startswith(message)


def test_the_upload_screen_says_a_png_is_no_spreadsheet(world, client):
    client.force_login(world.it_a)
    png = SimpleUploadedFile("lista.csv", NOT_SPREADSHEETS[0][0], content_type="text/csv")
    response = client.post(reverse("inventory:asset_import"), {"file": png, "organization": world.org_a.pk})
    html = response.content.decode()
    assert "This is an image (PNG), not a spreadsheet" in html and "No header row" not in html
    assert not ImportJob.objects.exists()


@pytest.mark.parametrize("text", ["12,5,3", "1.2.3", "12 5", "1,2.5", "12.345,6,7", "1 23,50"])
def test_ambiguous_amounts_are_refused(text):
    with pytest.raises(ParseError, match="not a clear amount"):
        parsers.decimal(text)


@pytest.mark.parametrize("text,expected", [("1.234.567", "1234567.00"), ("1,234,567.89", "1234567.89"),
                                           ("12 345 678,9", "12345678.90"), ("(1 200,50)", "-1200.50"),
                                           ("0,5", "0.50")])
def test_thousands_in_groups_of_three_are_read(text, expected):
    assert str(parsers.decimal(text)) == expected


class TestHeaderOnly:
    def test_the_service_reports_no_data_rows(self, world):
        report = asset_import(user=world.it_a, organization=world.org_a, source=HEADER.encode())
        assert not report.ok and report.created == 0
        assert [str(error) for error in report.errors] == [
            "The file has no data rows: below the header (row 1) there is nothing to import."]
        assert report.summary() == ("The file has no data rows: below the header (row 1) there is nothing "
                                    "to import. Nothing was saved.")

    def test_a_totals_row_alone_is_no_data_either(self, world):
        report = asset_import(user=world.it_a, organization=world.org_a,
                              source=(HEADER + "Razem;;;4 350,00\r\n").encode())
        assert any("no data rows" in str(error) for error in report.errors)

    def test_the_command_line_fails(self, world, tmp_path):
        path = tmp_path / "naglowek.csv"
        path.write_bytes(HEADER.encode())
        with pytest.raises(CommandError, match="no data rows"):
            call_command("import", "assets", str(path), "--org", world.org_a.slug)

    def test_the_screen_shows_the_error_instead_of_nothing_to_import(self, world, client):
        client.force_login(world.it_a)
        response = client.post(reverse("inventory:asset_import"), {
            "file": SimpleUploadedFile("naglowek.csv", HEADER.encode()), "organization": world.org_a.pk},
            follow=True)
        html = response.content.decode()
        assert "The file has no data rows" in html
        assert "every row is already in the register" not in html
        assert ImportJob.objects.get().status == ImportJob.Status.INVALID

    def test_the_api_answers_400(self, world, api_client):
        api_client.force_authenticate(world.it_a)
        response = api_client.post("/api/v1/assets/import/", {
            "file": SimpleUploadedFile("naglowek.csv", HEADER.encode()), "organization": world.org_a.slug},
            format="multipart", HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 400
        assert "no data rows" in response.json()["message"]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_progress_line_counts_data_rows_not_the_header(world, client, settings):
    settings.IMPORT_BACKGROUND_ROWS = 5
    data = (HEADER + "".join(f"BG/{n};Komputer;komputer stacjonarny;100\r\n" for n in range(40))).encode()
    client.force_login(world.it_a)
    response = client.post(reverse("inventory:asset_import"), {
        "file": SimpleUploadedFile("duzy.csv", data), "organization": world.org_a.pk})
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.QUEUED and job.rows_total is None   # not the estimate of 41
    waiting = client.get(response["Location"], HTTP_HX_REQUEST="true").content.decode()
    assert " of 41 " not in waiting and "Starting" in waiting
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    job.refresh_from_db()
    assert (job.rows_done, job.rows_total) == (40, 40)
