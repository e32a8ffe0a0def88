"""The input's journey (selector): from received to decided and followed up, as a list of
steps for the receipt page and the staff's view of an input.

Each step is dated from its own model's field: the input's received_at, approved_at,
sorted_at and assessed_at; the link's linked_at; the temaplan version's generated_at (or
created_at); the political treatment's meeting_date; the progress update's date. The audit log
is never read: it records who changed what, not what the contributor is told.
"""

import datetime
from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext as _

from sammen.documents.models import DocumentVersion, PoliticalTreatment
from sammen.inputs.models import Input
from sammen.roadmap.models import ActionInput, ActionUpdate


@dataclass(frozen=True)
class JourneyStep:
    kind: str  # received, approved, rejected, sorted, assessed, linked, temaplan, treated, update
    title: str
    date: datetime.date | datetime.datetime | None = None
    done: bool = True
    detail: str = ""  # text from staff; the template masks personal data in it
    url: str = ""
    illustrative: bool = False


def _action_url(action, link_actions: bool) -> str:
    if not link_actions:
        return ""
    return reverse("portal:action", args=[action.strategy.goal.process.slug, action.pk])


def input_journey(item: Input, *, link_actions: bool = True) -> list[JourneyStep]:
    """The steps of an input's journey so far, and the first steps still to come (not done).
    `link_actions`: give each action the address of its public page."""
    steps = [
        JourneyStep(
            "received",
            _("Mottatt (%(channel)s)") % {"channel": item.get_channel_display().lower()},
            item.received_at,
        )
    ]
    if item.moderation == Input.Moderation.REJECTED:
        steps.append(
            JourneyStep(
                "rejected", _("Ikke godkjent for publisering"), detail=item.rejection_reason
            )
        )
        return steps
    if item.moderation == Input.Moderation.PENDING:
        steps.append(JourneyStep("approved", _("Godkjennes av en moderator"), done=False))
        return steps
    steps.append(JourneyStep("approved", _("Godkjent"), item.approved_at))

    areas = [area.title for area in item.focus_areas.all()]
    if areas:
        steps.append(
            JourneyStep(
                "sorted",
                _("Sortert under innsatsområdet %(areas)s")
                % {"areas": ", ".join(f"«{area}»" for area in areas)}
                if len(areas) == 1
                else _("Sortert under innsatsområdene %(areas)s")
                % {"areas": ", ".join(f"«{area}»" for area in areas)},
                item.sorted_at,
            )
        )
    else:
        steps.append(JourneyStep("sorted", _("Sorteres under innsatsområder"), done=False))

    if item.assessment_outcome:
        detail = item.assessment
        if item.referred_to:
            referred = _("Sendt videre til: %(where)s") % {"where": item.referred_to}
            detail = f"{detail}\n{referred}" if detail else referred
        steps.append(
            JourneyStep(
                "assessed",
                _("Vurdert: %(outcome)s") % {"outcome": item.get_assessment_outcome_display()},
                item.assessed_at,
                detail=detail,
            )
        )
    else:
        steps.append(JourneyStep("assessed", _("Vurderes"), done=False))

    links = list(
        ActionInput.objects.filter(input=item, action__strategy__goal__process=item.process_id)
        .select_related("action__strategy__goal__process")
        .order_by("linked_at", "pk")
    )
    for link in links:
        steps.append(
            JourneyStep(
                "linked",
                _("Tatt med i tiltaket «%(action)s»") % {"action": link.action.title},
                link.linked_at,
                detail=link.note,
                url=_action_url(link.action, link_actions),
            )
        )
    if not links:
        return steps

    versions = (
        DocumentVersion.objects.filter(process=item.process_id, kind=DocumentVersion.Kind.TEMAPLAN)
        .exclude(generation=DocumentVersion.Generation.FAILED)
        .order_by("number")
    )
    for version in versions:
        if version.stage == DocumentVersion.Stage.FINAL:
            title = _("Tiltaket er med i temaplanen, endelig versjon %(number)s")
        else:
            title = _("Tiltaket er med i temaplanen, utkast %(number)s")
        steps.append(
            JourneyStep(
                "temaplan",
                title % {"number": version.number},
                version.generated_at or version.created_at,
                detail=version.title,
            )
        )
    treatments = PoliticalTreatment.objects.filter(
        process=item.process_id, document__kind=DocumentVersion.Kind.TEMAPLAN
    ).order_by("meeting_date", "pk")
    for treatment in treatments:
        body = treatment.body_name or treatment.get_body_display()
        steps.append(
            JourneyStep(
                "treated",
                _("%(body)s: %(outcome)s (sak %(case)s)")
                % {
                    "body": body,
                    "outcome": treatment.get_outcome_display().lower(),
                    "case": treatment.case_number,
                },
                treatment.meeting_date,
                illustrative=treatment.is_illustrative,
            )
        )
    updates = (
        ActionUpdate.objects.filter(action__in=[link.action_id for link in links])
        .select_related("action__strategy__goal__process")
        .order_by("date", "pk")
    )
    for update in updates:
        parts = [update.get_status_display()] if update.status else []
        if update.completion is not None:
            parts.append(_("%(percent)d %% fullført") % {"percent": update.completion})
        title = _("«%(action)s»: oppdatering") % {"action": update.action.title}
        if parts:
            title = f"{title} – {', '.join(parts)}"
        steps.append(
            JourneyStep(
                "update",
                title,
                update.date,
                detail=update.text,
                url=_action_url(update.action, link_actions),
            )
        )
    return steps
