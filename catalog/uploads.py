"""What an uploaded document may be: an allowed extension (WAGTAILDOCS_EXTENSIONS), a size
under WAGTAILDOCS_MAX_UPLOAD_SIZE (both checked by Wagtail), and, checked here, content that is
what its extension says. A file that opens as markup (HTML, SVG, XML) is refused whatever it is
called, and so is a text file (txt, csv) with a script, frame or SVG tag in its first kilobyte or
in UTF-16 or UTF-32, with or without a byte-order mark (either hides tags from that look; their
NUL bytes, which no UTF-8 text has, give them away, and a binary file too): a browser that
sniffed it could run script from our address. This is a second wall, not the only one: every
document is served as a download with `nosniff` and a `default-src 'none'` policy (settings,
Wagtail's serve view), so even a file that got past the check is never rendered as a page."""

import re

from django.core.exceptions import ValidationError
from wagtail.documents.forms import BaseDocumentForm

from catalog.file_access import refuse_unreviewed_change

SNIFF_BYTES = 1024
MARKUP = re.compile(
    rb"^(?:\xef\xbb\xbf)?\s*<\s*(?:\?xml|!doctype|!--|html|head|body|svg|script|iframe|"
    rb"object|embed|math|meta|link|style|a\s|img\s|div|p>|table)",
    re.IGNORECASE,
)
# In text files, the tags that could run script anywhere near the start.
ACTIVE_TAG = re.compile(rb"<\s*/?\s*(?:script|iframe|svg|html|object|embed|frame)\b", re.IGNORECASE)
UTF16 = (b"\xff\xfe", b"\xfe\xff")
TEXT = {"txt", "csv"}
ZIP = (b"PK\x03\x04", b"PK\x05\x06")  # an Office document, an OpenDocument or a zip archive
# The opening bytes each binary format has; text formats (txt, csv) are checked for markup only.
SIGNATURES: dict[str, tuple[bytes, ...]] = {
    "pdf": (b"%PDF-",),
    "docx": ZIP,
    "pptx": ZIP,
    "xlsx": ZIP,
    "odt": ZIP,
    "zip": ZIP,
    "doc": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",),  # Office 97–2003 compound file
    "rtf": (b"{\\rtf",),
}


def is_mp3(head: bytes) -> bool:
    """An ID3 tag or an MPEG audio frame's sync bits."""
    return head.startswith(b"ID3") or (len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0)


def is_m4a(head: bytes) -> bool:
    """An ISO media file: its first box is `ftyp`."""
    return head[4:8] == b"ftyp"


AUDIO_CHECKS = {"mp3": is_mp3, "m4a": is_m4a}


def matches_extension(extension: str, head: bytes) -> bool:
    if extension in SIGNATURES:
        return head.startswith(SIGNATURES[extension])
    if extension in AUDIO_CHECKS:
        return AUDIO_CHECKS[extension](head)
    return True


def check_upload(name: str, head: bytes) -> None:
    """Raise ValidationError unless the file's opening bytes suit its extension."""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension in TEXT and (head.startswith(UTF16) or b"\x00" in head):
        raise ValidationError(
            "This text file is in UTF-16 or UTF-32, or is not text at all; save it as UTF-8 "
            "text and upload it again.",
            code="utf16",
        )
    if MARKUP.match(head) or (extension in TEXT and ACTIVE_TAG.search(head)):
        raise ValidationError(
            "This file is a web page or an image in markup (HTML, SVG or XML); those cannot be "
            "uploaded. Save it as a PDF instead.",
            code="markup",
        )
    if not matches_extension(extension, head):
        raise ValidationError(
            f"This file is not a real .{extension} file: its content does not match its name. "
            "Save it again in that format, or give it the right extension.",
            code="mismatch",
        )


class DocumentForm(BaseDocumentForm):
    """Wagtail's document form (WAGTAILDOCS_DOCUMENT_FORM_BASE), with the content check, and
    no unreviewed change to a file the live site uses (catalog.file_access)."""

    def __init__(self, *args, **kwargs):
        self.user = kwargs.get("user")
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned_data = super().clean()
        changed = [name for name in ("file", "title") if name in self.changed_data]
        if self.instance.pk and changed and self.user is not None:
            refuse_unreviewed_change(self.instance, self.user, changed)
        return cleaned_data

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and upload is not self.original_file:
            position = upload.tell()
            upload.seek(0)
            head = upload.read(SNIFF_BYTES)
            upload.seek(position)
            check_upload(upload.name, head)
        return upload

    def _post_clean(self):
        # Django would go on to the model's own checks with no file at all and add a confusing
        # "File extension “” is not allowed"; the refusal above already says what is wrong.
        if self.has_error("file"):
            return
        super()._post_clean()
