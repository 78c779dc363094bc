"""One error shape for every 4xx: {"message": ..., "fields": {...}}."""

import re

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.views import exception_handler as drf_exception_handler


def _flatten(detail):
    if isinstance(detail, dict):
        return {key: _flatten(value) for key, value in detail.items()}
    if isinstance(detail, list):
        if all(not isinstance(item, (dict, list)) for item in detail):
            return [str(item) for item in detail]
        return [_flatten(item) for item in detail]
    return [str(detail)]


def _unreadable_body(exc) -> str:
    """DRF says "JSON parse error - Expecting value: line 1 column 2 (char 1)" in English."""
    detail = str(getattr(exc, "detail", ""))
    where = re.search(r"line (\d+) column (\d+)", detail)
    if detail.startswith("JSON parse error") and where:
        return _("The request body is not valid JSON (line %(line)s, column %(column)s).") % {
            "line": where.group(1), "column": where.group(2)}
    if detail.startswith("JSON parse error"):
        return _("The request body is not valid JSON.")
    return _("The request body could not be read; check its Content-Type and format.")


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        exc = exceptions.ValidationError(detail)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound(_("Not found."))
    elif isinstance(exc, exceptions.ParseError):
        exc = exceptions.ParseError(_unreadable_body(exc))
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(getattr(exc, "public", "")
                                          or _("You do not have permission to perform this action."))

    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        detail = exc.detail
        fields = _flatten(detail) if isinstance(detail, dict) else {"non_field_errors": _flatten(detail)}
        general = fields.pop("non_field_errors", None) or fields.pop("__all__", None)
        message = " ".join(general) if general else _("Some fields are not valid.")
        if general and fields:
            message = " ".join(general)
        body = {"message": message, "fields": fields}
        response.status_code = status.HTTP_400_BAD_REQUEST
    else:
        detail = getattr(exc, "detail", "")
        body = {"message": str(detail) if not isinstance(detail, (dict, list)) else str(exc),
                "fields": {}}
    response.data = body
    return response
