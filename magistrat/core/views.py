"""Generic views configured by class attributes: list, detail (with history), edit, delete.

They read through a selector, write through the declared service (never `form.save()`), ask
the access module for every permission and answer htmx requests with partial templates.
"""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from . import export_jobs, exports, services
from .changelog import history_for
from .exceptions import AccessDenied
from .filters_widgets import check_filterset_ranges

PAGE_SIZES = (25, 50, 100)


def sentence_end(record) -> str:
    """A record's name to end a sentence with: "ABC sp. z o.o." keeps its one full stop."""
    return str(record).rstrip(".")


def access_module():
    from magistrat.organizations import access

    return access


def filter_error_list(filterset) -> list[tuple[str, str]]:
    """(filter label, message) for every filter value that could not be read, and every range
    that ends before it starts."""
    check_filterset_ranges(filterset)
    if not filterset.is_bound or filterset.is_valid():
        return []
    fields = filterset.form.fields
    return [(str(fields[name].label) if name in fields else name, message)
            for name, errors in filterset.errors.items() for message in errors]


class ObjectViewMixin(LoginRequiredMixin):
    model = None
    selector = None                 # callable(*, user, within) -> QuerySet
    view_permission = ""            # e.g. "person.view"
    change_permission = ""          # e.g. "person.change"; empty = read-only screens
    add_permission = ""             # defaults to change_permission
    url_namespace = ""              # e.g. "organizations"
    add_title = ""                  # "New organization"; default "New: <verbose name>"
    delete_check = None             # callable(obj) -> str: why the delete service refuses ("" = it would not)

    def get_queryset(self):
        return type(self).selector(user=self.request.user, within=self.request.organization)

    def get_object(self):
        # Detail pages look across everything the user may see, not only the current unit.
        queryset = type(self).selector(user=self.request.user, within=None)
        try:
            return queryset.get(pk=self.kwargs["pk"])
        except (self.model.DoesNotExist, ValueError, TypeError):
            raise Http404 from None

    def permission_organization(self, obj):
        """The organization whose roles decide about `obj` (the record's own by default)."""
        return obj.organization

    def can_change(self, obj) -> bool:
        return bool(self.change_permission) and access_module().has_perm(
            self.request.user, self.change_permission, self.permission_organization(obj)
        )

    def can_delete(self, obj) -> bool:
        """May the user delete `obj` (the Delete button and page); the change permission unless
        a model says otherwise."""
        return self.can_change(obj)

    def delete_refusal(self, obj) -> str:
        """Why `obj` cannot be deleted, "" when it can: the model's own rule (`delete_check`, the
        one its delete service applies), else the records that refer to it. The record's page
        disables "Delete" with this reason and the confirmation page says it; the service still
        decides."""
        check = type(self).delete_check
        reason = check(obj) if check is not None else ""
        if reason:
            return reason
        from .records import delete_refusal, referring_records

        return delete_refusal(obj) if referring_records(obj) else ""

    def url_name(self, action: str) -> str:
        return f"{self.url_namespace}:{self.model._meta.model_name}_{action}"

    def base_context(self, **extra):
        meta = self.model._meta
        add_title = self.add_title or f"{_('New')}: {meta.verbose_name}"
        return {"meta": meta, "verbose_name": meta.verbose_name, "add_title": add_title,
                "verbose_name_plural": meta.verbose_name_plural,
                "url_list": self.url_name("list"), "url_add": self.url_name("add"),
                "url_edit": self.url_name("edit"), "url_delete": self.url_name("delete"),
                "url_detail": self.url_name("detail"), **extra}


class ObjectListView(ObjectViewMixin, View):
    filterset_class = None
    columns: list = []
    export_columns: list | None = None   # default: the columns the user sees
    template_name = "core/object_list.html"
    partial_template = "core/_object_table.html"
    export_title = ""
    bulk_form_class = None              # a form with a `save(user, queryset)`; adds row checkboxes
    bulk_url_name = ""
    bulk_actions_template = ""          # more buttons for the ticked rows (e.g. "hand over")
    extra_exports: dict = {}            # format -> callable(view, queryset, filename)
    export_screens: dict = {}           # format -> URL name of a screen that asks first (labels)
    import_url_name = ""                # the list's spreadsheet import (an "Import" button)
    default_filters: dict = {}          # filter values used when the query names none
    # Filters for the API and CLI only: the organization switcher scopes the screens.
    hidden_filters = ("organization",)

    def visible_columns(self, request) -> list:
        """The user's column choice (?col=...), remembered per list in the session."""
        key = f"columns:{self.model._meta.label_lower}"
        chosen = [c for c in request.GET.getlist("col") if c]
        if chosen:
            request.session[key] = chosen
        elif "col" in request.GET:
            request.session.pop(key, None)
        else:
            chosen = request.session.get(key) or []
        columns = [c for c in self.columns if c.path in chosen] if chosen else []
        return columns or [c for c in self.columns if not c.optional]

    def filter_data(self, request):
        """The query the FilterSet reads: the request's, with `default_filters` where it is silent."""
        if not self.default_filters:
            return request.GET or None
        data = request.GET.copy()
        for name, value in self.default_filters.items():
            if not data.get(name):
                data[name] = value
        return data

    def get(self, request, *args, **kwargs):
        filterset = self.filterset_class(self.filter_data(request), queryset=self.get_queryset(),
                                         request=request)
        queryset = filterset.qs if filterset.is_bound else filterset.queryset
        filter_errors = filter_error_list(filterset)
        if filter_errors:
            # Rows "filtered" by a value that could not be read would look like an answer.
            queryset = queryset.none()
        export = request.GET.get("export")
        columns = self.visible_columns(request)
        title = str(self.export_title or self.model._meta.verbose_name_plural)
        export_columns = self.export_columns or columns
        filename = exports.export_filename(title)
        if export and filter_errors:
            messages.error(request, _("Nothing was exported: correct the filters first."))
            export = None
        if export in ("csv", "xlsx", *self.extra_exports):
            total = export_jobs.in_background(queryset)
            if total:
                job = services.export_job_create(
                    user=request.user, target=type(self), channel=export_jobs.WEB,
                    params=self.export_params(request, columns), organization=request.organization,
                    fmt=export, title=title, total=total, back_url=self.list_url(request))
                return HttpResponseRedirect(reverse("export_job", args=[job.pk]))
        if export == "csv":
            return exports.csv_response(queryset, export_columns, filename)
        if export == "xlsx":
            return exports.xlsx_response(queryset, export_columns, filename, title=title)
        if export in self.extra_exports:
            return self.extra_exports[export](self, queryset, filename)
        try:
            per_page = int(request.GET.get("per_page", PAGE_SIZES[0]))
        except ValueError:
            per_page = PAGE_SIZES[0]
        per_page = per_page if per_page in PAGE_SIZES else PAGE_SIZES[0]
        page = Paginator(queryset, per_page).get_page(request.GET.get("page"))
        context = self.base_context(
            filterset=filterset, page=page, columns=columns, all_columns=self.columns,
            chosen_columns={c.path for c in columns}, page_sizes=PAGE_SIZES,
            phone_columns={c.path for c in columns if c.phone} or {c.path for c in columns[:4]},
            filters_active=any(request.GET.get(name) not in ("", None, self.default_filters.get(name))
                               for name in filterset.form.fields if name != "ordering"),
            # Its own id prefix: the filter form above has fields of the same names.
            bulk_form=self.bulk_form_class(user=request.user, auto_id="bulk_%s") if self.bulk_form_class else None,
            bulk_url_name=self.bulk_url_name, bulk_actions_template=self.bulk_actions_template,
            extra_exports=list(self.extra_exports), export_links=self.export_links(request),
            export_screens={fmt: reverse(name) for fmt, name in self.export_screens.items()},
            hidden_filters=self.hidden_filters, import_url_name=self.import_url_name,
            per_page=per_page, current_ordering=request.GET.get("ordering", ""),
            filter_errors=filter_errors,
            can_add=bool(self.add_permission or self.change_permission)
            and access_module().has_perm_anywhere(
                request.user, self.add_permission or self.change_permission),
        )
        context.update(self.extra_context(queryset=queryset, filter_errors=filter_errors))
        template = self.template_name
        if request.htmx and request.htmx.target == "object-table":
            template = self.partial_template
        # htmx swaps only successful answers: a partial with errors is still a 200.
        status = 400 if filter_errors and not request.htmx else 200
        return render(request, template, context, status=status)

    def extra_context(self, *, queryset, filter_errors) -> dict:
        """More for the template, from the list as filtered (`queryset`, empty when the filters
        could not be read)."""
        return {}

    @staticmethod
    def list_url(request) -> str:
        """The list as it was shown (filters kept), without the export."""
        params = request.GET.copy()
        params.pop("export", None)
        return f"{request.path}?{params.urlencode()}" if params else request.path

    @staticmethod
    def export_params(request, columns) -> list[tuple[str, str]]:
        """The query an export was asked with, the columns the user sees included (they live in
        the session, which the worker does not have)."""
        params = [(key, value) for key, values in request.GET.lists() for value in values]
        if "col" not in request.GET:
            params += [("col", column.path) for column in columns]
        return params

    def export_links(self, request) -> list[tuple[str, str]]:
        """(format, address) of the extra exports: the file itself, or the screen that asks first,
        both with the list's filters."""
        links = []
        for fmt in self.extra_exports:
            params = request.GET.copy()
            params.pop("page", None)
            params.pop("export", None)
            if fmt in self.export_screens:
                links.append((fmt, f"{reverse(self.export_screens[fmt])}?{params.urlencode()}"))
            else:
                params["export"] = fmt
                links.append((fmt, f"?{params.urlencode()}"))
        return links


class ObjectDetailView(ObjectViewMixin, View):
    template_name = "core/object_detail.html"
    fields: list = []               # [(label, path, kind)] shown on the "data" tab
    tabs = [("data", gettext_lazy("Data")), ("history", gettext_lazy("History"))]
    actions_template = ""           # extra buttons beside Edit / Delete
    notice_template = ""            # a banner under the title (warnings about the record)
    after_tabs_template = ""        # sections below the tabs (related records, files)
    deletable = True                # False: records edited here but never deleted (no delete URL)

    def get(self, request, *args, **kwargs):
        obj = self.get_object()
        tab = request.GET.get("tab", "data")
        if tab not in dict(self.get_tabs(obj)):
            tab = "data"
        can_change = self.can_change(obj)
        can_delete = self.deletable and self.can_delete(obj)
        context = self.base_context(
            object=obj, tab=tab, tabs=self.get_tabs(obj), fields=self.fields, can_change=can_change,
            can_delete=can_delete,
            delete_refusal=self.delete_refusal(obj) if can_delete else "",
            actions_template=self.actions_template,
            notice_template=self.notice_template, after_tabs_template=self.after_tabs_template,
        )
        if tab == "history":
            context["history"] = history_for(obj)[:200]
        context.update(self.tab_context(obj, tab))
        template = self.template_name
        if request.htmx and request.htmx.target == "tabbed":
            template = "core/_object_tabs.html"
        return render(request, template, context)

    def get_tabs(self, obj):
        return self.tabs

    def tab_context(self, obj, tab: str) -> dict:
        """Extra context for a tab; override to add, e.g., the people of an organization."""
        return {}


class ObjectEditView(ObjectViewMixin, View):
    form_class = None
    create_service = None           # callable(*, user, **cleaned_data)
    update_service = None           # callable(*, user, <model_name>=obj, **cleaned_data)
    template_name = "core/object_form.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.object = self.get_object() if "pk" in kwargs else None
        if self.object is not None and not self.can_change(self.object):
            raise AccessDenied
        if self.object is None and not access_module().has_perm_anywhere(
                request.user, self.add_permission or self.change_permission):
            raise AccessDenied
        return super().dispatch(request, *args, **kwargs)

    def get_form(self, data=None):
        return self.form_class(data=data, instance=self.object, user=self.request.user,
                               initial=self.get_initial())

    def get_initial(self) -> dict:
        return {}

    def get(self, request, *args, **kwargs):
        return self.render_form(self.get_form())

    def post(self, request, *args, **kwargs):
        form = self.get_form(request.POST)
        if form.is_valid():
            try:
                obj = self.save(form.cleaned_data)
            except ValidationError as exc:
                self.add_errors(form, exc)
            except AccessDenied as exc:
                form.add_error(None, getattr(exc, "public", "")
                               or _("You are not allowed to save this record here."))
            else:
                messages.success(request, _("Saved: %(record)s.") % {"record": sentence_end(obj)})
                return HttpResponseRedirect(obj.get_absolute_url())
        return self.render_form(form, status=400)

    def save(self, data: dict):
        data = {name: data[name] for name in self.form_class._meta.fields if name in data}
        if self.object is None:
            return type(self).create_service(user=self.request.user, **data)
        # A fresh copy: the form has already written its values into self.object, and the
        # service needs the stored values to log what changed.
        fresh = self.model._default_manager.get(pk=self.object.pk)
        return type(self).update_service(
            user=self.request.user, **{self.model._meta.model_name: fresh}, **data
        )

    @staticmethod
    def add_errors(form, exc: ValidationError) -> None:
        if hasattr(exc, "error_dict"):
            for field, errors in exc.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, exc)

    def render_form(self, form, status=200):
        context = self.base_context(form=form, object=self.object,
                                    non_field_key=NON_FIELD_ERRORS)
        return render(self.request, self.template_name, context, status=status)


class ObjectDeleteView(ObjectViewMixin, View):
    delete_service = None           # callable(*, user, <model_name>=obj)
    template_name = "core/object_confirm_delete.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.object = self.get_object()
        if not self.can_delete(self.object):
            raise AccessDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        return render(request, self.template_name,
                      self.base_context(object=self.object, refusal=self.refusal(self.object),
                                        consequence=self.consequence(self.object)))

    def consequence(self, obj) -> str:
        """What else goes with `obj`, said before the user confirms (empty: nothing)."""
        return ""

    def refusal(self, obj) -> str:
        """Why `obj` cannot be deleted, said on the confirmation page (the service still decides)."""
        return self.delete_refusal(obj)

    def post(self, request, *args, **kwargs):
        label = str(self.object)
        try:
            type(self).delete_service(user=request.user,
                                      **{self.model._meta.model_name: self.object})
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return HttpResponseRedirect(self.object.get_absolute_url())
        except AccessDenied as exc:
            messages.error(request, getattr(exc, "public", "")
                           or _("You are not allowed to delete this record."))
            return HttpResponseRedirect(self.object.get_absolute_url())
        messages.success(request, _("Deleted: %(record)s.") % {"record": sentence_end(label)})
        return HttpResponseRedirect(reverse(self.url_name("list")))
