"""Admin spreadsheet upload (preview, then confirm) and download (zip of CSVs, .xlsx).

The import itself is ``portal.core.exchange.import_files``: the same validate-all-then-
apply import as the ``import_sociale_kaart`` command, first with ``dry_run=True``.
"""

from __future__ import annotations

import io
import zipfile
from datetime import timedelta

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.functional import lazy
from django.views import View
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from portal.core.exchange import (
    ImportBusy,
    export_files,
    import_files,
    spreadsheet_files,
    workbook_bytes,
)

from .admin_views import can_review
from .models import PendingUpload
from .upload import max_upload_bytes, megabytes, read_upload, too_big_message

PENDING_UPLOAD_LIFETIME = timedelta(hours=2)
PREVIEW_SLUGS = 50
# A request waits only briefly for an import that is already running (the command waits longer).
UPLOAD_LOCK_WAIT_SECONDS = 2.0
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Long cells (descriptions) are shortened in the preview of what changes.
PREVIEW_CELL_CHARS = 120


def can_import(user) -> bool:
    return user.has_perm("editorial.import_spreadsheet")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(d, initial) for d in data]
        return [super().clean(data, initial)] if data else []


class UploadForm(forms.Form):
    files = MultipleFileField(
        label="Bestanden",
        required=False,
        allow_empty_file=True,  # read_upload explains an empty file in its own words
        help_text=lazy(
            lambda: (
                f"Een of meer van de CSV-bestanden ({', '.join(spreadsheet_files.names())}), "
                "een zip daarvan, of het Excel-bestand (.xlsx) van de download. Bestanden die "
                "je niet uploadt, blijven zoals ze zijn."
            ),
            str,
        )(),
        widget=MultipleFileInput(
            attrs={"accept": f".csv,.zip,.xlsx,text/csv,application/zip,{XLSX_CONTENT_TYPE}"}
        ),
    )


class SpreadsheetView(WagtailAdminTemplateMixin, View):
    """Upload form, preview of the dry run, and the confirm step."""

    template_name = "editorial/spreadsheet.html"
    page_title = "Spreadsheet"
    header_icon = "table"

    def dispatch(self, request, *args, **kwargs):
        # Everyone who checks items may download; uploading publishes, so it needs a right
        # of its own ("Kan de sociale kaart importeren", given to Moderatoren).
        allowed = can_import if request.method == "POST" else download_allowed
        if not allowed(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": "Spreadsheet"}]

    def render(self, status=200, **context):
        context = self.get_context_data(
            upload_form=context.pop("upload_form", UploadForm()),
            max_size=megabytes(max_upload_bytes()),
            can_upload=can_import(self.request.user),
            files=spreadsheet_files.names(),
            **context,
        )
        return TemplateResponse(self.request, self.template_name, context, status=status)

    def get(self, request):
        return self.render()

    def post(self, request):
        if "confirm" in request.POST:
            return self.confirm(request)
        return self.preview(request)

    def preview(self, request):
        content_length = int(request.META.get("CONTENT_LENGTH") or 0)
        if content_length > max_upload_bytes() + 64 * 1024:
            # Refuse before Django parses (and spools) the upload.
            return self.render(status=413, upload_errors=[too_big_message(content_length)])
        form = UploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render(status=400, upload_form=form)
        upload = read_upload(request.FILES.getlist("files"))
        if not upload.ok:
            return self.render(status=400, upload_form=form, upload_errors=upload.errors)
        result = import_files(upload.files, dry_run=True, user=request.user, partial=True)
        pending = None
        if result.ok:
            PendingUpload.objects.filter(
                created_at__lt=timezone.now() - PENDING_UPLOAD_LIFETIME
            ).delete()
            pending = PendingUpload(user=request.user)
            pending.set_files(upload.files)
            pending.save()
        return self.render(
            status=200 if result.ok else 400,
            result=result,
            rows=self._preview_rows(result),
            pending=pending,
        )

    def confirm(self, request):
        pending = PendingUpload.objects.filter(
            pk=request.POST.get("confirm") if request.POST.get("confirm", "").isdigit() else None,
            user=request.user,
            created_at__gte=timezone.now() - PENDING_UPLOAD_LIFETIME,
        ).first()
        if pending is None:
            return self.render(
                status=400,
                upload_errors=[
                    "Deze upload is verlopen of al verwerkt. Upload de bestanden opnieuw."
                ],
            )
        try:
            result = import_files(
                pending.get_files(),
                dry_run=False,
                user=request.user,
                partial=True,
                lock_wait=UPLOAD_LOCK_WAIT_SECONDS,
            )
        except ImportBusy as busy:
            # Nothing was read or written. Keep the upload and show its preview again, so
            # the editor can confirm once the other import is done.
            preview = import_files(
                pending.get_files(), dry_run=True, user=request.user, partial=True
            )
            return self.render(
                status=409,
                upload_errors=[str(busy)],
                result=preview,
                rows=self._preview_rows(preview),
                pending=pending if preview.ok else None,
            )
        pending.delete()
        if not result.ok:
            # The data changed between preview and confirm; the import applied nothing.
            return self.render(status=400, result=result, rows=self._preview_rows(result))
        messages.success(
            request, "De spreadsheet is geïmporteerd. " + "; ".join(result.summary_lines())
        )
        return redirect("editorial_spreadsheet:index")

    @staticmethod
    def _preview_rows(result):
        rows = []
        for name in spreadsheet_files.names():
            counts = result.counts.get(name)
            if counts is None:
                continue
            created = result.created.get(name, [])
            updated = result.updated.get(name, [])
            changes = result.changes.get(name, {})
            rows.append(
                {
                    "file": name,
                    "counts": counts,
                    "created": created[:PREVIEW_SLUGS],
                    "created_more": max(0, len(created) - PREVIEW_SLUGS),
                    "updated": updated[:PREVIEW_SLUGS],
                    "updated_more": max(0, len(updated) - PREVIEW_SLUGS),
                    "changes": [
                        {
                            "slug": slug,
                            "fields": [
                                (column, shorten(old), shorten(new))
                                for column, old, new in changes.get(slug, [])
                            ],
                        }
                        for slug in updated[:PREVIEW_SLUGS]
                    ],
                }
            )
        return rows


def shorten(cell: str) -> str:
    if len(cell) <= PREVIEW_CELL_CHARS:
        return cell
    return cell[: PREVIEW_CELL_CHARS - 1].rstrip() + "…"


def download_allowed(user) -> bool:
    return can_import(user) or can_review(user)


def download_zip(request):
    if not download_allowed(request.user):
        raise PermissionDenied
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in export_files().items():
            archive.writestr(name, text.encode("utf-8"))
    response = HttpResponse(buffer.getvalue(), content_type="application/zip")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="sociale-kaart-{stamp}.zip"'
    return response


def download_xlsx(request):
    if not download_allowed(request.user):
        raise PermissionDenied
    response = HttpResponse(workbook_bytes(export_files()), content_type=XLSX_CONTENT_TYPE)
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="sociale-kaart-{stamp}.xlsx"'
    return response
