from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from sammen.core.permissions import staff_required
from sammen.processes.selectors import get_process

from ..forms import ModerationForm
from ..models import Input
from ..selectors import moderation_queue
from ..services import approve_input, reject_input


def _render_queue(request, process, failed: Input | None = None, form=None, status=200):
    page_size = settings.SAMMEN_MODERATION_PAGE_SIZE
    page = Paginator(moderation_queue(process), page_size).get_page(request.GET.get("side"))
    return render(
        request,
        "inputs/moderation_queue.html",
        {"process": process, "page": page, "failed": failed, "failed_form": form},
        status=status,
    )


@require_GET
@staff_required
def moderation(request, slug):
    return _render_queue(request, get_process(slug, public=False))


@require_POST
@staff_required
def moderate(request, slug, pk):
    process = get_process(slug, public=False)
    item = get_object_or_404(Input, process=process, pk=pk)
    form = ModerationForm(request.POST)
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
    return _render_queue(request, process, failed=item, form=form, status=400)
