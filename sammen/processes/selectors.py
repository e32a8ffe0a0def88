import datetime

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Phase, Process

PUBLIC_STATUSES = [Process.Status.ACTIVE, Process.Status.COMPLETED]


def public_processes() -> QuerySet[Process]:
    return Process.objects.filter(status__in=PUBLIC_STATUSES).select_related("organisation")


def staff_processes() -> QuerySet[Process]:
    return Process.objects.select_related("organisation").order_by("-created_at")


def get_process(slug: str, *, public: bool) -> Process:
    """The process with this slug, or a 404 that names the slug."""
    processes = public_processes() if public else staff_processes()
    try:
        return processes.get(slug=slug)
    except Process.DoesNotExist:
        raise Http404(_("Fant ingen prosess med kortnavnet «%(slug)s».") % {"slug": slug}) from None


def phases_with_current(
    process: Process, today: datetime.date | None = None
) -> tuple[list[Phase], Phase | None]:
    """The phases in order, and the one going on today: the latest that has started and not
    ended (an open-ended phase goes on until it is given an end)."""
    today = today or timezone.localdate()
    phases = list(process.phases.order_by("order"))
    current = None
    for phase in phases:
        started = phase.starts_on is not None and phase.starts_on <= today
        if started and (phase.ends_on is None or phase.ends_on >= today):
            current = phase
    return phases, current
