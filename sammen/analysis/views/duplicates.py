"""Near-duplicate inputs offered to staff: ask for a scan, then merge or dismiss each
offered group. Plain form posts that redirect back with a message."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from sammen.accounts.permissions import process_permission
from sammen.core.selectors import parse_id

from ..models import NearDuplicateGroup
from ..selectors import group_views, latest_scan, offered_groups
from ..services import (
    dismiss_near_duplicate_group,
    merge_near_duplicate_group,
    request_duplicate_scan,
)

GROUPS_PER_PAGE = 20


@require_GET
@process_permission("view_process")
def near_duplicates(request, slug):
    process = request.process
    page = Paginator(offered_groups(process), GROUPS_PER_PAGE).get_page(request.GET.get("side"))
    return render(
        request,
        "analysis/near_duplicates.html",
        {
            "process": process,
            "page": page,
            "groups": group_views(page.object_list),
            "scan": latest_scan(process),
        },
    )


@require_POST
@process_permission("sort")
def scan(request, slug):
    process = request.process
    try:
        request_duplicate_scan(actor=request.user, process=process)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(
            request,
            _(
                "Søket etter nesten like innspill er startet. Det går i bakgrunnen; last siden "
                "på nytt om litt for å se forslagene."
            ),
        )
    return redirect("analysis:near_duplicates", process.slug)


def _group(process, pk) -> NearDuplicateGroup:
    return get_object_or_404(NearDuplicateGroup, process=process, pk=pk)


@require_POST
@process_permission("sort")
def merge(request, slug, pk):
    process = request.process
    group = _group(process, pk)
    shown = {parse_id(value) for value in request.POST.getlist("vist")} - {None}
    kept = {parse_id(value) for value in request.POST.getlist("ta_med")} - {None}
    try:
        entries = merge_near_duplicate_group(
            actor=request.user, group=group, leave_out=shown - kept
        )
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        merged = entries[-1].changes["inputs"][1]
        messages.success(
            request,
            ngettext(
                "%(n)s innspill er slått sammen til én duplikatgruppe under nr. %(number)s.",
                "%(n)s innspill er slått sammen til én duplikatgruppe under nr. %(number)s.",
                len(merged),
            )
            % {"n": len(merged), "number": entries[-1].changes["original"][1]},
        )
    return redirect("analysis:near_duplicates", process.slug)


@require_POST
@process_permission("sort")
def dismiss(request, slug, pk):
    process = request.process
    try:
        dismiss_near_duplicate_group(actor=request.user, group=_group(process, pk))
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(
            request, _("Forslaget er avvist. De samme innspillene foreslås ikke igjen.")
        )
    return redirect("analysis:near_duplicates", process.slug)
