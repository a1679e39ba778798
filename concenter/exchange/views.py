"""Pages of imports: the list, the upload and its check, the report with the rejected rows, the
import, undo, templates; the exports of the lists; the public open-data page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from concenter.accounts.scope import Access, user_scope
from concenter.exchange import exports, jobs, open_data, selectors, services, xlsx
from concenter.exchange.forms import CommitForm, UploadForm
from concenter.exchange.kinds import KINDS
from concenter.exchange.models import JobState, Kind, Status
from concenter.exchange.progress import read_progress

REJECTED_PAGE_SIZE = 50


@login_required
@require_GET
def batch_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.batch_list(user=request.user), 50).get_page(request.GET.get("page"))
    can_import = not user_scope(request.user, Access.CHANGE).nothing  # a viewer changes nothing
    return render(request, "exchange/batch_list.html", {"page": page, "can_import": can_import})


@login_required
@require_http_methods(["GET", "POST"])
def batch_new(request: HttpRequest) -> HttpResponse:
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            batch = services.import_upload(
                actor=request.user,
                upload=form.cleaned_data["file"],
                kind=form.cleaned_data["kind"],
                mode=form.cleaned_data["mode"],
                language=get_language(),
            )
        except ValidationError as exc:
            form.add_error("file", exc.messages)
        else:
            jobs.start(batch)
            return redirect(batch.get_absolute_url())
    return render(
        request,
        "exchange/batch_new.html",
        {"form": form, "kinds": [(k, label) for k, label in Kind.choices if k in KINDS]},
    )


def _job_context(batch) -> dict:
    if batch.job_state == JobState.RUNNING and jobs.is_stale(batch):
        jobs.mark_interrupted(batch)
        batch.refresh_from_db()
    snapshot = read_progress(batch) if batch.is_busy else None
    return {"batch": batch, "snapshot": snapshot}


@login_required
@require_GET
def batch_detail(request: HttpRequest, batch_id: int) -> HttpResponse:
    batch = selectors.batch_get(user=request.user, batch_id=batch_id)
    context = _job_context(batch)
    if request.htmx and request.GET.get("part") == "status":
        response = render(request, "exchange/_job_status.html", context)
        if not batch.is_busy:
            response["HX-Refresh"] = "true"
        return response
    rejected = Paginator(selectors.batch_rejected(batch), REJECTED_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    own = batch.user_id == request.user.pk
    context.update(
        {
            "rejected": rejected,
            "can_commit": own and batch.status == Status.CHECKED and not batch.is_busy,
            "can_undo": batch.status == Status.DONE
            and batch.created_count > 0
            and not batch.is_busy,
            "can_retry": own and batch.job_state == JobState.FAILED,
            "kind_columns": KINDS[batch.kind].columns,
        }
    )
    return render(request, "exchange/batch_detail.html", context)


@login_required
@require_POST
def batch_commit(request: HttpRequest, batch_id: int) -> HttpResponse:
    batch = selectors.batch_get(user=request.user, batch_id=batch_id)
    if batch.user_id != request.user.pk:
        raise Http404
    form = CommitForm(request.POST)
    mode = (form.cleaned_data.get("mode") or None) if form.is_valid() else None
    try:
        batch = services.import_commit_request(actor=request.user, batch=batch, mode=mode)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(batch.get_absolute_url())
    jobs.start(batch)
    batch.refresh_from_db()
    if batch.status == Status.DONE:
        messages.success(request, _("Imported."))
    elif batch.status == Status.REFUSED:
        messages.error(request, _("Nothing was imported: fix the rejected rows first."))
    return redirect(batch.get_absolute_url())


@login_required
@require_POST
def batch_retry(request: HttpRequest, batch_id: int) -> HttpResponse:
    batch = selectors.batch_get(user=request.user, batch_id=batch_id)
    if batch.user_id != request.user.pk or batch.job_state != JobState.FAILED:
        raise Http404
    jobs.retry(batch)
    batch.refresh_from_db()
    jobs.start(batch)
    return redirect(batch.get_absolute_url())


@login_required
@require_GET
def rejected_xlsx(request: HttpRequest, batch_id: int) -> HttpResponse:
    batch = selectors.batch_get(user=request.user, batch_id=batch_id)
    content = xlsx.rejected_workbook(batch.headers, list(selectors.batch_rejected(batch)))
    response = HttpResponse(content, content_type=xlsx.XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="rejected-{batch.pk}.xlsx"'
    return response


@login_required
@require_POST
def batch_undo(request: HttpRequest, batch_id: int) -> HttpResponse:
    batch = selectors.batch_get(user=request.user, batch_id=batch_id)
    try:
        batch = services.import_undo_request(actor=request.user, batch=batch)
    except ValidationError:
        messages.error(request, _("Only an imported batch can be undone."))
        return redirect(batch.get_absolute_url())
    jobs.start(batch)
    batch.refresh_from_db()
    if batch.status == Status.UNDONE:
        messages.success(request, _("Undone."))
    return redirect(batch.get_absolute_url())


@login_required
@require_GET
def template_xlsx(request: HttpRequest, kind: str) -> HttpResponse:
    if kind not in KINDS:
        raise Http404
    response = HttpResponse(xlsx.template_workbook(KINDS[kind]), content_type=xlsx.XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="concenter-{kind}.xlsx"'
    return response


# Exports ----------------------------------------------------------------------------------------


@login_required
@require_GET
def export_list(request: HttpRequest, kind: str, file_format: str) -> HttpResponse:
    """A list page's export, with the page's filters (query string), within the user's scope;
    people's phone and e-mail only where the user may change the person, the export of them
    logged once (concenter/exchange/exports.py)."""
    export = exports.EXPORTS.get(kind)
    if export is None or file_format not in ("csv", "xlsx"):
        raise Http404
    be_dates = request.GET.get("dates") != "iso"  # Thai first: the Buddhist Era unless asked
    language = get_language() or "th"
    name = exports.export_file_name(export, file_format)
    if file_format == "csv":
        response = StreamingHttpResponse(
            exports.csv_stream(
                export, user=request.user, params=request.GET, be_dates=be_dates, language=language
            ),
            content_type="text/csv; charset=utf-8",
        )
    else:
        handle = exports.xlsx_file(
            export, user=request.user, params=request.GET, be_dates=be_dates, language=language
        )
        response = FileResponse(handle, content_type=xlsx.XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


# Open data (public) -----------------------------------------------------------------------------


@require_GET
def open_data_index(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "exchange/open_data.html",
        {
            "datasets": list(open_data.datasets().values()),
            "schema_version": open_data.SCHEMA_VERSION,
            "licence_url": open_data.LICENCE_URL,
        },
    )


@require_GET
def open_data_file(request: HttpRequest, dataset: str, file_format: str) -> HttpResponse:
    found = open_data.datasets().get(dataset)
    if found is None or file_format not in ("csv", "json"):
        raise Http404
    province = request.GET.get("province", "")[:2]
    province = province if province.isdigit() and len(province) == 2 else None
    if file_format == "csv":
        body = open_data.csv_lines(found, province)
        content_type = "text/csv; charset=utf-8"
    else:
        body = open_data.json_chunks(found, province)
        content_type = "application/json; charset=utf-8"
    response = StreamingHttpResponse(body, content_type=content_type)
    suffix = f"-{province}" if province else ""
    response["Content-Disposition"] = f'attachment; filename="{dataset}{suffix}.{file_format}"'
    response["Access-Control-Allow-Origin"] = "*"
    response["X-Content-Type-Options"] = "nosniff"
    return response
