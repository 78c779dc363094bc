"""Content negotiation that explains an unknown ?format= instead of answering a bare 404."""

from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.negotiation import DefaultContentNegotiation


class ContentNegotiation(DefaultContentNegotiation):
    def filter_renderers(self, renderers, format):
        chosen = [renderer for renderer in renderers if renderer.format == format]
        if not chosen:
            known = ", ".join(sorted({renderer.format for renderer in renderers}))
            raise exceptions.ValidationError({"format": [
                _("Unknown format “%(format)s”: answers come as %(known)s. A list as a file "
                  "(CSV, XLSX) comes from its …/export/?export=csv address.")
                % {"format": format, "known": known}]})
        return chosen
