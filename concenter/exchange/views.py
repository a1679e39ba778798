"""Pages of imports: the list, the upload and its dry run, the import, the rejected rows, undo."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from concenter.accounts.scope import Access, user_scope
from concenter.exchange import services, xlsx
from concenter.exchange.columns import COLUMNS
from concenter.exchange.messages import msg
from concenter.exchange.models import ImportBatch, Kind, Mode, Status
from concenter.exchange.readers import EXTENSIONS

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("What the file holds"), choices=Kind.choices)
    mode = forms.ChoiceField(label=gettext_lazy("Mode"), choices=Mode.choices, initial=Mode.ALL)
    file = forms.FileField(
        label=gettext_lazy("File (CSV, XLSX, XLS or ODS)"),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(EXTENSIONS)}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(msg("The file is larger than 20 MB."))
        if not upload.name.lower().endswith(EXTENSIONS):
            raise forms.ValidationError(msg("Unsupported file type: use CSV, XLSX, XLS or ODS."))
        return upload


def _batches(user):
    qs = ImportBatch.objects.defer("content", "report", "rejected_rows")
    if user_scope(user, Access.CHANGE).everything:
        return qs
    return qs.filter(user=user)


def _batch(request: HttpRequest, batch_id: int) -> ImportBatch:
    batch = _batches(request.user).filter(pk=batch_id).first()
    if batch is None:
        raise Http404
    return batch


@login_required
@require_GET
def batch_list(request: HttpRequest) -> HttpResponse:
    batches = _batches(request.user).select_related("user")[:200]
    return render(request, "exchange/batch_list.html", {"batches": batches})


@login_required
@require_http_methods(["GET", "POST"])
def batch_new(request: HttpRequest) -> HttpResponse:
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        batch = services.check_upload(
            actor=request.user,
            content=upload.read(),
            file_name=upload.name,
            kind=form.cleaned_data["kind"],
            mode=form.cleaned_data["mode"],
        )
        return redirect(batch.get_absolute_url())
    return render(request, "exchange/batch_new.html", {"form": form, "kinds": Kind.choices})


@login_required
@require_GET
def batch_detail(request: HttpRequest, batch_id: int) -> HttpResponse:
    batch = _batch(request, batch_id)
    return render(
        request,
        "exchange/batch_detail.html",
        {
            "batch": batch,
            "rows": batch.report,
            "can_commit": batch.status == Status.CHECKED and batch.user_id == request.user.pk,
            "can_undo": batch.status == Status.DONE and batch.created_count > 0,
        },
    )


@login_required
@require_POST
def batch_commit(request: HttpRequest, batch_id: int) -> HttpResponse:
    batch = _batch(request, batch_id)
    if batch.user_id != request.user.pk:
        raise Http404
    try:
        services.commit_batch(actor=request.user, batch=batch)
    except ValidationError:
        messages.error(request, _("This file has already been imported."))
    else:
        if batch.status == Status.DONE:
            messages.success(request, _("Imported."))
        else:
            messages.error(request, _("Nothing was imported: fix the rejected rows first."))
    return redirect(batch.get_absolute_url())


@login_required
@require_GET
def rejected_xlsx(request: HttpRequest, batch_id: int) -> HttpResponse:
    batch = _batch(request, batch_id)
    content = xlsx.rejected_workbook(batch.headers, batch.rejected_rows)
    response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="rejected-{batch.pk}.xlsx"'
    return response


@login_required
@require_POST
def batch_undo(request: HttpRequest, batch_id: int) -> HttpResponse:
    batch = _batch(request, batch_id)
    try:
        result = services.undo_batch(actor=request.user, batch=batch)
    except ValidationError:
        messages.error(request, _("Only an imported batch can be undone."))
    else:
        messages.success(
            request,
            _(
                "Undone: %(deleted)s records deleted; %(kept)s kept because other records "
                "refer to them; %(updated)s updated records left as they are now."
            )
            % {
                "deleted": result.deleted,
                "kept": result.kept_referenced,
                "updated": result.kept_updated,
            },
        )
    return redirect(batch.get_absolute_url())


@login_required
@require_GET
def template_xlsx(request: HttpRequest, kind: str) -> HttpResponse:
    if kind not in COLUMNS:
        raise Http404
    response = HttpResponse(xlsx.template_workbook(kind), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="concenter-{kind}.xlsx"'
    return response
