"""Nothing a visitor gets changes on an editor's word alone: a document that a live page uses
keeps its file and title until someone who may publish that page changes them
(catalog.file_access); editors upload a new document and the page change goes through review."""

from http import HTTPStatus

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.documents import get_document_model

from tests import factories

pytestmark = pytest.mark.django_db

NEW_CONTENT = b"%PDF-1.4 a new version"


@pytest.fixture
def document(home):
    return factories.document("Screening guide", "screening-guide.pdf", b"%PDF-1.4 the original")


def edit(client, document, title: str | None = None, new_file: bool = True):
    data = {"title": title or document.title, "collection": document.collection_id, "tags": ""}
    if new_file:
        data["file"] = SimpleUploadedFile("screening-guide-v2.pdf", NEW_CONTENT)
    return client.post(f"/admin/documents/edit/{document.pk}/", data)


def stored(document) -> tuple[str, bytes]:
    document = get_document_model().objects.get(pk=document.pk)
    with document.file.open("rb") as file:
        return document.title, file.read()


def test_an_editor_cannot_replace_the_file_of_a_live_entry(editor, document):
    page = factories.resource(document=document, title="Screening at intake")
    before = stored(document)

    response = edit(editor, document)

    assert response.status_code == HTTPStatus.OK  # the form again, with the reason
    assert "in use on live pages" in response.content.decode()
    assert page.title in response.content.decode()
    assert stored(document) == before


def test_an_editor_cannot_rename_a_file_a_live_entry_lists(editor, document):
    factories.resource(document=document)
    response = edit(editor, document, title="Something else", new_file=False)
    assert "in use on live pages" in response.content.decode()
    assert stored(document)[0] == "Screening guide"


def test_a_file_used_only_by_drafts_or_nothing_is_the_editors_to_change(editor, document):
    factories.resource(document=document, live=False)
    response = edit(editor, document, title="Screening guide, second edition")
    assert response.status_code == HTTPStatus.FOUND
    assert stored(document) == ("Screening guide, second edition", NEW_CONTENT)


def test_a_moderator_who_may_publish_the_page_may_replace_the_file(moderator, document):
    factories.resource(document=document)
    response = edit(moderator, document)
    assert response.status_code == HTTPStatus.FOUND
    assert stored(document)[1] == NEW_CONTENT


def test_an_editor_may_still_retag_a_file_in_use(editor, document):
    factories.resource(document=document)
    response = edit(editor, document, new_file=False)
    assert response.status_code == HTTPStatus.FOUND
