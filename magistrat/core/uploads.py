"""The checks every uploaded attachment passes (asset attachments, grant project documents).

What an office attaches is a scanned or signed PDF or a photo. The type is told by the file's
first bytes, never by its name or the content type the browser claims, so a program renamed to
"faktura.pdf" is refused; files above the size limit are refused before they are read.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

PDF, JPEG, PNG = "application/pdf", "image/jpeg", "image/png"
# The first bytes ("magic numbers") of each accepted type.
SIGNATURES = {
    PDF: (b"%PDF",),
    JPEG: (b"\xff\xd8\xff",),
    PNG: (b"\x89PNG\r\n\x1a\n",),
}
MAX_BYTES = 10 * 1024 * 1024
ACCEPT = ",".join(SIGNATURES)       # for <input type="file" accept="…">


def sniff(upload) -> str | None:
    """The content type told by the file's first bytes, or None when it is none we accept.
    Leaves the file at its start."""
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    return next((kind for kind, magics in SIGNATURES.items() if any(head.startswith(m) for m in magics)),
                None)


def check_upload(upload, *, field: str = "file") -> str:
    """The content type of an accepted upload; a ValidationError on `field` for a file that is
    too large or of another type."""
    if upload.size > MAX_BYTES:
        raise ValidationError({field: _("The file is larger than 10 MB.")})
    content_type = sniff(upload)
    if content_type is None:
        raise ValidationError({field: _("Only PDF, JPEG and PNG files can be attached.")})
    return content_type
