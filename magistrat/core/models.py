"""Base models and the change log. No domain models live here."""

import datetime

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from . import context
from .exceptions import ImmutableRecord


class TimestampedModel(models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    # Fields the change log never shows in clear (tokens, licence keys).
    changelog_secret_fields: tuple[str, ...] = ()

    class Meta:
        abstract = True


class TenantModel(TimestampedModel):
    """A domain record: it belongs to exactly one organization."""

    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="%(app_label)s_%(class)s_set",
        verbose_name=_("organization"),
    )

    class Meta:
        abstract = True


def _readable(field, value):
    """A logged value as people read it: dates 28.04.2022, amounts 4 350,00."""
    from . import formatting

    if value in (None, ""):
        return value
    try:
        if isinstance(field, models.DateTimeField):
            return formatting.date(datetime.datetime.fromisoformat(value))
        if isinstance(field, models.DateField):
            return formatting.date(datetime.date.fromisoformat(value))
        if isinstance(field, models.DecimalField):
            return formatting.money(value, currency="")
    except (TypeError, ValueError):
        pass
    return value


class ChangeLogQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise ImmutableRecord("Change-log entries cannot be changed.")

    def delete(self):
        raise ImmutableRecord("Change-log entries cannot be deleted.")


class ChangeLogEntry(models.Model):
    """One create/update/delete of a domain record, with field-level before/after values."""

    class Action(models.TextChoices):
        CREATE = "create", _("created")
        UPDATE = "update", _("updated")
        DELETE = "delete", _("deleted")

    class Channel(models.TextChoices):
        WEB = context.WEB, _("web")
        API = context.API, _("API")
        CLI = context.CLI, _("command line")
        IMPORT = context.IMPORT, _("import")
        AGENT = context.AGENT, _("inventory agent")
        SYSTEM = context.SYSTEM, _("system")

    timestamp = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("user"),
    )
    # Kept as text too, so the journal still names the author after the account is gone.
    user_name = models.CharField(_("user name"), max_length=150, blank=True)
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    action = models.CharField(_("action"), max_length=16, choices=Action.choices)
    content_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, related_name="+", verbose_name=_("record type")
    )
    object_id = models.CharField(_("record id"), max_length=64)
    object_repr = models.CharField(_("record"), max_length=255)
    # Plain ids (not foreign keys): the log outlives the records and organizations it describes.
    organization_id = models.BigIntegerField(_("organization id"), null=True, blank=True)
    changes = models.JSONField(_("changes"), default=dict)

    objects = ChangeLogQuerySet.as_manager()

    class Meta:
        verbose_name = _("change-log entry")
        verbose_name_plural = _("change log")
        ordering = ["-timestamp", "-id"]
        indexes = [
            models.Index(fields=["content_type", "object_id"], name="changelog_object_idx"),
            models.Index(fields=["organization_id", "-timestamp"], name="changelog_org_time_idx"),
        ]

    def __str__(self):
        return f"{self.timestamp:%Y-%m-%d %H:%M} {self.user_name} {self.action} {self.object_repr}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ImmutableRecord("Change-log entries cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableRecord("Change-log entries cannot be deleted.")

    def field_changes(self):
        """[(label, before, after)] with the model's field labels, for display."""
        model = self.content_type.model_class()
        rows = []
        for name, (before, after) in self.changes.items():
            label = name
            if model is not None:
                try:
                    field = model._meta.get_field(name)
                    label = field.verbose_name
                    if field.choices:
                        choices = dict(field.flatchoices)
                        before = choices.get(before, before)
                        after = choices.get(after, after)
                    before, after = _readable(field, before), _readable(field, after)
                except Exception:  # a field removed since the entry was written
                    pass
            rows.append((label, before, after))
        return rows


def import_file_path(instance, filename):
    return f"imports/{instance.organization_id}/{timezone.now():%Y%m%d%H%M%S}-{filename}"[:255]


class BackgroundProgress:
    """Progress of a job the background worker runs (an import, an export): `status` among
    the class's RUNNING states while it works, `rows_done` of `rows_total`."""

    @property
    def running(self) -> bool:
        return self.status in self.RUNNING

    @property
    def percent(self) -> int:
        if not self.rows_total:
            return 0
        return min(100, int(self.rows_done * 100 / self.rows_total))


class ImportJob(BackgroundProgress, TenantModel):
    """One spreadsheet import started from the web or the API: the uploaded file (kept in the
    data directory until the import is done), its state and progress, and what it found.

    Flow: queued -> validating -> invalid (errors) | ready (preview) -> queued -> writing -> done;
    failed when something unexpected stopped it (the reason is kept)."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("waiting to start")
        VALIDATING = "validating", _("checking the file")
        INVALID = "invalid", _("errors found")
        READY = "ready", _("ready to import")
        WRITING = "writing", _("importing")
        DONE = "done", pgettext_lazy("import status", "done")
        FAILED = "failed", pgettext_lazy("import status", "failed")

    RUNNING = (Status.QUEUED, Status.VALIDATING, Status.WRITING)

    kind = models.CharField(_("kind"), max_length=32)
    target_id = models.BigIntegerField(_("target id"), null=True, blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                             blank=True, related_name="+", verbose_name=_("started by"))
    user_name = models.CharField(_("user name"), max_length=150, blank=True)
    file = models.FileField(_("file"), upload_to=import_file_path, max_length=255, blank=True)
    file_name = models.CharField(_("file name"), max_length=255)
    options = models.JSONField(_("options"), default=dict, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.QUEUED)
    rows_done = models.PositiveIntegerField(_("rows done"), default=0)
    rows_total = models.PositiveIntegerField(_("rows"), null=True, blank=True)
    in_background = models.BooleanField(_("in the background"), default=False)
    report = models.JSONField(_("report"), default=dict, blank=True)
    failure = models.TextField(_("reason of failure"), blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["organization", "-created_at"], name="importjob_org_time_idx")]

    def __str__(self):
        return f"{self.file_name} ({self.get_status_display()})"


def export_file_path(instance, filename):
    return f"exports/{instance.user_id or 0}/{timezone.now():%Y%m%d%H%M%S}-{filename}"[:255]


class ExportJob(BackgroundProgress, TimestampedModel):
    """A list's file (CSV, XLSX, PDF) too large to write within a web request: written by the
    background worker while the page polls its progress, then downloaded by the user who asked
    (core.export_jobs). The list is rebuilt from the view that was asked (`target`) with the
    same query, user and scope, so the file is exactly what the request would have given."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("waiting to start")
        RUNNING = "running", _("writing the file")
        DONE = "done", pgettext_lazy("export status", "ready")
        FAILED = "failed", pgettext_lazy("export status", "failed")

    RUNNING = (Status.QUEUED, Status.RUNNING)

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="+", verbose_name=_("requested by"))
    # The list screen's or API viewset's class (dotted path) and the query it was asked with.
    target = models.CharField(_("list"), max_length=200)
    channel = models.CharField(_("channel"), max_length=8)
    params = models.JSONField(_("query"), default=list, blank=True)
    organization = models.ForeignKey("organizations.Organization", on_delete=models.CASCADE,
                                     null=True, blank=True, related_name="+",
                                     verbose_name=_("organization"))
    format = models.CharField(_("format"), max_length=16)
    title = models.CharField(_("title"), max_length=200)
    back_url = models.CharField(_("list address"), max_length=2000, blank=True)
    file = models.FileField(_("file"), upload_to=export_file_path, max_length=255, blank=True)
    file_name = models.CharField(_("file name"), max_length=255, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.QUEUED)
    rows_total = models.PositiveIntegerField(_("rows"), default=0)
    rows_done = models.PositiveIntegerField(_("rows done"), default=0)
    failure = models.TextField(_("reason of failure"), blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("export")
        verbose_name_plural = _("exports")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.title} ({self.format.upper()})"
