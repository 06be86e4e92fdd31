"""Admin views: import resources from CSV (upload → preview with every row checked → confirm)
and export them in the same format (the resources the user may edit). A confirmed file that
writes more than settings.CATALOG_IMPORT_INLINE_ROWS resources is imported by a background
worker (catalog.import_tasks) while its progress page refreshes itself."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from wagtail.permission_policies.pages import PagePermissionPolicy

from catalog.import_tasks import import_job, import_resources_later
from catalog.imports import (
    MAX_BYTES,
    TOO_LARGE,
    ImportFileError,
    check_rows,
    read_rows,
    write_rows,
)
from catalog.resource_export import export_rows


class ImportForm(forms.Form):
    file = forms.FileField(
        label="CSV file",
        help_text="UTF-8, separated by commas or semicolons, with the columns of an export.",
    )
    publish = forms.BooleanField(
        required=False,
        label="Publish them",
        help_text="Otherwise new and changed resources are drafts.",
    )


def require_page_editing(request: HttpRequest) -> PagePermissionPolicy:
    """Only those who may add or change pages somewhere import or export resources; each row is
    then checked against the user's rights on its own toolkit and resource."""
    policy = PagePermissionPolicy()
    if not policy.user_has_any_permission(request.user, ["add", "change"]):
        raise PermissionDenied
    return policy


def import_resources(request: HttpRequest) -> HttpResponse:
    may_publish = require_page_editing(request).user_has_permission(request.user, "publish")
    context = {"may_publish": may_publish, "form": ImportForm()}
    if request.method == "POST" and "content" in request.POST:  # the confirmed preview
        content = request.POST["content"].encode()
        publish = may_publish and request.POST.get("publish") == "on"
    elif request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        context["form"] = form
        if not form.is_valid():
            return TemplateResponse(request, "catalog/admin/import.html", context)
        upload = form.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            form.add_error("file", TOO_LARGE)
            return TemplateResponse(request, "catalog/admin/import.html", context)
        content = upload.read()
        publish = may_publish and form.cleaned_data["publish"]
    else:
        return TemplateResponse(request, "catalog/admin/import.html", context)
    try:
        rows = check_rows(read_rows(content), user=request.user)
    except ImportFileError as error:
        context["file_error"] = str(error)
        return TemplateResponse(request, "catalog/admin/import.html", context)
    bad = [row for row in rows if row.errors]
    if "content" in request.POST and not bad:
        to_write = sum(row.action != "unchanged" for row in rows)
        if to_write > settings.CATALOG_IMPORT_INLINE_ROWS:  # too slow for one request
            job = import_resources_later.enqueue(
                content=request.POST["content"], user_id=request.user.pk, publish=publish
            )
            return redirect("catalog_import_job", job.id)
        try:
            done = write_rows(rows, publish, request.user)
        except ValidationError as error:  # a check this module missed: say so, write nothing
            context["file_error"] = f"Nothing was imported: {'; '.join(error.messages)}"
            return TemplateResponse(request, "catalog/admin/import.html", context)
        state = "published" if publish else "saved as drafts"
        messages.success(
            request,
            f"{done['create']} resources created and {done['update']} updated ({state}); "
            f"{done['unchanged']} unchanged.",
        )
        return redirect("catalog_import")
    context.update(
        rows=rows, bad=bad, content=content.decode("utf-8-sig"), publish=publish, preview=True
    )
    return TemplateResponse(request, "catalog/admin/import.html", context)


def import_job_progress(request: HttpRequest, job_id: str) -> HttpResponse:
    """A background import's progress; the page reloads itself until the job has finished."""
    require_page_editing(request)
    job = import_job(str(job_id), request.user)
    return TemplateResponse(request, "catalog/admin/import_job.html", {"job": job})


def export_resources(request: HttpRequest) -> HttpResponse:
    require_page_editing(request)
    response = HttpResponse(export_rows(request.user), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="resources.csv"'
    return response
