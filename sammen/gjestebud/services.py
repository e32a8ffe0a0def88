import datetime
import json
from dataclasses import dataclass, field
from typing import Any

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from sammen.accounts.permissions import require
from sammen.core.links import issue_link, links_issued_since, retire_links
from sammen.core.mail import enqueue_on_commit
from sammen.core.selectors import audit_trail
from sammen.core.services import audit_batch, record_audit, save_validated
from sammen.engagement.method_kinds import MethodKind
from sammen.engagement.models import Activity, Method
from sammen.engagement.services import add_method, create_activity
from sammen.inputs.models import Input
from sammen.inputs.services import create_input, delete_input
from sammen.processes.models import FocusArea, Process

from .models import AgeBand, GuestInput, Invitation
from .selectors import HOST_DATA_LINK, questions_and_answers
from .tasks import send_host_data_link, send_invitation_email
from .tokens import hash_token, new_seed, token_from_seed

MAX_QUESTIONS = 20
MAX_GUESTS = 500
HOST_EDITABLE = {Invitation.Status.INVITED, Invitation.Status.DRAFT, Invitation.Status.RETURNED}
DONE = {Invitation.Status.SUBMITTED, Invitation.Status.ACCEPTED}


def default_expiry(today: datetime.date | None = None) -> datetime.date:
    """The day a new host's link stops working unless staff choose another."""
    today = today or timezone.localdate()
    return today + datetime.timedelta(days=settings.SAMMEN_GJESTEBUD_LINK_DAYS)


@dataclass(frozen=True)
class IssuedInvitation:
    """A new invitation and its link's token: the only moment the token is known."""

    invitation: Invitation
    token: str


@dataclass
class Report:
    """What the host writes down about the dinner."""

    held_on: datetime.date | None = None
    guests: int | None = None
    age_bands: dict[str, int] = field(default_factory=dict)
    answers: list[str] = field(default_factory=list)
    inputs: list[tuple[str, FocusArea | None]] = field(default_factory=list)


def _clean_questions(questions: list[str]) -> list[str]:
    cleaned = [question.strip() for question in questions if question.strip()]
    if not cleaned:
        raise ValidationError({"questions": _("Skriv minst ett spørsmål gjestene skal snakke om.")})
    if len(cleaned) > MAX_QUESTIONS:
        raise ValidationError(
            {"questions": _("Skriv høyst %(max)s spørsmål.") % {"max": MAX_QUESTIONS}}
        )
    return cleaned


def _check_method(process: Process, method: Method) -> None:
    if method.process_id != process.pk:
        raise ValidationError({"method": _("Metoden hører til en annen prosess.")})
    if method.kind != MethodKind.GJESTEBUD:
        raise ValidationError({"method": _("Metoden er ikke et gjestebud.")})


@transaction.atomic
def ensure_gjestebud_method(*, actor, process: Process) -> Method:
    """The process's gjestebud method; one is added to the plan when it has none."""
    method = process.methods.filter(kind=MethodKind.GJESTEBUD).order_by("order").first()
    if method is not None:
        return method
    title = _("Gjestebud")
    taken = set(process.methods.values_list("title", flat=True))
    number = 2
    candidate = title
    while candidate in taken:
        candidate = f"{title} ({number})"
        number += 1
    return add_method(actor=actor, process=process, kind=MethodKind.GJESTEBUD, title=candidate)


@transaction.atomic
def create_invitation(
    *,
    actor,
    process: Process,
    host_name: str,
    questions: list[str],
    host_email: str = "",
    expires_on: datetime.date | None = None,
    method: Method | None = None,
    send_email: bool = False,
) -> IssuedInvitation:
    """A new invitation and its link. With `send_email`, the link is also e-mailed to the
    host, by a task, once the invitation is saved."""
    require(actor, "manage_gjestebud", process)
    host_name = host_name.strip()
    if not host_name:
        raise ValidationError({"host_name": _("Skriv vertens navn.")})
    if send_email and not host_email.strip():
        raise ValidationError(
            {"host_email": _("Invitasjonen har ingen e-postadresse å sende til.")}
        )
    today = timezone.localdate()
    expires_on = expires_on or default_expiry(today)
    if expires_on < today:
        raise ValidationError({"expires_on": _("Datoen lenken skal virke til, er passert.")})
    if method is None:
        method = ensure_gjestebud_method(actor=actor, process=process)
    else:
        _check_method(process, method)
    seed = new_seed()
    token = token_from_seed(seed)
    invitation = Invitation(
        process=process,
        method=method,
        host_name=host_name,
        host_email=host_email.strip(),
        token_hash=hash_token(token),
        questions=_clean_questions(questions),
        expires_on=expires_on,
        email_status=_email_status(send_email),
        created_by=actor if actor is not None and actor.is_authenticated else None,
    )
    save_validated(invitation)
    # No name or address in the log: the log outlives the retention period.
    record_audit(
        actor=actor,
        action="create",
        obj=invitation,
        changes={"questions": len(invitation.questions), "expires_on": expires_on},
    )
    if send_email:
        _queue_invitation_email(actor=actor, invitation=invitation, seed=seed)
    return IssuedInvitation(invitation, token)


@transaction.atomic
def regenerate_link(*, actor, invitation: Invitation, send_email: bool = False) -> str:
    """A new link for the host. The old one stops working at once. With `send_email`, the
    new link is also e-mailed to the host, by a task, once it is saved."""
    require(actor, "manage_gjestebud", invitation.process_id)
    if invitation.personal_data_purged_at is not None:
        raise ValidationError(_("Vertens opplysninger er slettet; lenken kan ikke fornyes."))
    if send_email and not invitation.host_email:
        raise ValidationError(_("Invitasjonen har ingen e-postadresse å sende til."))
    seed = new_seed()
    token = token_from_seed(seed)
    invitation.token_hash = hash_token(token)
    # The e-mail status is the new link's. (A task still trying to send the old link sees
    # that it was replaced and stops.)
    invitation.email_status = _email_status(send_email)
    invitation.save(update_fields=["token_hash", "email_status"])
    record_audit(actor=actor, action="regenerate_link", obj=invitation)
    if send_email:
        _queue_invitation_email(actor=actor, invitation=invitation, seed=seed)
    return token


def _email_status(send_email: bool) -> str:
    """A new link's e-mail status: queued when it is to be e-mailed, else not asked for."""
    return Invitation.EmailStatus.QUEUED if send_email else Invitation.EmailStatus.NOT_ASKED


def _queue_invitation_email(*, actor, invitation: Invitation, seed: str) -> None:
    """E-mail the host the link once the transaction commits, from a task: no transaction
    waits for the mail server, and a failing one fails no page (the task tries again later
    and, if it gives up, marks the invitation). The task gets the seed, never the link. The
    caller has saved the invitation with its e-mail status queued (_email_status)."""
    record_audit(actor=actor, action="send_email", obj=invitation)
    # In the language the invitation was written in: the one its author works in.
    enqueue_on_commit(send_invitation_email, invitation.pk, seed, get_language() or "")


def _lock(invitation: Invitation) -> Invitation:
    """The invitation as it is in the database now, locked until the transaction ends, so
    that two submits or two accepts at once do the work only once."""
    return (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("process", "method")
        .get(pk=invitation.pk)
    )


def validate_report(invitation: Invitation, report: Report, *, complete: bool) -> None:
    """The rules for a report; `complete` adds those for one that is sent in."""
    errors: dict[str, list[str]] = {}
    today = timezone.localdate()
    if report.guests is not None:
        if report.guests < 0:
            errors.setdefault("guests", []).append(_("Antall gjester kan ikke være negativt."))
        elif report.guests == 0:
            errors.setdefault("guests", []).append(
                _("Et gjestebud må ha minst én gjest (ikke regn med deg selv).")
            )
        elif report.guests > MAX_GUESTS:
            errors.setdefault("guests", []).append(
                _("Sjekk antallet: et gjestebud kan ha høyst %(max)s gjester.")
                % {"max": MAX_GUESTS}
            )
    bands = dict(AgeBand.choices)
    for key, count in report.age_bands.items():
        if key not in bands:
            errors.setdefault("age_bands", []).append(_("Ukjent aldersgruppe."))
        elif count is not None and count < 0:
            errors.setdefault("age_bands", []).append(
                _("Antallet i aldersgruppen «%(band)s» kan ikke være negativt.")
                % {"band": bands[key]}
            )
    total = sum(count or 0 for count in report.age_bands.values())
    if report.guests and report.guests > 0 and total > report.guests:
        errors.setdefault("age_bands", []).append(
            _(
                "Aldersgruppene er til sammen %(total)s personer, men dere var %(guests)s "
                "gjester. Rett tallene."
            )
            % {"total": total, "guests": report.guests}
        )
    if len(report.answers) > len(invitation.questions):
        errors.setdefault("answers", []).append(_("Det er flere svar enn spørsmål."))
    for _text, area in report.inputs:
        if area is not None and area.process_id != invitation.process_id:
            errors.setdefault("inputs", []).append(_("Innsatsområdet hører til en annen prosess."))
    if report.held_on is not None and report.held_on > today:
        errors.setdefault("held_on", []).append(
            _("Datoen er etter i dag. Send inn etter at gjestebudet er holdt.")
        )
    if complete:
        if report.held_on is None:
            errors.setdefault("held_on", []).append(_("Skriv datoen for gjestebudet."))
        if report.guests is None:
            errors.setdefault("guests", []).append(_("Skriv hvor mange gjester dere var."))
        has_answer = any(answer.strip() for answer in report.answers)
        has_input = any(text.strip() for text, _area in report.inputs)
        if not has_answer and not has_input:
            errors.setdefault("__all__", []).append(
                _(
                    "Rapporten er tom. Skriv svar på minst ett spørsmål eller minst ett innspill "
                    "før du sender inn."
                )
            )
    if errors:
        raise ValidationError(errors)


def _write_report(invitation: Invitation, report: Report) -> dict[str, Any]:
    before = {
        "held_on": invitation.held_on,
        "guests": invitation.guests,
        "age_bands": invitation.age_bands,
        "answers": invitation.answers,
        "inputs": [(item.text, item.focus_area_id) for item in invitation.inputs.all()],
    }
    invitation.held_on = report.held_on
    invitation.guests = report.guests
    invitation.age_bands = {key: count for key, count in report.age_bands.items() if count}
    invitation.answers = [answer.strip() for answer in report.answers]
    inputs = [(text.strip(), area) for text, area in report.inputs if text.strip()]
    invitation.inputs.all().delete()
    GuestInput.objects.bulk_create(
        GuestInput(invitation=invitation, order=order, text=text, focus_area=area)
        for order, (text, area) in enumerate(inputs, start=1)
    )
    after = {
        "held_on": invitation.held_on,
        "guests": invitation.guests,
        "age_bands": invitation.age_bands,
        "answers": invitation.answers,
        "inputs": [(text, area.pk if area else None) for text, area in inputs],
    }
    # The log says which parts changed, with the numbers; free text stays in the report.
    changes: dict[str, Any] = {}
    for name in ("held_on", "guests"):
        if before[name] != after[name]:
            changes[name] = [before[name], after[name]]
    for name in ("age_bands", "answers", "inputs"):
        if before[name] != after[name]:
            changes[name] = _("endret")
    return changes


def _check_moment(moment: datetime.datetime, earliest: datetime.datetime | None, field: str):
    """A historical moment given by the demo or an import: not in the future, not before
    `earliest`."""
    if moment > timezone.now():
        raise ValidationError({field: _("Tidspunktet er etter nå.")})
    if earliest is not None and moment < earliest:
        raise ValidationError(
            {field: _("Tidspunktet er før gjestebudet ble holdt eller sendt inn.")}
        )


@transaction.atomic
def save_report(
    *,
    invitation: Invitation,
    report: Report,
    submit: bool = False,
    submitted_at: datetime.datetime | None = None,
) -> Invitation:
    """The host saves a draft, or sends the report in. The host has no account, so the
    audit entry has no actor. Sending in twice changes nothing the second time.

    `submitted_at` is for the demo and for registering reports sent in earlier (on paper):
    when the report was sent in, which becomes its inputs' time received. The host's page
    never passes it: a report sent in from the page is sent in now."""
    invitation = _lock(invitation)
    if invitation.expires_on < timezone.localdate():
        raise ValidationError(_("Lenken er utløpt. Ta kontakt med kommunen for en ny lenke."))
    if invitation.status in DONE:
        if submit:
            return invitation
        raise ValidationError(
            _(
                "Rapporten er allerede sendt inn og kan ikke endres her. Ta kontakt med "
                "kommunen om noe må rettes."
            )
        )
    validate_report(invitation, report, complete=submit)
    changes = _write_report(invitation, report)
    if submit:
        if submitted_at is not None:
            held = report.held_on
            earliest = (
                timezone.make_aware(datetime.datetime.combine(held, datetime.time.min))
                if held
                else None
            )
            _check_moment(submitted_at, earliest, "submitted_at")
        invitation.status = Invitation.Status.SUBMITTED
        invitation.submitted_at = submitted_at or timezone.now()
    else:
        invitation.status = Invitation.Status.DRAFT
    save_validated(invitation)
    record_audit(
        actor=None, action="submit" if submit else "save_draft", obj=invitation, changes=changes
    )
    return invitation


@transaction.atomic
def update_report(*, actor, invitation: Invitation, report: Report) -> Invitation:
    """Staff correct a report that has been sent in, before accepting it."""
    require(actor, "manage_gjestebud", invitation.process_id)
    invitation = _lock(invitation)
    if invitation.status != Invitation.Status.SUBMITTED:
        raise ValidationError(_("Bare en innsendt rapport som ikke er godkjent ennå, kan rettes."))
    validate_report(invitation, report, complete=True)
    changes = _write_report(invitation, report)
    save_validated(invitation)
    if changes:
        record_audit(actor=actor, action="update", obj=invitation, changes=changes)
    return invitation


@transaction.atomic
def return_report(*, actor, invitation: Invitation, note: str) -> Invitation:
    """Send the report back to the host with a note on what to fix."""
    require(actor, "manage_gjestebud", invitation.process_id)
    invitation = _lock(invitation)
    note = note.strip()
    if invitation.status != Invitation.Status.SUBMITTED:
        raise ValidationError(
            _("Bare en innsendt rapport som ikke er godkjent, kan sendes tilbake.")
        )
    if not note:
        raise ValidationError({"note": _("Skriv en beskjed til verten om hva som må rettes.")})
    invitation.status = Invitation.Status.RETURNED
    invitation.review_note = note
    save_validated(invitation)
    record_audit(actor=actor, action="return", obj=invitation)
    return invitation


def _report_text(invitation: Invitation) -> str:
    """The answers to the questions, as the activity's report of what was discussed."""
    blocks = [
        f"{question}\n{answer}"
        for question, answer in questions_and_answers(invitation)
        if answer.strip()
    ]
    return "\n\n".join(blocks)


def _age_note(invitation: Invitation) -> str:
    bands = dict(AgeBand.choices)
    parts = [
        f"{bands[key]}: {invitation.age_bands[key]}"
        for key in bands
        if invitation.age_bands.get(key)
    ]
    return _("Gjester per aldersgruppe: %(bands)s.") % {"bands": ", ".join(parts)} if parts else ""


@transaction.atomic
@audit_batch()
def accept_report(
    *,
    actor,
    invitation: Invitation,
    title: str = "",
    accepted_at: datetime.datetime | None = None,
) -> Activity:
    """Turn a submitted report into an activity of the gjestebud method with its inputs, so
    that the participation figures count it. Accepting again returns the same activity.

    `accepted_at` is for the demo and for registering reports accepted earlier; staff's page
    never passes it (accepted now)."""
    require(actor, "manage_gjestebud", invitation.process_id)
    invitation = _lock(invitation)
    if invitation.status == Invitation.Status.ACCEPTED:
        return invitation.activity
    if accepted_at is not None:
        _check_moment(accepted_at, invitation.submitted_at, "accepted_at")
    if invitation.status != Invitation.Status.SUBMITTED:
        raise ValidationError(
            _("Bare en innsendt rapport kan godkjennes. Denne har status «%(status)s».")
            % {"status": invitation.get_status_display()}
        )
    validate_report(
        invitation,
        Report(
            held_on=invitation.held_on,
            guests=invitation.guests,
            age_bands=invitation.age_bands,
            answers=invitation.answers,
            inputs=[(item.text, item.focus_area) for item in invitation.inputs.all()],
        ),
        complete=True,
    )
    title = title.strip() or default_activity_title(invitation)
    activity = create_activity(
        actor=actor,
        method=invitation.method,
        title=title,
        starts_on=invitation.held_on,
        organiser=invitation.host_name,
        participants_low=invitation.guests,
        report=_report_text(invitation),
        notes=_age_note(invitation),
    )
    received_at = invitation.submitted_at or timezone.now()
    items = list(invitation.inputs.select_related("focus_area"))
    for item in items:
        item.input = create_input(
            actor=actor,
            process=invitation.process,
            activity=activity,
            text=item.text,
            channel=Input.Channel.PAPER,
            focus_areas=[item.focus_area] if item.focus_area else [],
            received_at=received_at,
            idempotency_key=f"gjestebud-{invitation.pk}-{item.order}",
        )
        item.save(update_fields=["input"])
    invitation.status = Invitation.Status.ACCEPTED
    invitation.activity = activity
    invitation.accepted_at = accepted_at or timezone.now()
    save_validated(invitation)
    record_audit(
        actor=actor,
        action="accept",
        obj=invitation,
        changes={"activity": activity.pk, "participants": invitation.guests, "inputs": len(items)},
    )
    return activity


def default_activity_title(invitation: Invitation) -> str:
    if invitation.host_name:
        return _("Gjestebud hos %(host)s") % {"host": invitation.host_name}
    return _("Gjestebud %(id)s") % {"id": invitation.pk}


def personal_data_due(invitation: Invitation) -> datetime.date:
    """The day the host's name and e-mail are deleted: the process's retention period after
    the link expired or the report was accepted, whichever is later."""
    reference = invitation.expires_on
    if invitation.accepted_at is not None:
        reference = max(reference, timezone.localdate(invitation.accepted_at))
    # relativedelta keeps the day of the month, or takes the month's last day if it is shorter.
    return reference + relativedelta(months=invitation.process.retention_months)


def _scrub(value: Any, name: str, replacement: str) -> Any:
    if isinstance(value, str):
        return value.replace(name, replacement)
    if isinstance(value, list):
        return [_scrub(item, name, replacement) for item in value]
    if isinstance(value, dict):
        return {key: _scrub(item, name, replacement) for key, item in value.items()}
    return value


def _erase_name_from_activity(activity: Activity, name: str) -> None:
    replacement = _("vert (navnet er slettet)")
    if not name:
        return
    fields = {
        "title": activity.title.replace(name, replacement),
        "organiser": activity.organiser.replace(name, replacement),
    }
    changed = [key for key, value in fields.items() if getattr(activity, key) != value]
    if not changed:
        return
    for key, value in fields.items():
        setattr(activity, key, value)
    save_validated(activity)
    # Erasure beats the log's permanence here: the name is also taken out of the activity's
    # own log entries (their descriptions and recorded changes).
    for entry in audit_trail(activity):
        entry.object_repr = entry.object_repr.replace(name, replacement)[:200]
        entry.changes = json.loads(json.dumps(_scrub(entry.changes, name, replacement)))
        entry.save(update_fields=["object_repr", "changes"])
    record_audit(actor=None, action="erase_host_name", obj=activity, changes={"fields": changed})


@transaction.atomic
def purge_expired_gjestebud_personal_data(*, actor=None, today: datetime.date | None = None) -> int:
    """Delete the host's name and e-mail from every invitation whose retention period has
    run out, and the name from the activity it became. Returns how many were purged.
    Safe to run as often as one likes: run daily (see the README)."""
    today = today or timezone.localdate()
    candidates = (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("process", "activity")
        .filter(personal_data_purged_at__isnull=True, expires_on__lt=today)
    )
    purged = 0
    for invitation in candidates:
        if personal_data_due(invitation) > today:
            continue
        _erase_host(invitation, actor=actor, action="purge_personal_data")
        purged += 1
    return purged


def _erase_host(invitation: Invitation, *, actor, action: str) -> None:
    """Delete the host's name and e-mail from the (locked) invitation and the activity it
    became, with an audit entry that names the fields, never their values."""
    name = invitation.host_name
    invitation.host_name = ""
    invitation.host_email = ""
    invitation.personal_data_purged_at = timezone.now()
    invitation.save(update_fields=["host_name", "host_email", "personal_data_purged_at"])
    if invitation.activity is not None:
        _erase_name_from_activity(invitation.activity, name)
    record_audit(
        actor=actor, action=action, obj=invitation, changes={"fields": ["host_name", "host_email"]}
    )


@transaction.atomic
def request_host_data_links(*, email: str) -> int:
    """E-mail a single-use link to see and delete the host's personal data for every
    invitation that has `email` as its host's address. Returns how many were sent; the page
    says the same whatever the number, so it tells nobody whether an address is known."""
    email = email.strip()
    if not email:
        return 0
    since = timezone.now() - datetime.timedelta(days=1)
    invitations = Invitation.objects.select_for_update().filter(
        host_email__iexact=email, personal_data_purged_at__isnull=True
    )
    sent = 0
    for invitation in invitations.order_by("pk"):
        subject = str(invitation.pk)
        if links_issued_since(purpose=HOST_DATA_LINK, subject=subject, since=since) >= 3:
            continue
        link, nonce = issue_link(
            purpose=HOST_DATA_LINK,
            subject=subject,
            lifetime=datetime.timedelta(hours=settings.SAMMEN_PRIVACY_LINK_HOURS),
        )
        record_audit(actor=None, action="request_personal_data", obj=invitation)
        enqueue_on_commit(send_host_data_link, link.pk, nonce, get_language() or "")
        sent += 1
    return sent


@transaction.atomic
def record_host_data_shown(*, invitation: Invitation, download: bool = False) -> None:
    action = "export_personal_data" if download else "show_personal_data"
    record_audit(actor=None, action=action, obj=invitation)


@transaction.atomic
@audit_batch()
def erase_host_personal_data(*, invitation: Invitation, withdraw: bool = False) -> Invitation:
    """The host asked, through a confirmed link: delete their name and e-mail (from the
    invitation and the activity it became). With `withdraw`, also the report's written
    content: the answers, the guests' inputs and the inputs registered from them. The
    figures (date, number of guests, age bands) stay: the dinner took place and is counted."""
    invitation = _lock(invitation)
    if invitation.personal_data_purged_at is None:
        _erase_host(invitation, actor=None, action="erase_personal_data")
    if withdraw and invitation.report_withdrawn_at is None:
        guest_inputs = list(invitation.inputs.select_related("input"))
        for guest_input in guest_inputs:
            if guest_input.input is not None:
                delete_input(actor=None, item=guest_input.input)
        invitation.inputs.all().delete()
        invitation.answers = []
        invitation.report_withdrawn_at = timezone.now()
        invitation.save(update_fields=["answers", "report_withdrawn_at"])
        activity = invitation.activity
        if activity is not None and activity.report:
            # Saved directly, not through update_activity: its entry would keep the
            # withdrawn words in the log, as the change's before-value.
            activity.report = ""
            activity.save(update_fields=["report"])
        record_audit(
            actor=None,
            action="withdraw_report",
            obj=invitation,
            changes={"inputs": len(guest_inputs)},
        )
    retire_links(purpose=HOST_DATA_LINK, subject=str(invitation.pk))
    return invitation
