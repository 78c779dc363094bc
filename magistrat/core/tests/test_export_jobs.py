"""Exports of long lists are written by the worker: the request answers at once, the page (or
the API's job) shows the progress, and the file is what the request would have given."""

import io

import pytest
from django.core.management import call_command
from openpyxl import load_workbook
from pypdf import PdfReader

from magistrat.api.services import token_create
from magistrat.core import export_jobs
from magistrat.core.models import ExportJob
from magistrat.inventory.tests.factories import AssetFactory


def _worker():
    """The django-tasks-db worker, as `magistrat serve` runs it, until the queue is empty."""
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


def _assets(world, count=6):
    for n in range(count):
        AssetFactory(organization=world.org_a, inventory_number=f"EXP/{n:02d}", name=f"Laptop {n}",
                     status="in_stock" if n % 2 else "in_repair")
    AssetFactory(organization=world.org_b, inventory_number="OBCY/1", name="Laptop obcy")


def _download(response) -> bytes:
    return b"".join(response.streaming_content)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_long_list_is_written_by_the_worker_and_downloaded_from_its_page(world, client, settings):
    settings.EXPORT_BACKGROUND_ROWS = 2
    _assets(world)
    client.force_login(world.it_a)
    response = client.get("/assets/", {"export": "xlsx", "status": "in_stock", "col": ["name"]})
    assert response.status_code == 302 and response["Location"].startswith("/exports/")
    page = client.get(response["Location"])
    html = page.content.decode()
    assert "Oczekiwanie" in html or "oczekiwanie" in html.lower()
    assert '<progress id="export-progress-bar" max="3" value="0">' in html
    _worker()
    page = client.get(response["Location"]).content.decode()
    assert "Plik jest gotowy" in page and "hx-trigger" not in page      # polling stops
    assert 'href="/assets/?status=in_stock&amp;col=name"' in page          # back to the list
    job = ExportJob.objects.get()
    assert (job.status, job.rows_done) == (ExportJob.Status.DONE, 3)
    file = client.get(f"/exports/{job.pk}/download/")
    assert file["Content-Disposition"].startswith('attachment; filename="rejestr-sprzetu-')
    rows = list(load_workbook(io.BytesIO(_download(file))).active.iter_rows(values_only=True))
    # The export's own columns (every field an import reads), the filtered rows of one unit only.
    assert "Numer inwentarzowy" in rows[0]
    assert sorted(row[0] for row in rows[1:]) == ["EXP/01", "EXP/03", "EXP/05"]
    # Nobody else sees the page or the file, not even the unit's administrator.
    client.force_login(world.admin_a)
    assert client.get(f"/exports/{job.pk}/").status_code == 404
    assert client.get(f"/exports/{job.pk}/download/").status_code == 404


@pytest.mark.django_db
def test_the_api_answers_202_with_a_job_to_follow(world, api_client, settings):
    settings.EXPORT_BACKGROUND_ROWS = 2
    _assets(world)
    _token, key = token_create(user=world.it_a, owner=world.it_a)
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    response = api_client.get("/api/v1/assets/export/", {"export": "csv", "search": "laptop"})
    assert response.status_code == 202
    job_url = response["Location"]
    assert response.json()["status"] == "queued" and response.json()["download"] is None
    assert response.json()["rows_total"] == 6
    export_jobs.export_job_run(ExportJob.objects.get().pk)
    body = api_client.get(job_url).json()
    assert (body["status"], body["rows_done"], body["percent"]) == ("done", 6, 100)
    text = _download(api_client.get(body["download"])).decode("utf-8-sig")
    lines = text.strip().splitlines()
    assert len(lines) == 7 and "OBCY/1" not in text and lines[1].startswith("EXP/00;")
    # Another user's token does not reach the job.
    _token, other = token_create(user=world.admin_a, owner=world.admin_a)
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {other}")
    assert api_client.get(job_url).status_code == 404
    assert api_client.get(body["download"]).status_code == 404


@pytest.mark.django_db
def test_the_printed_list_goes_to_the_worker_too_and_a_short_list_does_not(world, client, settings):
    settings.EXPORT_BACKGROUND_ROWS = 5
    _assets(world)
    client.force_login(world.it_a)
    short = client.get("/assets/", {"export": "pdf", "status": "in_repair"})
    assert short.status_code == 200 and short["Content-Type"] == "application/pdf"
    response = client.get("/assets/", {"export": "pdf"})
    assert response.status_code == 302
    job = export_jobs.export_job_run(ExportJob.objects.get().pk)
    assert job.status == ExportJob.Status.DONE and job.file_name.endswith(".pdf")
    text = PdfReader(io.BytesIO(_download(client.get(f"/exports/{job.pk}/download/")))).pages[0].extract_text()
    assert "EXP/05" in text and "OBCY/1" not in text


@pytest.mark.django_db
def test_an_export_of_a_user_who_lost_access_fails_with_a_reason(world, client, settings):
    settings.EXPORT_BACKGROUND_ROWS = 2
    _assets(world)
    client.force_login(world.it_a)
    client.get("/assets/", {"export": "csv"})
    world.it_a.is_active = False
    world.it_a.save()
    job = export_jobs.export_job_run(ExportJob.objects.get().pk)
    assert job.status == ExportJob.Status.FAILED
    assert job.failure == "Nie masz już dostępu do tej listy; plik nie został zapisany."
    assert not job.file


@pytest.mark.django_db
def test_a_filter_changed_in_place_carries_into_the_export_links(world, client):
    """htmx redraws only the table: the export links, the column chooser and the bulk form
    above it come along (out of band), so "Export" exports what is on the screen."""
    _assets(world)
    client.force_login(world.it_a)
    html = client.get("/assets/", {"status": "in_repair"}, HTTP_HX_REQUEST="true",
                      HTTP_HX_TARGET="object-table").content.decode()
    assert 'id="list-actions" hx-swap-oob="true"' in html
    assert 'href="?status=in_repair&amp;export=csv"' in html
    assert 'id="list-query" hx-swap-oob="true"><input type="hidden" name="status" value="in_repair">' in html
    assert 'id="list-next" value="/assets/?status=in_repair" hx-swap-oob="true"' in html
    # The whole page has each of them once, without the out-of-band marks.
    page = client.get("/assets/", {"status": "in_repair"}).content.decode()
    assert page.count('id="list-actions"') == 1 and "hx-swap-oob" not in page
