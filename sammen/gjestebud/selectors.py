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


# What a confirmation link to a host's personal data is for (core.links).
HOST_DATA_LINK = "gjestebud.host-data"


def invitation_by_id(pk: str) -> Invitation | None:
    """The invitation a host's confirmed link is about."""
    if not pk.isdigit():
        return None
    return (
        Invitation.objects.select_related("process__organisation", "activity").filter(pk=pk).first()
    )


def host_data_json(invitation: Invitation) -> dict:
    """Everything held about the host and their report, as the download gives it."""
    process = invitation.process
    return {
        "invitation": invitation.pk,
        "process": process.name,
        "controller": process.organisation.name,
        "legal_basis": process.legal_basis,
        "purpose": process.personal_data_purpose,
        "retention_months": process.retention_months,
        "host": {"name": invitation.host_name, "email": invitation.host_email},
        "report": {
            "status": invitation.get_status_display(),
            "held_on": invitation.held_on.isoformat() if invitation.held_on else None,
            "guests": invitation.guests,
            "age_bands": invitation.age_bands,
            "answers": [
                {"question": question, "answer": answer}
                for question, answer in questions_and_answers(invitation)
            ],
            "inputs": [item.text for item in invitation.inputs.all()],
        },
        "personal_data_deleted_at": (
            invitation.personal_data_purged_at.isoformat()
            if invitation.personal_data_purged_at
            else None
        ),
    }
