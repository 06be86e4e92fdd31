"""Admin views: catalog entries from a CSV file (choose it → every row checked in a preview →
confirm), out to one in the same format, and a template file to start from; a page per kind of
entry (catalog.importing.registry).

The checked file is kept on the server (catalog.importing.uploads): the preview's form posts only
its id, and the publish choice to those who may publish (a form without that field ignores a
forged one, and the writer checks each page's rights again). A confirmed file that writes more
than settings.CATALOG_IMPORT_INLINE_ROWS entries is imported by a background worker
(catalog.import_tasks) while its progress page refreshes itself.
"""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import ngettext
from wagtail.permission_policies.pages import PagePermissionPolicy

from catalog.import_tasks import import_job, import_resources_later
from catalog.importing.checking import check_rows
from catalog.importing.exporting import export_csv, template_csv
from catalog.importing.files import (
    ImportFileError,
    Row,
    decode,
    read_rows,
    refuse_if_too_large,
)
from catalog.importing.kinds import Kind
from catalog.importing.registry import KINDS, kind_named
from catalog.importing.uploads import UploadGone, claim, store_upload, waiting_upload
from catalog.importing.writing import ImportWriteError, summary, write_rows
from catalog.models import ImportUpload

TEMPLATE = "catalog/admin/import.html"


class UploadForm(forms.Form):
    file = forms.FileField(
        label="CSV file",
        help_text="UTF-8 text (in a spreadsheet: save as “CSV UTF-8”), its cells separated by "
        "commas or semicolons, its first line naming the columns.",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )


class ConfirmForm(forms.Form):
    """The preview's confirmation: the stored file's id, and for those who may publish, whether
    to publish (the field is not there for anyone else, so posting it does nothing)."""

    upload = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args, may_publish: bool, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if may_publish:
            self.fields["publish"] = forms.BooleanField(
                required=False,
                label="Publish them now",
                help_text="Otherwise new and changed entries go to the Catalog review workflow, "
                "as an editor's import does.",
            )


def require_page_editing(request: HttpRequest) -> PagePermissionPolicy:
    """Only those who may add or change pages somewhere import or export entries; each row is
    then checked against the user's rights on its own parent and entry."""
    policy = PagePermissionPolicy()
    if not policy.user_has_any_permission(request.user, ["add", "change"]):
        raise PermissionDenied
    return policy


def may_publish(request: HttpRequest) -> bool:
    return require_page_editing(request).user_has_permission(request.user, "publish")


def import_start(request: HttpRequest) -> HttpResponse:
    require_page_editing(request)
    return redirect("catalog_import", "resources")


def import_entries(request: HttpRequest, kind: str) -> HttpResponse:
    entries = kind_named(kind)
    publisher = may_publish(request)
    if request.method != "POST":
        return render(request, entries, form=UploadForm())
    if "upload" in request.POST:
        return confirm(request, entries, publisher)
    return check(request, entries, publisher)


def render(request: HttpRequest, kind: Kind, status: int = 200, **context) -> HttpResponse:
    context.update(kind=kind, kinds=KINDS.values())
    return TemplateResponse(request, TEMPLATE, context, status=status)


def check(request: HttpRequest, kind: Kind, publisher: bool) -> HttpResponse:
    """Check an uploaded file; if every row is good, keep it and offer to import it."""
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return render(request, kind, form=form)
    upload = form.cleaned_data["file"]
    try:
        refuse_if_too_large(upload.size)
        text = decode(upload.read())
        rows = check_rows(kind, read_rows(text, kind.header, kind.required), request.user)
    except ImportFileError as error:
        form.add_error("file", str(error))
        return render(request, kind, form=form)
    if any(row.errors for row in rows):
        return preview(request, kind, rows, upload.name)
    stored = store_upload(request.user, kind.name, upload.name, text)
    confirm_form = ConfirmForm(initial={"upload": stored.pk}, may_publish=publisher)
    return preview(request, kind, rows, upload.name, confirm_form)


def preview(
    request: HttpRequest,
    kind: Kind,
    rows: list[Row],
    filename: str,
    confirm_form: ConfirmForm | None = None,
) -> HttpResponse:
    """Every row checked; the confirmation form (`confirm_form`) only if every row is good."""
    bad = [row for row in rows if row.errors]
    publisher = confirm_form is not None and "publish" in confirm_form.fields
    plan = "" if bad else what_importing_does(kind, rows, publisher)
    return render(
        request,
        kind,
        preview=True,
        confirm_form=confirm_form,
        rows=rows,
        bad=bad,
        filename=filename,
        plan=plan,
    )


def what_importing_does(kind: Kind, rows: list[Row], publisher: bool) -> str:
    """The preview's sentence on what confirming it will do."""
    good = ngettext("The row is good.", "All %(count)s rows are good.", len(rows)) % {
        "count": len(rows)
    }
    writes = sum(row.action != "unchanged" for row in rows)
    if not writes:
        return f"{good} Nothing in it differs from the catalog: importing it changes nothing."
    review = ngettext(
        "%(entries)s will be added or changed and submitted to the Catalog review workflow, "
        "where a moderator publishes it",
        "%(entries)s will be added or changed and submitted to the Catalog review workflow, "
        "where a moderator publishes them",
        writes,
    ) % {"entries": kind.counted(writes)}
    choice = " (or published now, if you choose so below)" if publisher else ""
    return f"{good} {review}{choice}."


def confirm(request: HttpRequest, kind: Kind, publisher: bool) -> HttpResponse:
    """Import a kept file: check it again (the catalog may have changed), then write it here or
    in the background, all or nothing."""
    form = ConfirmForm(request.POST, may_publish=publisher)
    try:
        if not form.is_valid():
            raise UploadGone("This is not a file waiting to be imported.", 404)
        upload = waiting_upload(form.cleaned_data["upload"], request.user, kind.name)
    except UploadGone as gone:
        return gone_page(request, kind, gone)
    publish = form.cleaned_data.get("publish", False)
    try:
        rows = read_rows(upload.content, kind.header, kind.required)
    except ImportFileError as error:  # read when checked: only a change of the format does this
        upload.delete()
        return gone_page(request, kind, UploadGone(str(error), 400))
    check_rows(kind, rows, request.user)
    if any(row.errors for row in rows):  # something changed since the preview
        upload.delete()
        return preview(request, kind, rows, upload.filename)
    if sum(row.action != "unchanged" for row in rows) > settings.CATALOG_IMPORT_INLINE_ROWS:
        return import_later(request, kind, upload, publish)
    try:
        with transaction.atomic():
            claim(upload)
            done = write_rows(kind, rows, publish, request.user)
    except UploadGone as gone:  # confirmed twice: the first confirmation imported it
        return gone_page(request, kind, gone)
    except ImportWriteError as error:
        messages.error(request, f"Nothing was imported. {error}")
        return render(request, kind, form=UploadForm())
    for sentence in summary(kind, done):
        messages.success(request, sentence)
    return redirect("catalog_import", kind.name)


def gone_page(request: HttpRequest, kind: Kind, gone: UploadGone) -> HttpResponse:
    """Why a confirmed file cannot be imported, over the form to choose it again."""
    messages.error(request, str(gone))
    return render(request, kind, status=gone.status, form=UploadForm())


def import_later(
    request: HttpRequest, kind: Kind, upload: ImportUpload, publish: bool
) -> HttpResponse:
    """Too much to write in one request: queue it; the worker checks and writes it again."""
    try:
        with transaction.atomic():
            claim(upload)
            job = import_resources_later.enqueue(
                # The upload's owner is the user confirming it (waiting_upload checked).
                content=upload.content,
                user_id=upload.user_id,
                publish=publish,
                kind=kind.name,
            )
    except UploadGone as gone:
        return gone_page(request, kind, gone)
    return redirect("catalog_import_job", job.id)


def import_job_progress(request: HttpRequest, job_id: str) -> HttpResponse:
    """A background import's progress; the page reloads itself every few seconds until the job
    has finished, unless the importer turned that off (?refresh=off: WCAG 2.2.1, timing
    adjustable, wants a page that changes by itself to be stoppable)."""
    require_page_editing(request)
    job = import_job(str(job_id), request.user)
    in_progress = job.state in ("waiting", "running")
    refreshing = in_progress and request.GET.get("refresh") != "off"
    context = {"job": job, "in_progress": in_progress, "refreshing": refreshing}
    return TemplateResponse(request, "catalog/admin/import_job.html", context)


def csv_download(text: str, filename: str) -> HttpResponse:
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def export_entries(request: HttpRequest, kind: str) -> HttpResponse:
    """The entries of `kind` the user may edit, in the import's format."""
    require_page_editing(request)
    entries = kind_named(kind)
    return csv_download(export_csv(entries, request.user), f"{entries.name}.csv")


def import_template(request: HttpRequest, kind: str) -> HttpResponse:
    """The columns and one example row, to start a file from."""
    require_page_editing(request)
    entries = kind_named(kind)
    return csv_download(template_csv(entries, request.user), f"{entries.name}-template.csv")
