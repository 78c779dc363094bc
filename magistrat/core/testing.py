"""Test mixins that give every tenant model its isolation, permission, change-log and query
tests by declaration (NetBox's idea). A test class subclasses them and declares:

    model                 the model class
    api_endpoint          e.g. "/api/v1/people/"
    url_namespace         e.g. "organizations" (UI URLs are <ns>:<model>_list/_detail/...)
    writer, reader        World attribute names of a user who may change records of org A,
                          and one who may only read them
    make_record(world, organization)           -> a saved record of that organization
    api_payload(world, organization)           -> JSON for POST
    form_data(world, organization)             -> POST data for the web form
    api_update = {...}                         fields for PATCH / the edit form

The `world` fixture (conftest.py) has two separate gminas: A (with a school) and B.
"""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from magistrat.core.models import ChangeLogEntry

# --- Reading generated documents as their readers do -------------------------------------------

def pdf_pages_text(data: bytes) -> list[str]:
    """Each page's text; amounts carry non-breaking spaces ("147 979,00 zł"), compared as a
    reader sees them."""
    from pypdf import PdfReader

    return [page.extract_text().replace("\xa0", " ") for page in PdfReader(io.BytesIO(data)).pages]


def flat(text: str) -> str:
    """Text with its line breaks undone, for sentences that wrap."""
    return " ".join(text.split())


def render_pdf(function, *args, **kwargs) -> bytes:
    """Call a document writer `function(*args, handle, **kwargs)` and return the PDF it wrote."""
    handle = io.BytesIO()
    function(*args, handle, **kwargs)
    data = handle.getvalue()
    assert data.startswith(b"%PDF")
    return data


def _log_for(record, action):
    from django.contrib.contenttypes.models import ContentType

    return ChangeLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(record), object_id=str(record.pk),
        action=action,
    )


def _queries(few, many) -> str:
    lines = [f"{len(few)} queries with few rows, {len(many)} with more:"]
    lines += [q["sql"][:200] for q in many.captured_queries]
    return "\n".join(lines)


class _Declared:
    model = None
    deletable_after_update = True     # False where records with history are retired instead
    writer = "admin_a"
    reader = "viewer_a"
    api_update: dict = {}

    def make_record(self, world, organization):
        raise NotImplementedError

    def record_text(self, record) -> str:
        """What a list row and an export show of the record (to find it there)."""
        return str(record)

    def other_record(self, world):
        return self.make_record(world, world.org_b)

    def own_record(self, world):
        return self.make_record(world, world.org_a)


@pytest.mark.django_db
class ApiTenantTests(_Declared):
    api_endpoint = ""

    def api_payload(self, world, organization) -> dict:
        raise NotImplementedError

    def _client(self, api_client, user):
        api_client.force_authenticate(user)
        return api_client

    def test_api_requires_authentication(self, world, api_client):
        response = api_client.get(self.api_endpoint)
        assert response.status_code == 401
        assert "message" in response.json()

    def test_api_list_shows_only_visible_records(self, world, api_client):
        own, other = self.own_record(world), self.other_record(world)
        client = self._client(api_client, world.admin_b)
        ids = [row["id"] for row in client.get(self.api_endpoint, {"page_size": 1000}).json()["results"]]
        assert other.pk in ids
        assert own.pk not in ids

    def test_api_other_tenant_detail_update_delete_are_404(self, world, api_client):
        own = self.own_record(world)
        client = self._client(api_client, world.admin_b)
        url = f"{self.api_endpoint}{own.pk}/"
        assert client.get(url).status_code == 404
        assert client.patch(url, self.api_update, format="json").status_code == 404
        assert client.delete(url).status_code == 404
        assert self.model.objects.filter(pk=own.pk).exists()

    def test_api_create_in_other_tenant_is_rejected(self, world, api_client):
        before = self.model.objects.count()
        client = self._client(api_client, world.admin_b)
        response = client.post(self.api_endpoint, self.api_payload(world, world.org_a), format="json")
        assert response.status_code in (400, 403)
        assert response.json()["message"]
        assert self.model.objects.count() == before

    def test_api_read_only_role_cannot_write(self, world, api_client):
        own = self.own_record(world)
        client = self._client(api_client, world.user(self.reader))
        url = f"{self.api_endpoint}{own.pk}/"
        assert client.get(url).status_code == 200
        assert client.post(self.api_endpoint, self.api_payload(world, world.org_a),
                           format="json").status_code in (400, 403)
        assert client.patch(url, self.api_update, format="json").status_code == 403
        assert client.delete(url).status_code == 403
        assert self.model.objects.filter(pk=own.pk).exists()

    def test_api_writes_go_to_the_change_log(self, world, api_client):
        client = self._client(api_client, world.user(self.writer))
        response = client.post(self.api_endpoint, self.api_payload(world, world.org_a), format="json")
        assert response.status_code == 201, response.json()
        record = self.model.objects.get(pk=response.json()["id"])
        created = _log_for(record, "create").get()
        assert created.channel == "api"
        assert created.user == world.user(self.writer)

        url = f"{self.api_endpoint}{record.pk}/"
        response = client.patch(url, self.api_update, format="json")
        assert response.status_code == 200, response.json()
        updated = _log_for(record, "update").get()
        assert set(self.api_update) <= set(updated.changes)

        if not self.deletable_after_update:
            response = client.delete(url)
            assert response.status_code == 400 and response.json()["message"]
            assert self.model.objects.filter(pk=record.pk).exists()
            return
        assert client.delete(url).status_code == 204
        assert not self.model.objects.filter(pk=record.pk).exists()
        assert _log_for(record, "delete").count() == 1

    def test_api_bad_input_names_the_fields(self, world, api_client):
        client = self._client(api_client, world.user(self.writer))
        response = client.post(self.api_endpoint, {}, format="json")
        assert response.status_code == 400
        body = response.json()
        assert body["message"] and body["fields"]

    def test_api_list_queries_do_not_grow_with_rows(self, world, api_client):
        client = self._client(api_client, world.user(self.writer))
        self.make_record(world, world.org_a)
        client.get(self.api_endpoint)  # warm caches (content types, grants) before counting
        with CaptureQueriesContext(connection) as few:
            assert client.get(self.api_endpoint).status_code == 200
        for _ in range(6):
            self.make_record(world, world.school_a)
        with CaptureQueriesContext(connection) as many:
            assert client.get(self.api_endpoint).status_code == 200
        assert len(many) == len(few), _queries(few, many)


@pytest.mark.django_db
class WebTenantTests(_Declared):
    url_namespace = ""

    def form_data(self, world, organization) -> dict:
        raise NotImplementedError

    def url(self, action, *args):
        return reverse(f"{self.url_namespace}:{self.model._meta.model_name}_{action}", args=args)

    def test_web_list_shows_only_visible_records(self, world, client):
        own, other = self.own_record(world), self.other_record(world)
        client.force_login(world.admin_b)
        html = client.get(self.url("list")).content.decode()
        assert self.record_text(other) in html
        assert self.record_text(own) not in html

    def test_web_other_tenant_pages_are_404(self, world, client):
        own = self.own_record(world)
        client.force_login(world.admin_b)
        for action in ("detail", "edit", "delete"):
            assert client.get(self.url(action, own.pk)).status_code == 404
        assert client.post(self.url("delete", own.pk)).status_code == 404
        assert self.model.objects.filter(pk=own.pk).exists()

    def test_web_read_only_role_sees_but_cannot_change(self, world, client):
        own = self.own_record(world)
        client.force_login(world.user(self.reader))
        page = client.get(self.url("detail", own.pk))
        assert page.status_code == 200
        assert self.url("edit", own.pk) not in page.content.decode()
        assert client.get(self.url("edit", own.pk)).status_code == 403
        assert client.post(self.url("delete", own.pk)).status_code == 403
        assert client.get(self.url("add")).status_code == 403

    def test_web_create_edit_delete_through_forms(self, world, client):
        client.force_login(world.user(self.writer))
        before = set(self.model.objects.values_list("pk", flat=True))
        response = client.post(self.url("add"), self.form_data(world, world.org_a))
        assert response.status_code == 302, response.content.decode()[:3000]
        (new_pk,) = set(self.model.objects.values_list("pk", flat=True)) - before
        record = self.model.objects.get(pk=new_pk)
        assert _log_for(record, "create").get().channel == "web"

        data = {**self.form_data(world, world.org_a), **self.api_update}
        assert client.post(self.url("edit", record.pk), data).status_code == 302
        history = client.get(self.url("detail", record.pk), {"tab": "history"}).content.decode()
        assert _log_for(record, "update").exists()
        assert history.count('class="changes"') >= 2

        confirm = client.get(self.url("delete", record.pk))
        assert confirm.status_code == 200 and self.model.objects.filter(pk=record.pk).exists()
        assert client.post(self.url("delete", record.pk)).status_code == 302
        assert not self.model.objects.filter(pk=record.pk).exists()

    def test_web_invalid_form_saves_nothing_and_explains(self, world, client):
        client.force_login(world.user(self.writer))
        before = self.model.objects.count()
        response = client.post(self.url("add"), {})
        assert response.status_code == 400
        assert 'class="error"' in response.content.decode()
        assert self.model.objects.count() == before

    def test_web_list_queries_do_not_grow_with_rows(self, world, client):
        client.force_login(world.user(self.writer))
        self.make_record(world, world.org_a)
        client.get(self.url("list"))
        with CaptureQueriesContext(connection) as few:
            client.get(self.url("list"))
        for _ in range(6):
            self.make_record(world, world.school_a)
        with CaptureQueriesContext(connection) as many:
            client.get(self.url("list"))
        assert len(many) == len(few), _queries(few, many)

    def test_web_exports_hold_only_visible_records(self, world, client):
        own, other = self.own_record(world), self.other_record(world)
        client.force_login(world.admin_b)
        csv_text = b"".join(client.get(self.url("list"), {"export": "csv"}).streaming_content)
        csv_text = csv_text.decode("utf-8-sig")
        assert self.record_text(other) in csv_text
        assert self.record_text(own) not in csv_text
        response = client.get(self.url("list"), {"export": "xlsx"})
        workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
        values = {str(c.value) for row in workbook.active.iter_rows() for c in row if c.value}
        assert self.record_text(other) in values
        assert self.record_text(own) not in values
