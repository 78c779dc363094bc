"""Documents kept with a project: uploaded to an expenditure (invoice, proof of payment,
acceptance protocol) or to a promotion duty (evidence), downloaded only through here, never
from a public media address."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from magistrat.core import uploads
from magistrat.core.exceptions import AccessDenied
from magistrat.organizations import access

from . import forms, selectors, services
from .models import Expenditure, ProjectDocument, PromotionItem

# What a document can be uploaded to: URL part -> (model, the document's field).
TARGETS = {"expenditures": (Expenditure, "expenditure"), "promotion": (PromotionItem, "promotion_item")}
EXTENSIONS = {uploads.PDF: (".pdf",), uploads.JPEG: (".jpg", ".jpeg"), uploads.PNG: (".png",)}


def back_url(document_or_target) -> str:
    """Where the uploaded document is listed: the expenditure's page, or the project's
    promotion tab at the duty's row."""
    if isinstance(document_or_target, ProjectDocument):
        document_or_target = document_or_target.expenditure or document_or_target.promotion_item \
            or document_or_target.project
    if isinstance(document_or_target, PromotionItem):
        return f"{document_or_target.project.get_absolute_url()}?tab=promotion#promotion-{document_or_target.pk}"
    return document_or_target.get_absolute_url()


@require_POST
@login_required
def document_add(request, target: str, pk: int):
    if target not in TARGETS:
        raise Http404
    model, field = TARGETS[target]
    record = selectors.project_children(model, user=request.user).filter(pk=pk).first()
    if record is None:
        raise Http404
    if not access.has_perm(request.user, "grant.change", record.project.organization):
        raise AccessDenied
    form = forms.ProjectDocumentForm(request.POST, request.FILES)
    if not form.is_valid():
        problems = [_("Choose a file.") if name == "file" and "file" not in request.FILES
                    else f"{form[name].label}: {' '.join(errors)}" for name, errors in form.errors.items()]
        messages.error(request, " ".join(problems))
        return HttpResponseRedirect(back_url(record))
    undone = field == "promotion_item" and record.done_on is None
    try:
        services.project_document_add(user=request.user, project=record.project, **{field: record},
                                      upload=form.cleaned_data["file"], kind=form.cleaned_data["kind"],
                                      name=form.cleaned_data["name"])
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("File attached."))
        if undone:
            from .views import dated_today

            record.refresh_from_db()
            messages.info(request, dated_today(record))
    return HttpResponseRedirect(back_url(record))


def _document(request, pk: int) -> ProjectDocument:
    document = selectors.project_document_list(user=request.user).filter(pk=pk).first()
    if document is None:
        raise Http404
    return document


def document_response(document: ProjectDocument) -> FileResponse:
    """The file, named for saving (with its extension); photos open in the browser, PDFs are
    saved, as asset attachments are. Callers have checked the permission."""
    filename, extensions = document.name, EXTENSIONS.get(document.content_type, ())
    if extensions and not filename.lower().endswith(extensions):
        filename += extensions[0]
    try:
        handle = document.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(handle, content_type=document.content_type,
                        as_attachment=document.content_type == uploads.PDF, filename=filename)


@login_required
def document_download(request, pk: int):
    return document_response(_document(request, pk))


@require_POST
@login_required
def document_remove(request, pk: int):
    document = _document(request, pk)
    target = back_url(document)
    services.project_document_delete(user=request.user, projectdocument=document)
    messages.success(request, _("Attachment removed."))
    return HttpResponseRedirect(target)
