"""Writes for documents, hearings and political treatments."""

import datetime
from collections.abc import Mapping

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from sammen.accounts.permissions import require
from sammen.contributors.models import Contact
from sammen.core.idempotency import save_once
from sammen.core.mail import enqueue_on_commit
from sammen.core.receipts import new_receipt_code
from sammen.core.services import record_audit, save_validated
from sammen.core.text import TEXT_MAX_LENGTH, strip_control_characters
from sammen.processes.models import Process

from .models import (
    DocumentNotice,
    DocumentVersion,
    Hearing,
    HearingAnswer,
    HearingQuestion,
    HearingResponse,
    PoliticalTreatment,
)
from .notices import send_document_notice
from .tasks import generate_document_files


@transaction.atomic
def create_document_version(
    *,
    actor,
    process: Process,
    kind: str,
    title: str,
    stage: str = DocumentVersion.Stage.DRAFT,
    note: str = "",
) -> DocumentVersion:
    """A new version of one of the process's documents, numbered after the last one of its
    kind (draft 1, draft 2, …). Its files are generated afterwards, in the background."""
    require(actor, "manage_documents_and_hearings", process)
    if kind not in DocumentVersion.Kind.values:
        raise ValidationError({"kind": _("Ukjent dokumenttype.")})
    if stage not in DocumentVersion.Stage.values:
        raise ValidationError({"stage": _("Ukjent stadium.")})
    title = title.strip()
    if not title:
        raise ValidationError({"title": _("Dokumentet må ha en tittel.")})
    # Locking the process serialises numbering: two staff pressing "new version" at once get
    # 2 and 3, not two 2s (the unique constraint would refuse the second).
    Process.objects.select_for_update().filter(pk=process.pk).first()
    last = DocumentVersion.objects.filter(process=process, kind=kind).aggregate(n=Max("number"))
    version = DocumentVersion.objects.create(
        process=process,
        kind=kind,
        number=(last["n"] or 0) + 1,
        stage=stage,
        title=title,
        note=note.strip(),
        created_by=actor if actor is not None and actor.is_authenticated else None,
    )
    record_audit(
        actor=actor,
        action="create",
        obj=version,
        changes={"kind": kind, "number": version.number, "stage": stage},
        scope=process,
    )
    return version


# Generating a version's files (the temaplan and the participation report).


def default_document_title(process: Process, kind: str) -> str:
    """The title of the kind's latest version, or "Temaplan – <process>" for the first."""
    last = (
        DocumentVersion.objects.filter(process=process, kind=kind)
        .order_by("-number")
        .values_list("title", flat=True)
        .first()
    )
    if last:
        return last
    # Documents are written in the site's language, whatever the staff member reads.
    with translation.override(settings.LANGUAGE_CODE):
        return f"{DocumentVersion.Kind(kind).label} – {process.name}"


@transaction.atomic
def request_document_version(
    *,
    actor,
    process: Process,
    kind: str,
    stage: str = DocumentVersion.Stage.DRAFT,
    title: str = "",
    note: str = "",
) -> DocumentVersion:
    """A new version (create_document_version) whose PDF and DOCX the task worker makes once
    this transaction commits."""
    version = create_document_version(
        actor=actor,
        process=process,
        kind=kind,
        title=title or default_document_title(process, kind),
        stage=stage,
        note=note,
    )
    enqueue_on_commit(generate_document_files, version.pk)
    return version


@transaction.atomic
def retry_document_generation(*, actor, version: DocumentVersion) -> DocumentVersion:
    """Queue a failed version's files again."""
    require(actor, "manage_documents_and_hearings", version.process_id)
    version = DocumentVersion.objects.select_for_update().get(pk=version.pk)
    if version.generation != DocumentVersion.Generation.FAILED:
        raise ValidationError(_("Bare en dokumentversjon som feilet kan lages på nytt."))
    version.generation = DocumentVersion.Generation.QUEUED
    version.progress = 0
    failed_with = version.error
    version.error = ""
    version.save(update_fields=["generation", "progress", "error"])
    record_audit(
        actor=actor,
        action="retry",
        obj=version,
        changes={"generation": ["failed", "queued"], "error": [failed_with, ""]},
        scope=version.process,
    )
    enqueue_on_commit(generate_document_files, version.pk)
    return version


# --- The public hearing, its responses, and the political treatments -----------------------
#
# A hearing answers a document version, not the process's questions: its responses are kept
# apart from the inputs and never touch the participation figures.

MAX_HEARING_QUESTIONS = 20


def _clean(value: str | None) -> str:
    return strip_control_characters(value or "").strip()


def _date(value) -> str:
    return formats.date_format(value, "DATE_FORMAT")


def _require_date(value, field: str, message: str) -> datetime.date:
    if isinstance(value, datetime.datetime) or not isinstance(value, datetime.date):
        raise ValidationError({field: message})
    return value


@transaction.atomic
def create_hearing(
    *,
    actor,
    document: DocumentVersion,
    title: str,
    opens_on: datetime.date,
    deadline: datetime.date,
    questions: list[str],
    introduction: str = "",
    publish: bool = False,
) -> Hearing:
    """Send a document version on public hearing, with its questions and deadline. The hearing
    is shown on the public pages once published (now, with `publish`, or later)."""
    require(actor, "manage_documents_and_hearings", document.process_id)
    errors = {}
    if document.stage == DocumentVersion.Stage.FINAL:
        errors["document"] = _("Den endelige versjonen sendes ikke på høring. Velg et utkast.")
    title = _clean(title)
    if not title:
        errors["title"] = _("Høringen må ha en tittel.")
    elif len(title) > 300:
        errors["title"] = _("Tittelen kan være høyst 300 tegn.")
    opens_on = _require_date(opens_on, "opens_on", _("Skriv datoen høringen åpner."))
    deadline = _require_date(deadline, "deadline", _("Skriv høringsfristen."))
    if deadline < opens_on:
        errors["deadline"] = _("Høringsfristen kan ikke være før høringen åpner (%(date)s).") % {
            "date": _date(opens_on)
        }
    texts = [_clean(text) for text in questions]
    texts = [text for text in texts if text]
    if len(texts) > MAX_HEARING_QUESTIONS:
        errors["questions"] = _("En høring kan ha høyst %(count)d spørsmål.") % {
            "count": MAX_HEARING_QUESTIONS
        }
    elif any(len(text) > 500 for text in texts):
        errors["questions"] = _("Hvert spørsmål kan være høyst 500 tegn.")
    elif len({text.casefold() for text in texts}) != len(texts):
        errors["questions"] = _("Det samme spørsmålet står to ganger.")
    if errors:
        raise ValidationError(errors)
    hearing = Hearing(
        process_id=document.process_id,
        document=document,
        title=title,
        introduction=_clean(introduction),
        opens_on=opens_on,
        deadline=deadline,
    )
    save_validated(hearing)
    HearingQuestion.objects.bulk_create(
        HearingQuestion(hearing=hearing, order=order, text=text)
        for order, text in enumerate(texts, start=1)
    )
    record_audit(
        actor=actor,
        action="create",
        obj=hearing,
        changes={
            "document": document.pk,
            "opens_on": opens_on.isoformat(),
            "deadline": deadline.isoformat(),
            "questions": texts,
        },
        scope=hearing.process,
    )
    if publish:
        hearing = publish_hearing(actor=actor, hearing=hearing)
    return hearing


@transaction.atomic
def publish_hearing(*, actor, hearing: Hearing) -> Hearing:
    """Show the hearing on the public pages and, while it is still open, tell the
    contributors who left an address."""
    require(actor, "manage_documents_and_hearings", hearing.process_id)
    hearing = Hearing.objects.select_for_update().select_related("process").get(pk=hearing.pk)
    if hearing.is_published:
        raise ValidationError(_("Høringen er allerede publisert."))
    hearing.is_published = True
    hearing.published_at = timezone.now()
    hearing.save(update_fields=["is_published", "published_at"])
    record_audit(actor=actor, action="publish", obj=hearing, scope=hearing.process)
    if hearing.deadline >= timezone.localdate():
        notify_hearing_opened(hearing)
    return hearing


@transaction.atomic
def unpublish_hearing(*, actor, hearing: Hearing) -> Hearing:
    """Take the hearing off the public pages. Its responses are kept."""
    require(actor, "manage_documents_and_hearings", hearing.process_id)
    hearing = Hearing.objects.select_for_update().select_related("process").get(pk=hearing.pk)
    if not hearing.is_published:
        raise ValidationError(_("Høringen er ikke publisert."))
    hearing.is_published = False
    hearing.save(update_fields=["is_published"])
    record_audit(actor=actor, action="unpublish", obj=hearing, scope=hearing.process)
    return hearing


class ResponseKeyUsed(Exception):
    """The form's key was used for another response (the page was reused with the back
    button). Nothing is stored; the form is shown again with a fresh key."""


def _clean_response(
    hearing: Hearing,
    *,
    respondent_kind: str,
    name: str,
    organisation: str,
    text: str,
    answers: Mapping[HearingQuestion, str],
) -> tuple[dict, dict[HearingQuestion, str]]:
    errors = {}
    if respondent_kind not in HearingResponse.RespondentKind.values:
        errors["respondent_kind"] = _("Velg hvem svaret kommer fra.")
    name, organisation, text = _clean(name), _clean(organisation), _clean(text)
    if len(name) > 200:
        errors["name"] = _("Navnet kan være høyst 200 tegn.")
    if len(organisation) > 200:
        errors["organisation"] = _("Navnet på organisasjonen kan være høyst 200 tegn.")
    elif respondent_kind != HearingResponse.RespondentKind.PERSON and not organisation:
        errors["organisation"] = _(
            "Skriv navnet på organisasjonen, laget, virksomheten eller instansen svaret kommer fra."
        )
    if len(text) > TEXT_MAX_LENGTH:
        errors["text"] = _("Høringssvaret kan være høyst %(limit)d tegn.") % {
            "limit": TEXT_MAX_LENGTH
        }
    cleaned_answers = {}
    for question, value in answers.items():
        value = _clean(value)
        if not value:
            continue
        if question.hearing_id != hearing.pk:
            errors["text"] = _("Et av spørsmålene hører til en annen høring.")
        elif len(value) > TEXT_MAX_LENGTH:
            errors[f"q_{question.pk}"] = _("Svaret kan være høyst %(limit)d tegn.") % {
                "limit": TEXT_MAX_LENGTH
            }
        cleaned_answers[question] = value
    if not text and not cleaned_answers and "text" not in errors:
        errors["text"] = _("Skriv høringssvaret, eller svar på minst ett av spørsmålene.")
    if errors:
        raise ValidationError(errors)
    if respondent_kind == HearingResponse.RespondentKind.PERSON:
        organisation = ""
    fields = {
        "respondent_kind": respondent_kind,
        "name": name,
        "organisation": organisation,
        "text": text,
    }
    return fields, cleaned_answers


def _check_within_hearing(hearing: Hearing, day: datetime.date, field: str) -> None:
    if day > hearing.deadline:
        raise ValidationError(
            {
                field: _(
                    "Høringsfristen gikk ut %(deadline)s. Svar som kommer etter fristen, kan "
                    "ikke registreres her; ta kontakt med kommunen."
                )
                % {"deadline": _date(hearing.deadline)}
            }
        )
    if day < hearing.opens_on:
        raise ValidationError(
            {field: _("Høringen åpner %(date)s.") % {"date": _date(hearing.opens_on)}}
        )


def _store_response(
    *,
    actor,
    hearing: Hearing,
    fields: dict,
    answers: dict[HearingQuestion, str],
    channel: str,
    received_at: datetime.datetime,
    idempotency_key: str | None = None,
) -> HearingResponse:
    response = HearingResponse(
        hearing=hearing,
        channel=channel,
        received_at=received_at,
        idempotency_key=idempotency_key or None,
        receipt_code=new_receipt_code(),
        registered_by=actor if actor is not None and actor.is_authenticated else None,
        **fields,
    )
    save_validated(response)
    HearingAnswer.objects.bulk_create(
        HearingAnswer(response=response, question=question, text=value)
        for question, value in answers.items()
    )
    # Neither the name nor the text: the log outlives what a person may ask to have deleted.
    record_audit(
        actor=actor,
        action="create",
        obj=response,
        changes={"channel": channel, "respondent_kind": fields["respondent_kind"]},
        scope=hearing.process,
    )
    return response


@transaction.atomic
def submit_hearing_response(
    *,
    actor,
    hearing: Hearing,
    respondent_kind: str,
    text: str,
    idempotency_key: str,
    answers: Mapping[HearingQuestion, str] | None = None,
    name: str = "",
    organisation: str = "",
    today: datetime.date | None = None,
) -> HearingResponse:
    """A response sent on the web, without an account, while the hearing is open. A retry
    of the same submission returns the response stored the first time."""
    today = today or timezone.localdate()
    if not hearing.is_published:
        raise ValidationError(_("Høringen er ikke åpen for svar."))
    fields, cleaned = _clean_response(
        hearing,
        respondent_kind=respondent_kind,
        name=name,
        organisation=organisation,
        text=text,
        answers=answers or {},
    )

    def create() -> HearingResponse:
        # Checked here, not before: a retry of a response stored before the deadline passed
        # gets its receipt back rather than a refusal.
        _check_within_hearing(hearing, today, NON_FIELD_ERRORS)
        return _store_response(
            actor=actor,
            hearing=hearing,
            fields=fields,
            answers=cleaned,
            channel=HearingResponse.Channel.WEB,
            received_at=timezone.now(),
            idempotency_key=idempotency_key,
        )

    stored, created = save_once(hearing.responses.all(), idempotency_key, create)
    if not created and stored.text != fields["text"]:
        raise ResponseKeyUsed
    return stored


@transaction.atomic
def register_hearing_response(
    *,
    actor,
    hearing: Hearing,
    respondent_kind: str,
    channel: str,
    received_on: datetime.date,
    text: str,
    answers: Mapping[HearingQuestion, str] | None = None,
    name: str = "",
    organisation: str = "",
) -> HearingResponse:
    """Register a response that came by letter or e-mail, dated the day it was received."""
    require(actor, "manage_documents_and_hearings", hearing.process_id)
    if channel not in (HearingResponse.Channel.LETTER, HearingResponse.Channel.EMAIL):
        raise ValidationError({"channel": _("Velg om svaret kom som brev eller e-post.")})
    received_on = _require_date(received_on, "received_on", _("Skriv datoen svaret kom inn."))
    if received_on > timezone.localdate():
        raise ValidationError({"received_on": _("Mottaksdatoen kan ikke være fram i tid.")})
    _check_within_hearing(hearing, received_on, "received_on")
    fields, cleaned = _clean_response(
        hearing,
        respondent_kind=respondent_kind,
        name=name,
        organisation=organisation,
        text=text,
        answers=answers or {},
    )
    received_at = timezone.make_aware(datetime.datetime.combine(received_on, datetime.time(12)))
    return _store_response(
        actor=actor,
        hearing=hearing,
        fields=fields,
        answers=cleaned,
        channel=channel,
        received_at=received_at,
    )


@transaction.atomic
def assess_hearing_response(
    *,
    actor,
    response: HearingResponse,
    assessment: str,
    note: str = "",
    changed_in_next_version: str = "",
    next_version: DocumentVersion | None = None,
) -> HearingResponse:
    """Record how a response was assessed and, when it was taken in, what it changed in
    which later version of the document."""
    require(actor, "manage_documents_and_hearings", response.hearing.process_id)
    response = (
        HearingResponse.objects.select_for_update()
        .select_related("hearing__document", "hearing__process")
        .get(pk=response.pk)
    )
    note, changed = _clean(note), _clean(changed_in_next_version)
    errors = {}
    kinds = HearingResponse.Assessment
    if assessment not in kinds.values:
        errors["assessment"] = _("Velg en vurdering.")
    elif assessment in (kinds.NOT_TAKEN, kinds.PARTLY) and not note:
        errors["note"] = _("Skriv en begrunnelse når svaret ikke, eller bare delvis, er tatt inn.")
    if assessment in (kinds.TAKEN_IN, kinds.PARTLY) and not changed:
        errors["changed_in_next_version"] = _("Skriv hva svaret endret i neste versjon.")
    if assessment in (kinds.NOT_TAKEN, kinds.NOTED) and (changed or next_version):
        errors["changed_in_next_version"] = _(
            "Et svar som ikke er tatt inn, har ikke endret noe i neste versjon."
        )
    heard = response.hearing.document
    if next_version is not None and (
        next_version.process_id != heard.process_id
        or next_version.kind != heard.kind
        or next_version.number <= heard.number
    ):
        errors["next_version"] = _(
            "Velg en senere versjon av dokumentet som var på høring (%(document)s)."
        ) % {"document": str(heard)}
    if errors:
        raise ValidationError(errors)
    before = [response.assessment, response.assessment_note, response.changed_in_next_version]
    response.assessment = assessment
    response.assessment_note = note
    response.changed_in_next_version = changed
    response.next_version = next_version
    response.assessed_at = timezone.now()
    response.save(
        update_fields=[
            "assessment",
            "assessment_note",
            "changed_in_next_version",
            "next_version",
            "assessed_at",
        ]
    )
    record_audit(
        actor=actor,
        action="assess",
        obj=response,
        changes={
            "assessment": [before[0], assessment],
            "assessment_note": [before[1], note],
            "changed_in_next_version": [before[2], changed],
            "next_version": next_version.pk if next_version else None,
        },
        scope=response.hearing.process,
    )
    return response


@transaction.atomic
def record_political_treatment(
    *,
    actor,
    process: Process,
    document: DocumentVersion | int | None,
    body: str,
    meeting_date: datetime.date,
    case_number: str,
    outcome: str,
    decision_text: str,
    body_name: str = "",
    is_illustrative: bool = False,
) -> PoliticalTreatment:
    """Record one political body's treatment of a document version of the process, with its
    decision. An adopted plan is told to the contributors who left an address."""
    require(actor, "manage_documents_and_hearings", process)
    errors = {}
    if isinstance(document, DocumentVersion):
        document = document.pk
    version = (
        DocumentVersion.objects.filter(pk=document).first() if isinstance(document, int) else None
    )
    if version is None:
        errors["document"] = _(
            "Dokumentversjonen finnes ikke. Velg en av prosessens dokumentversjoner."
        )
    elif version.process_id != process.pk:
        errors["document"] = _("Dokumentversjonen hører til en annen prosess.")
    if body not in PoliticalTreatment.Body.values:
        errors["body"] = _("Velg organet som behandlet saken.")
    body_name = _clean(body_name)
    needs_name = body in (PoliticalTreatment.Body.COMMITTEE, PoliticalTreatment.Body.OTHER)
    if needs_name and not body_name:
        errors["body_name"] = _("Skriv navnet på utvalget eller organet.")
    if len(body_name) > 200:
        errors["body_name"] = _("Navnet kan være høyst 200 tegn.")
    meeting_date = _require_date(meeting_date, "meeting_date", _("Skriv møtedatoen."))
    if meeting_date > timezone.localdate():
        errors["meeting_date"] = _(
            "Møtedatoen kan ikke være fram i tid: registrer behandlingen etter møtet."
        )
    case_number = _clean(case_number)
    if not case_number:
        errors["case_number"] = _("Skriv saksnummeret.")
    elif len(case_number) > 64:
        errors["case_number"] = _("Saksnummeret kan være høyst 64 tegn.")
    if outcome not in PoliticalTreatment.Outcome.values:
        errors["outcome"] = _("Velg utfallet av behandlingen.")
    decision_text = _clean(decision_text)
    if not decision_text:
        errors["decision_text"] = _("Skriv vedtaket.")
    if errors:
        raise ValidationError(errors)
    treatment = PoliticalTreatment(
        process=process,
        document=version,
        body=body,
        body_name=body_name,
        meeting_date=meeting_date,
        case_number=case_number,
        outcome=outcome,
        decision_text=decision_text,
        is_illustrative=is_illustrative,
    )
    save_validated(treatment)
    record_audit(
        actor=actor,
        action="create",
        obj=treatment,
        changes={
            "document": version.pk,
            "body": body,
            "meeting_date": meeting_date.isoformat(),
            "case_number": case_number,
            "outcome": outcome,
        },
        scope=process,
    )
    if outcome == PoliticalTreatment.Outcome.ADOPTED:
        notify_plan_decided(treatment)
    return treatment


def _notify(
    process: Process, event: str, document: DocumentVersion, **subject
) -> list[DocumentNotice]:
    """Queue one notice per address among the process's contributors that has not been told
    of `event` for `document` yet. The notice rows are the record that makes a re-run safe;
    the lock on the document version keeps two runs from both making them."""
    DocumentVersion.objects.select_for_update().filter(pk=document.pk).first()
    told = {
        email.casefold()
        for email in DocumentNotice.objects.filter(event=event, document=document).values_list(
            "contact__email", flat=True
        )
    }
    # One message per person, even when one address was left with several inputs.
    chosen: dict[str, int] = {}
    for pk, email in (
        Contact.objects.filter(input__process=process).order_by("pk").values_list("pk", "email")
    ):
        key = email.casefold()
        if key not in told and key not in chosen:
            chosen[key] = pk
    notices = DocumentNotice.objects.bulk_create(
        DocumentNotice(contact_id=pk, event=event, document=document, **subject)
        for pk in chosen.values()
    )
    for notice in notices:
        enqueue_on_commit(send_document_notice, notice.pk)
    return notices


def notify_hearing_opened(hearing: Hearing) -> int:
    """Tell the contributors who left an address that the hearing is open; returns how many
    messages were queued."""
    return len(
        _notify(
            hearing.process,
            DocumentNotice.Event.HEARING_OPENED,
            hearing.document,
            hearing=hearing,
        )
    )


def notify_plan_decided(treatment: PoliticalTreatment) -> int:
    """Tell the contributors who left an address that the plan has been adopted; returns
    how many messages were queued."""
    return len(
        _notify(
            treatment.process,
            DocumentNotice.Event.PLAN_DECIDED,
            treatment.document,
            treatment=treatment,
        )
    )
