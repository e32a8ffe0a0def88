import datetime
from dataclasses import dataclass

from django.db.models import Count, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from sammen.processes.models import Process

from .models import AgeBand, Invitation
from .tokens import hash_token


def default_questions(process: Process) -> list[str]:
    """One question per focus area of the process, and one open question."""
    questions = [
        _("%(area)s: Hva fungerer godt i dag, og hva kan bli bedre?") % {"area": area.title}
        for area in process.focus_areas.order_by("order")
    ]
    questions.append(_("Er det noe annet dere vil si til kommunen?"))
    return questions


def invitations_for(process: Process) -> QuerySet[Invitation]:
    return (
        Invitation.objects.filter(process=process)
        .select_related("method", "activity")
        .annotate(input_count=Count("inputs"))
    )


def get_invitation(process: Process, pk: int) -> Invitation:
    """The invitation with this id in this process; a 404 for one in another process."""
    return get_object_or_404(
        Invitation.objects.select_related("process", "method", "activity"), process=process, pk=pk
    )


def invitation_for_token(token: str, today: datetime.date | None = None) -> Invitation | None:
    """The invitation this link opens, or None: for a wrong, replaced or expired link alike,
    so that the answer never tells whether a link once existed."""
    if not token or len(token) > 200:
        return None
    today = today or timezone.localdate()
    return (
        Invitation.objects.select_related("process", "method")
        .filter(token_hash=hash_token(token), expires_on__gte=today, process__isnull=False)
        .first()
    )


@dataclass(frozen=True)
class AgeBandCount:
    key: str
    label: str
    count: int


def age_band_counts(invitation: Invitation) -> list[AgeBandCount]:
    return [
        AgeBandCount(key, label, invitation.age_bands[key])
        for key, label in AgeBand.choices
        if invitation.age_bands.get(key)
    ]


def questions_and_answers(invitation: Invitation) -> list[tuple[str, str]]:
    answers = list(invitation.answers) + [""] * len(invitation.questions)
    return list(zip(invitation.questions, answers, strict=False))
