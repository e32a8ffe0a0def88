from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from sammen.accounts.permissions import process_permission

from ..forms import ModerationForm
from ..models import Input
from ..selectors import moderation_queue
from ..services import approve_input, reject_input


def _form(item: Input, data=None) -> ModerationForm:
    # One form per input on the page, so each reason field has its own id.
    return ModerationForm(data, auto_id=f"innspill-{item.pk}-%s")


def _render_queue(request, process, failed: dict[Input, ModerationForm] | None = None, status=200):
    """The queue, each input with its form: the one that failed with its errors."""
    page = Paginator(moderation_queue(process), settings.SAMMEN_MODERATION_PAGE_SIZE).get_page(
        request.GET.get("side")
    )
    failed = failed or {}
    rows = [(item, failed[item] if item in failed else _form(item)) for item in page]
    return render(
        request,
        "inputs/moderation_queue.html",
        {"process": process, "page": page, "rows": rows},
        status=status,
    )


@require_GET
@process_permission("moderate")
def moderation(request, slug):
    return _render_queue(request, request.process)


@require_POST
@process_permission("moderate")
def moderate(request, slug, pk):
    process = request.process
    item = get_object_or_404(Input, process=process, pk=pk)
    form = _form(item, request.POST)
    if form.is_valid():
        try:
            if form.cleaned_data["decision"] == "approve":
                approve_input(actor=request.user, item=item)
                messages.success(
                    request,
                    _("Innspill %(code)s er godkjent og publisert.") % {"code": item.receipt_code},
                )
            else:
                reject_input(actor=request.user, item=item, reason=form.cleaned_data["reason"])
                messages.success(
                    request, _("Innspill %(code)s er avvist.") % {"code": item.receipt_code}
                )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect("inputs:moderation", slug=process.slug)
    return _render_queue(request, process, failed={item: form}, status=400)
