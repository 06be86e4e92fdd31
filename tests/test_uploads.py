"""Uploaded documents: allowed extensions and size, content that matches its name, no markup;
served as a download with nosniff and a policy that runs nothing."""

from http import HTTPStatus

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.documents import get_document_model

from catalog.demo.files import silent_mp3, simple_pdf
from catalog.uploads import check_upload
from tests import factories

pytestmark = pytest.mark.django_db

Document = get_document_model()
ADD_URL = reverse("wagtaildocs:add")


def upload(admin_client, name: str, content: bytes):
    file = SimpleUploadedFile(name, content)
    return admin_client.post(ADD_URL, {"title": name, "file": file, "collection": 1})


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("handout.pdf", simple_pdf("Handout", ["One line."])),
        ("episode.mp3", silent_mp3(2)),
        ("episode.m4a", b"\x00\x00\x00\x20ftypM4A " + b"\x00" * 64),
        ("slides.pptx", b"PK\x03\x04" + b"\x00" * 64),
        ("notes.txt", "Plain notes, with “quotes”.".encode()),
        ("contacts.csv", b"name,phone\nCAC,555-0100\n"),
    ],
)
def test_real_files_of_allowed_types_are_stored(admin_client, home, name, content):
    response = upload(admin_client, name, content)
    assert response.status_code == HTTPStatus.FOUND, response.content[:2000]
    assert Document.objects.filter(title=name).exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("logo.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>", "web page or an image"),
        ("page.html", b"<html><script>alert(1)</script></html>", "web page or an image"),
        ("page.htm", b"Plain words", "File extension “htm” is not allowed"),
        ("drawing.svg", b"\x00binary", "File extension “svg” is not allowed"),
        ("tool.exe", b"MZ\x90\x00", "File extension “exe” is not allowed"),
        ("handout.pdf", b"<html><script>alert(1)</script></html>", "web page or an image"),
        ("notes.txt", b"\xef\xbb\xbf  <!DOCTYPE html><title>x</title>", "web page or an image"),
        ("image.txt", b"<?xml version='1.0'?><svg/>", "web page or an image"),
        ("notes.txt", b"Dear team,\n" * 20 + b"<script>alert(1)</script>", "web page or an image"),
        ("list.csv", b"name,link\nx,<svg onload=alert(1)>", "web page or an image"),
        ("notes.txt", "<script>".encode("utf-16"), "in UTF-16"),
        # Without a byte-order mark: the NUL bytes of UTF-16 and UTF-32 give them away.
        ("notes.txt", "<script>alert(1)</script>".encode("utf-16-le"), "in UTF-16"),
        ("list.csv", "name,link\nx,<svg onload=alert(1)>".encode("utf-16-be"), "in UTF-16"),
        ("notes.txt", "<script>alert(1)</script>".encode("utf-32-le"), "in UTF-16 or UTF-32"),
        ("notes.txt", b"\x7fELF\x02\x01\x01\x00\x00\x00", "not text at all"),
        ("report.pdf", b"PK\x03\x04not a pdf", "not a real .pdf file"),
        ("episode.mp3", b"just some text", "not a real .mp3 file"),
    ],
)
def test_markup_wrong_content_and_other_types_are_refused(
    admin_client, home, name, content, message
):
    response = upload(admin_client, name, content)
    assert response.status_code == HTTPStatus.OK  # the form again, with the error
    assert [message in error for error in response.context["form"].errors["file"]] == [True]
    assert not Document.objects.exists()


def test_files_over_the_size_limit_are_refused(admin_client, home, settings):
    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 1024
    response = upload(admin_client, "big.pdf", b"%PDF-1.4\n" + b"0" * 2048)
    assert "This file is too big" in response.content.decode()
    assert not Document.objects.exists()


def test_the_content_check_ignores_text_that_only_mentions_markup():
    check_upload("notes.txt", b"Use <b>bold</b> sparingly.\n<p> starts a paragraph.")  # no error


@pytest.mark.parametrize("name", ["handout.pdf", "notes.txt", "episode.mp3"])
def test_documents_are_served_as_downloads_that_run_nothing(client, home, name):
    document = factories.document("File", name, b"%PDF-1.4 data")
    factories.resource(document=document)  # only a file a live page uses is served
    response = client.get(document.url)
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'"
