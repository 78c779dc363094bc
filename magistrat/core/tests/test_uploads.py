"""The one set of checks every attachment passes: the type told by content, the size limit."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from magistrat.core import uploads


@pytest.mark.parametrize(("content", "expected"), [
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "application/pdf"),
    (b"\xff\xd8\xff\xe0\x00\x10JFIF", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "image/png"),
])
def test_pdfs_and_photos_are_told_by_their_first_bytes_whatever_their_name(content, expected):
    upload = SimpleUploadedFile("skan.bin", content, content_type="application/octet-stream")
    assert uploads.check_upload(upload) == expected
    assert upload.read() == content   # left at its start, ready to be saved


def test_a_program_named_like_an_invoice_is_refused_on_the_field():
    upload = SimpleUploadedFile("faktura.pdf", b"MZ\x90\x00\x03", content_type="application/pdf")
    with translation.override("en"), pytest.raises(ValidationError) as error:
        uploads.check_upload(upload, field="document")
    assert error.value.message_dict == {"document": ["Only PDF, JPEG and PNG files can be attached."]}


def test_a_file_above_ten_megabytes_is_refused_before_it_is_read():
    class Huge:
        name, size = "skan.pdf", uploads.MAX_BYTES + 1

        def read(self, *args):
            raise AssertionError("a file that is too large is not read")

    with translation.override("en"), pytest.raises(ValidationError) as error:
        uploads.check_upload(Huge())
    assert error.value.message_dict == {"file": ["The file is larger than 10 MB."]}
    exact = SimpleUploadedFile("skan.pdf", b"%PDF" + b"0" * (uploads.MAX_BYTES - 4))
    assert uploads.check_upload(exact) == "application/pdf"


def test_an_empty_file_is_refused():
    with pytest.raises(ValidationError):
        uploads.check_upload(SimpleUploadedFile("pusty.pdf", b""))
