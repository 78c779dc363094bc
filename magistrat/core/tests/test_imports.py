"""The domain-free import engine: files as offices save them, headers, values, errors, bulk
writes that log like the services do, upload checks and the background worker."""

import datetime
import io
import zipfile
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from openpyxl import Workbook

from magistrat.core.changelog import log_changes
from magistrat.core.imports import jobs, parsers
from magistrat.core.imports.bulk import build, bulk_insert, bulk_update
from magistrat.core.imports.columns import Field, find_columns
from magistrat.core.imports.parsers import ParseError
from magistrat.core.imports.reading import ImportFileError, read_table
from magistrat.core.models import ChangeLogEntry, ImportJob
from magistrat.organizations import access
from magistrat.organizations.models import Person

# These tests read the messages users get; they read them in English.
pytestmark = pytest.mark.usefixtures("english")

HEADER = "Nr inw.;Nazwa;Wartość brutto [zł];Data zakupu"
ROWS = ["UG/1;Komputer łącznościowy;4 350,00 zł;28.04.2022", "UG/2;Drukarka;1290,5;2022-05-02"]
FIELDS = [Field("inventory_number", "Inventory number", ("nr inw", "numer inwentarzowy")),
          Field("name", "Name", ("nazwa",)),
          Field("gross_price", "Gross price", ("wartość brutto",), parsers.decimal),
          Field("purchase_date", "Purchase date", ("data zakupu",), parsers.date)]


def _csv(lines, encoding="utf-8", delimiter=";", bom=False):
    text = "\r\n".join(line.replace(";", delimiter) for line in lines) + "\r\n"
    return (b"\xef\xbb\xbf" if bom else b"") + text.encode(encoding)


def _cells(data):
    table = read_table(data)
    columns = find_columns(table.rows, FIELDS)
    return table, columns, [row for number, row in table.rows if number > columns.header_row]


@pytest.mark.parametrize("encoding,bom", [("utf-8", False), ("utf-8", True), ("cp1250", False),
                                          ("utf-16", False)])
def test_encodings_are_recognised(encoding, bom):
    table, columns, rows = _cells(_csv([HEADER, *ROWS], encoding=encoding, bom=bom))
    assert rows[0][1] == "Komputer łącznościowy"
    assert columns.header[2] == "Wartość brutto [zł]"
    assert table.encoding.startswith(encoding.split("-")[0].replace("cp", "cp"))


@pytest.mark.parametrize("delimiter", [";", ",", "\t"])
def test_delimiters_are_detected_even_with_decimal_commas(delimiter):
    lines = [HEADER, *ROWS] if delimiter != "," else [
        HEADER, 'UG/1,Komputer,"4 350,00 zł",28.04.2022', 'UG/2,Drukarka,"1290,50",2022-05-02']
    table, columns, rows = _cells(_csv(lines, delimiter=delimiter))
    assert table.delimiter == delimiter
    assert [f.name for f in columns.fields.values()] == ["inventory_number", "name", "gross_price",
                                                         "purchase_date"]
    assert parsers.decimal(rows[0][2]) == Decimal("4350.00")


def test_title_rows_above_the_header_are_skipped():
    data = _csv(["Wykaz sprzętu – stan na 31.12.2024;;;", ";;;", HEADER, *ROWS], encoding="cp1250")
    _table, columns, rows = _cells(data)
    assert columns.header_row == 3
    assert len(rows) == 2


def test_headers_match_whatever_the_case_diacritics_punctuation_and_units():
    header = "NR INW;nazwa;Wartosc Brutto (PLN);DATA-ZAKUPU;Kolor obudowy"
    _table, columns, _rows = _cells(_csv([header, *ROWS]))
    assert columns.present() == {"inventory_number", "name", "gross_price", "purchase_date"}
    assert columns.unknown == ["Kolor obudowy"]


def test_a_mapping_overrides_and_ignores_columns():
    table = read_table(_csv(["Ewid.;Nazwa;Cena;Data zakupu", "X1;Monitor;10;01.01.2023"]))
    columns = find_columns(table.rows, FIELDS, mapping=["Ewid.=inventory_number", "Cena=-"])
    assert columns.present() == {"inventory_number", "name", "purchase_date"}
    assert columns.unknown == []
    with pytest.raises(ImportFileError, match="not a field"):
        find_columns(table.rows, FIELDS, mapping=["Ewid.=colour"])


def test_no_header_and_duplicate_columns_are_clear_errors():
    with pytest.raises(ImportFileError, match="No header row"):
        find_columns(read_table(_csv(["a;b;c", "1;2;3"])).rows, FIELDS)
    with pytest.raises(ImportFileError, match="both mean"):
        find_columns(read_table(_csv(["Nr inw.;Numer inwentarzowy;Nazwa", "1;2;3"])).rows, FIELDS)


def test_xlsx_with_a_title_row_excel_dates_and_day_numbers():
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Wykaz sprzętu (dane przykładowe)"])
    sheet.append(["Numer inwentarzowy", "Nazwa", "Wartość brutto [zł]", "Data zakupu"])
    sheet.append(["UG/1", "Serwer", 22000, datetime.datetime(2022, 9, 15)])
    sheet.append(["UG/2", "Laptop", 5200.5, 44679])
    workbook.create_sheet("Drugi").append(["Nazwa", "Nr inw."])
    handle = io.BytesIO()
    workbook.save(handle)
    table, columns, rows = _cells(handle.getvalue())
    assert table.kind == "xlsx" and columns.header_row == 2
    assert parsers.date(rows[0][3]) == datetime.date(2022, 9, 15)
    assert parsers.date(rows[1][3]) == datetime.date(2022, 4, 28)
    assert parsers.decimal(rows[1][2]) == Decimal("5200.50")
    assert read_table(handle.getvalue(), sheet="drugi").sheet == "Drugi"
    with pytest.raises(ImportFileError, match="no sheet"):
        read_table(handle.getvalue(), sheet="Trzeci")


@pytest.mark.parametrize("text,expected", [
    ("4 350,00 zł", "4350.00"), ("4\u00a0350,00", "4350.00"), ("4350.00", "4350.00"),
    ("4.350,00", "4350.00"), ("1,234.50", "1234.50"), ("-12,5", "-12.50"), ("1 000 000", "1000000.00"),
    ("7 PLN", "7.00")])
def test_amounts_as_offices_write_them(text, expected):
    assert parsers.decimal(text) == Decimal(expected)


@pytest.mark.parametrize("text,expected", [
    ("28.04.2022", datetime.date(2022, 4, 28)), ("2022-04-28", datetime.date(2022, 4, 28)),
    ("28/04/2022", datetime.date(2022, 4, 28)), ("28.04.22", datetime.date(2022, 4, 28)),
    ("28 kwietnia 2022 r.", datetime.date(2022, 4, 28)), ("44679", datetime.date(2022, 4, 28)),
    ("2022-04-28 00:00:00", datetime.date(2022, 4, 28))])
def test_dates_as_offices_write_them(text, expected):
    assert parsers.date(text) == expected


@pytest.mark.parametrize("text", ["31.02.2022", "2022-13-01", "jutro", "12,50", "²²²²"])
def test_impossible_dates_are_explained(text):
    with pytest.raises(ParseError, match="not a valid date"):
        parsers.date(text)


def test_yes_no_and_choices():
    assert parsers.boolean("TAK") is True and parsers.boolean("nie") is False
    choice = parsers.Choice({"in_use": ["w użyciu", "in use"]})
    assert choice("W UŻYCIU") == choice("in use") == choice("in_use") == "in_use"
    with pytest.raises(ParseError, match="w użyciu"):
        choice("zepsuty")


def test_other_files_are_refused_by_content():
    with pytest.raises(ImportFileError, match="old Excel"):
        read_table(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100)
    with pytest.raises(ImportFileError, match="a PDF document, not a spreadsheet"):
        read_table(b"%PDF-1.7\n%\x00\x01")
    with pytest.raises(ImportFileError, match="neither a CSV"):
        read_table(b"\x7fELF\x02\x01\x01\x00\x00")
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("word/document.xml", "<w/>")
    with pytest.raises(ImportFileError, match="Word document"):
        read_table(archive.getvalue())
    with pytest.raises(ImportFileError, match="empty"):
        read_table(b"  \r\n")


def test_uploads_are_checked_for_size_and_type(settings):
    settings.IMPORT_MAX_BYTES = 100
    with pytest.raises(Exception, match="larger than"):
        jobs.check_upload(SimpleUploadedFile("big.csv", b"x;" * 100))
    settings.IMPORT_MAX_BYTES = 10_000
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("word/document.xml", "<w/>")
    with pytest.raises(ImportFileError, match="Word document"):
        jobs.check_upload(SimpleUploadedFile("lista.xlsx", archive.getvalue()))
    with pytest.raises(ImportFileError, match="a PDF document"):
        jobs.check_upload(SimpleUploadedFile("lista.csv", b"%PDF-1.4\x00"))
    jobs.check_upload(SimpleUploadedFile("lista.txt", _csv([HEADER, *ROWS])))


@pytest.mark.django_db
def test_bulk_writes_log_exactly_like_the_services(world):
    """One person created the usual way and one through the bulk path: identical entries."""
    from magistrat.organizations.services import person_create

    single = person_create(user=world.admin_a, organization=world.org_a, first_name="Jan",
                           last_name="Pojedynczy", email="jan@example.invalid")
    bulk = build(Person, organization=world.org_a, first_name="Jan", last_name="Hurtowy",
                 email="jan@example.invalid")
    from django.db import transaction

    with transaction.atomic():
        bulk_insert([bulk])
        assert log_changes(user=world.admin_a, items=[(bulk, "create", None)]) == 1
    stored = Person.objects.get(pk=bulk.pk)
    assert stored.full_name == "Jan Hurtowy" and stored.created_at is not None
    entries = {e.object_id: e for e in ChangeLogEntry.objects.filter(content_type__model="person",
                                                                     object_id__in=[single.pk, bulk.pk])}
    one, many = entries[str(single.pk)], entries[str(bulk.pk)]
    assert one.changes.pop("last_name") == [None, "Pojedynczy"]
    assert many.changes.pop("last_name") == [None, "Hurtowy"]
    assert one.changes == many.changes
    assert (one.user, one.user_name, one.organization_id, one.action) == \
        (many.user, many.user_name, many.organization_id, many.action)
    # updates: only real changes are logged, unchanged records are skipped
    from magistrat.core.changelog import snapshot

    with transaction.atomic():
        old = snapshot(stored)
        stored.position = "Inspektor ds. importu"
        bulk_update([stored], ["position"])
        written = log_changes(user=access.SYSTEM, items=[(stored, "update", old),
                                                         (single, "update", snapshot(single))])
    assert written == 1
    assert Person.objects.get(pk=stored.pk).position == "Inspektor ds. importu"
    update = ChangeLogEntry.objects.get(object_id=str(stored.pk), action="update")
    assert update.changes == {"position": ["", "Inspektor ds. importu"]}


@pytest.mark.django_db
def test_bulk_ids_are_never_reused_after_a_delete(world):
    from django.db import transaction

    from magistrat.organizations.tests.factories import PersonFactory

    last = PersonFactory(organization=world.org_a)
    gone = last.pk
    last.delete()
    fresh = build(Person, organization=world.org_a, first_name="Nowa", last_name="Osoba")
    with transaction.atomic():
        bulk_insert([fresh])
    assert fresh.pk > gone


# --- Jobs and the background worker ---------------------------------------------------------

def _worker():
    """The django-tasks-db worker, as `magistrat serve` runs it, until the queue is empty."""
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_large_file_goes_to_the_worker_and_reports_progress(world, settings):
    settings.IMPORT_BACKGROUND_ROWS = 5
    lines = ["Nr inw.;Nazwa;Kategoria;Status"] + [f"BG/{n};Komputer;komputer stacjonarny;w użyciu"
                                                  for n in range(40)]
    job = jobs.job_create(user=world.it_a, kind="assets", organization=world.org_a,
                          upload=SimpleUploadedFile("duzy.csv", _csv(lines)), options={})
    job = jobs.job_start(job)
    assert job.status == ImportJob.Status.QUEUED and job.in_background
    _worker()
    job.refresh_from_db()
    assert job.status == ImportJob.Status.READY, job.report
    assert (job.rows_done, job.rows_total) == (40, 40)
    assert jobs.job_report(job).to_create == 40
    job = jobs.job_confirm(user=world.it_a, job=job)
    assert job.status == ImportJob.Status.QUEUED
    _worker()
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE and job.finished_at
    assert not job.file                                   # the upload is removed when done
    from magistrat.inventory.models import Asset

    assert Asset.objects.filter(organization=world.org_a, inventory_number__startswith="BG/").count() == 40
    entry = ChangeLogEntry.objects.filter(object_repr__startswith="BG/").first()
    assert entry.channel == "import" and entry.user == world.it_a


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_job_whose_user_lost_the_right_fails_with_a_reason(world, settings):
    settings.IMPORT_BACKGROUND_ROWS = 0
    job = jobs.job_create(user=world.it_a, kind="assets", organization=world.org_a,
                          upload=SimpleUploadedFile("a.csv", _csv(["Nazwa;Kategoria", "PC;laptop"])))
    jobs.job_start(job)
    world.it_a.is_active = False
    world.it_a.save()
    _worker()
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED and "no longer" in job.failure


@pytest.mark.django_db
def test_a_second_confirmation_does_not_write_twice_and_stale_files_are_removed(world):
    import datetime as dt

    from django.utils import timezone

    data = _csv(["Nazwa;Kategoria", "PC;laptop"])
    job = jobs.job_start(jobs.job_create(user=world.it_a, kind="assets", organization=world.org_a,
                                         upload=SimpleUploadedFile("a.csv", data)))
    assert job.status == ImportJob.Status.READY
    stale = ImportJob.objects.get(pk=job.pk)
    assert jobs.job_confirm(user=world.it_a, job=job).status == ImportJob.Status.DONE
    with pytest.raises(Exception, match="not waiting"):
        jobs.job_confirm(user=world.it_a, job=stale)
    from magistrat.inventory.models import Asset

    assert Asset.objects.filter(organization=world.org_a, name="PC").count() == 1
    left = jobs.job_start(jobs.job_create(user=world.it_a, kind="assets", organization=world.org_a,
                                          upload=SimpleUploadedFile("b.csv", data)))
    ImportJob.objects.filter(pk=left.pk).update(created_at=timezone.now() - dt.timedelta(days=2))
    jobs.job_create(user=world.it_a, kind="assets", organization=world.org_a,
                    upload=SimpleUploadedFile("c.csv", data))
    left.refresh_from_db()
    assert left.status == ImportJob.Status.FAILED and not left.file and "Upload it again" in left.failure
