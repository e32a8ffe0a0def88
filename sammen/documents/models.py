"""Documents laid before the politicians and the steps they go through: versions of the
temaplan and the participation report, the public hearing (høring) with its responses, and each
political treatment (formannskapet, kommunestyret) with its decision.

Hearing responses are kept apart from the process's inputs on purpose: they answer a document,
not the process's questions, and never change the participation figures.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sammen.processes.models import Process


def document_path(version: "DocumentVersion", filename: str) -> str:
    # Files are served only through a view that checks who may see a draft; a random part
    # keeps a new generation of the same version from being served from a cache.
    suffix = filename.rpartition(".")[2].lower()
    name = f"{version.kind}-{version.number}-{uuid.uuid4().hex[:8]}.{suffix}"
    return f"dokumenter/{version.process_id}/{name}"


class DocumentVersion(models.Model):
    class Kind(models.TextChoices):
        TEMAPLAN = "temaplan", _("Temaplan")
        PARTICIPATION_REPORT = "participation_report", _("Medvirkningsrapport")

    class Stage(models.TextChoices):
        DRAFT = "draft", _("Utkast")
        FINAL = "final", _("Endelig")

    class Generation(models.TextChoices):
        QUEUED = "queued", _("I kø")
        RUNNING = "running", _("Lages")
        DONE = "done", _("Ferdig")
        FAILED = "failed", _("Feilet")

    process = models.ForeignKey(
        Process, verbose_name=_("prosess"), on_delete=models.PROTECT, related_name="documents"
    )
    kind = models.CharField(_("dokumenttype"), max_length=24, choices=Kind.choices)
    number = models.PositiveSmallIntegerField(_("versjon"))
    stage = models.CharField(_("stadium"), max_length=8, choices=Stage.choices, default="draft")
    title = models.CharField(_("tittel"), max_length=300)
    note = models.TextField(_("hva som er endret"), blank=True)
    generation = models.CharField(
        _("generering"), max_length=8, choices=Generation.choices, default="queued"
    )
    progress = models.PositiveSmallIntegerField(_("fremdrift (prosent)"), default=0)
    error = models.TextField(_("feil"), blank=True)
    pdf = models.FileField(_("PDF"), upload_to=document_path, max_length=200, blank=True)
    docx = models.FileField(_("DOCX"), upload_to=document_path, max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("laget av"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("laget"), default=timezone.now)
    generated_at = models.DateTimeField(_("generert"), null=True, blank=True)

    class Meta:
        verbose_name = _("dokumentversjon")
        verbose_name_plural = _("dokumentversjoner")
        ordering = ["process", "kind", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["process", "kind", "number"], name="document_version_unique"
            ),
            models.CheckConstraint(
                condition=Q(progress__lte=100), name="document_progress_at_most_100"
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.get_stage_display().lower()} {self.number})"


class Hearing(models.Model):
    """A document version sent on public hearing, with its questions and deadline."""

    process = models.ForeignKey(
        Process, verbose_name=_("prosess"), on_delete=models.PROTECT, related_name="hearings"
    )
    document = models.ForeignKey(
        DocumentVersion,
        verbose_name=_("dokumentversjon"),
        on_delete=models.PROTECT,
        related_name="hearings",
    )
    title = models.CharField(_("tittel"), max_length=300)
    introduction = models.TextField(_("innledning"), blank=True)
    opens_on = models.DateField(_("åpner"))
    deadline = models.DateField(_("høringsfrist"))
    is_published = models.BooleanField(_("publisert"), default=False)
    published_at = models.DateTimeField(_("publisert"), null=True, blank=True)

    class Meta:
        verbose_name = _("høring")
        verbose_name_plural = _("høringer")
        ordering = ["-opens_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(deadline__gte=models.F("opens_on")),
                name="hearing_deadline_after_opening",
                violation_error_message=_("Høringsfristen kan ikke være før høringen åpner."),
            ),
        ]

    def __str__(self):
        return self.title


class HearingQuestion(models.Model):
    hearing = models.ForeignKey(
        Hearing, verbose_name=_("høring"), on_delete=models.CASCADE, related_name="questions"
    )
    order = models.PositiveSmallIntegerField(_("rekkefølge"), default=0)
    text = models.CharField(_("spørsmål"), max_length=500)

    class Meta:
        verbose_name = _("høringsspørsmål")
        verbose_name_plural = _("høringsspørsmål")
        ordering = ["order", "id"]

    def __str__(self):
        return self.text


class HearingResponse(models.Model):
    class RespondentKind(models.TextChoices):
        PERSON = "person", _("Privatperson")
        ORGANISATION = "organisation", _("Organisasjon, lag eller virksomhet")
        PUBLIC_BODY = "public_body", _("Offentlig instans")

    class Channel(models.TextChoices):
        WEB = "web", _("Nettskjema")
        LETTER = "letter", _("Brev")
        EMAIL = "email", _("E-post")

    class Assessment(models.TextChoices):
        TAKEN_IN = "taken_in", _("Tatt inn")
        PARTLY = "partly", _("Delvis tatt inn")
        NOT_TAKEN = "not_taken", _("Ikke tatt inn")
        NOTED = "noted", _("Tatt til orientering")

    hearing = models.ForeignKey(
        Hearing, verbose_name=_("høring"), on_delete=models.PROTECT, related_name="responses"
    )
    respondent_kind = models.CharField(_("avsender"), max_length=16, choices=RespondentKind.choices)
    # A person's name is personal data and stays with staff; an organisation's name is public.
    name = models.CharField(_("navn"), max_length=200, blank=True)
    organisation = models.CharField(_("på vegne av"), max_length=200, blank=True)
    email = models.EmailField(_("e-post"), blank=True)
    # May be empty when the respondent answered the hearing's questions instead (the services
    # refuse a response with neither).
    text = models.TextField(_("høringssvar"), blank=True)
    channel = models.CharField(_("kanal"), max_length=8, choices=Channel.choices, default="web")
    received_at = models.DateTimeField(_("mottatt"), default=timezone.now)
    idempotency_key = models.CharField(  # noqa: DJ001 - NULL lets the unique skip it
        max_length=100, null=True, blank=True, editable=False
    )
    receipt_code = models.CharField(_("kvitteringskode"), max_length=16, unique=True)
    assessment = models.CharField(
        _("vurdering"), max_length=12, choices=Assessment.choices, blank=True
    )
    assessment_note = models.TextField(_("begrunnelse"), blank=True)
    changed_in_next_version = models.TextField(_("endret i neste versjon"), blank=True)
    next_version = models.ForeignKey(
        DocumentVersion,
        verbose_name=_("neste versjon"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="hearing_changes",
        help_text=_("Versjonen der svaret førte til en endring."),
    )
    assessed_at = models.DateTimeField(_("vurdert"), null=True, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registrert av"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("høringssvar")
        verbose_name_plural = _("høringssvar")
        ordering = ["-received_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["hearing", "idempotency_key"],
                condition=Q(idempotency_key__isnull=False),
                name="hearing_response_idempotency_unique",
            ),
        ]

    def __str__(self):
        return self.receipt_code


class HearingAnswer(models.Model):
    response = models.ForeignKey(
        HearingResponse,
        verbose_name=_("høringssvar"),
        on_delete=models.CASCADE,
        related_name="answers",
    )
    question = models.ForeignKey(
        HearingQuestion,
        verbose_name=_("spørsmål"),
        on_delete=models.PROTECT,
        related_name="answers",
    )
    text = models.TextField(_("svar"))

    class Meta:
        verbose_name = _("svar på høringsspørsmål")
        verbose_name_plural = _("svar på høringsspørsmål")
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="hearing_answer_unique"),
        ]

    def __str__(self):
        return f"{self.response} / {self.question_id}"


class PoliticalTreatment(models.Model):
    """One political body's treatment of a document version, with its decision."""

    class Body(models.TextChoices):
        EXECUTIVE_COMMITTEE = "formannskapet", _("Formannskapet")
        COUNCIL = "kommunestyret", _("Kommunestyret")
        COMMITTEE = "utvalg", _("Politisk utvalg")
        OTHER = "other", _("Annet organ")

    class Outcome(models.TextChoices):
        SENT_ON_HEARING = "sent_on_hearing", _("Sendt på høring")
        RECOMMENDED = "recommended", _("Innstilt til vedtak")
        ADOPTED = "adopted", _("Vedtatt")
        REJECTED = "rejected", _("Ikke vedtatt")
        RETURNED = "returned", _("Sendt tilbake")
        OTHER = "other", _("Annet")

    process = models.ForeignKey(
        Process, verbose_name=_("prosess"), on_delete=models.PROTECT, related_name="treatments"
    )
    document = models.ForeignKey(
        DocumentVersion,
        verbose_name=_("dokumentversjon"),
        on_delete=models.PROTECT,
        related_name="treatments",
    )
    body = models.CharField(_("organ"), max_length=16, choices=Body.choices)
    body_name = models.CharField(
        _("navn på organet"),
        max_length=200,
        blank=True,
        help_text=_("Brukes når organet er et utvalg eller et annet organ."),
    )
    meeting_date = models.DateField(_("møtedato"))
    case_number = models.CharField(_("saksnummer"), max_length=64)
    outcome = models.CharField(_("utfall"), max_length=16, choices=Outcome.choices)
    decision_text = models.TextField(_("vedtak"))
    is_illustrative = models.BooleanField(
        _("illustrativ"),
        default=False,
        help_text=_("For demo: saksnummer og vedtakstekst er laget til eksempelet."),
    )
    recorded_at = models.DateTimeField(_("registrert"), default=timezone.now)

    class Meta:
        verbose_name = _("politisk behandling")
        verbose_name_plural = _("politiske behandlinger")
        ordering = ["meeting_date", "id"]

    def __str__(self):
        return f"{self.get_body_display()} {self.meeting_date} ({self.case_number})"


class DocumentNotice(models.Model):
    """That a contributor has been told of a step (the hearing opened, the plan decided): one
    row per address and step, made before the e-mail is queued, so a re-run tells nobody twice
    and a retried task sees that its message already went out."""

    class Event(models.TextChoices):
        HEARING_OPENED = "hearing_opened", _("Høringen er åpnet")
        PLAN_DECIDED = "plan_decided", _("Planen er vedtatt")

    # Deleted with the address (unsubscribed or purged): no trace of the person is kept.
    contact = models.ForeignKey(
        "contributors.Contact",
        verbose_name=_("kontakt"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    event = models.CharField(_("hendelse"), max_length=16, choices=Event.choices)
    document = models.ForeignKey(
        DocumentVersion,
        verbose_name=_("dokumentversjon"),
        on_delete=models.CASCADE,
        related_name="notices",
    )
    hearing = models.ForeignKey(
        Hearing, null=True, blank=True, on_delete=models.CASCADE, related_name="notices"
    )
    treatment = models.ForeignKey(
        PoliticalTreatment,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notices",
    )
    queued_at = models.DateTimeField(_("lagt i kø"), default=timezone.now)
    sent_at = models.DateTimeField(_("sendt"), null=True, blank=True)

    class Meta:
        verbose_name = _("varsel til bidragsyter")
        verbose_name_plural = _("varsler til bidragsytere")
        constraints = [
            models.UniqueConstraint(
                fields=["contact", "event", "document"], name="document_notice_once"
            ),
        ]

    def __str__(self):
        return f"{self.event} {self.document_id} ({self.contact_id})"
