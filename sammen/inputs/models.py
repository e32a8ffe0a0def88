import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sammen.engagement.models import Activity
from sammen.processes.models import FocusArea, Process


class Responsibility(models.TextChoices):
    """Who should act on an input: the seed's "Fordelingen?"."""

    MUNICIPALITY = "kommune", _("Kommunen")
    RESIDENTS = "innbyggere", _("Innbyggerne")
    TOGETHER = "sammen", _("Sammen (samskaping)")


class Input(models.Model):
    class Channel(models.TextChoices):
        WEB = "web", _("Nettskjema")
        MEETING = "meeting", _("Møte eller samling")
        PAPER = "paper", _("Papir eller flippover")
        SOCIAL_MEDIA = "social_media", _("Sosiale medier")
        EMAIL = "email", _("E-post eller brev")
        MAP = "map", _("Kart")
        INTERVIEW = "interview", _("Intervju")
        OTHER = "other", _("Annet")

    class Status(models.TextChoices):
        NEW = "new", _("Mottatt")
        IN_REVIEW = "in_review", _("Under behandling")
        ASSESSED = "assessed", _("Vurdert")
        ARCHIVED = "archived", _("Arkivert")

    class Moderation(models.TextChoices):
        # Inputs typed in by staff are approved as they are; public ones wait for a moderator
        # before anyone else sees them.
        APPROVED = "approved", _("Godkjent")
        PENDING = "pending", _("Venter på moderering")
        REJECTED = "rejected", _("Avvist")

    process = models.ForeignKey(
        Process, verbose_name=_("prosess"), on_delete=models.PROTECT, related_name="inputs"
    )
    activity = models.ForeignKey(
        Activity,
        verbose_name=_("aktivitet"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="inputs",
    )
    text = models.TextField(_("innspill"))
    language = models.CharField(_("språk"), max_length=16, default="nb")
    channel = models.CharField(
        _("kanal"), max_length=16, choices=Channel.choices, default=Channel.MEETING
    )
    received_at = models.DateTimeField(_("mottatt"), default=timezone.now)
    focus_areas = models.ManyToManyField(
        FocusArea, verbose_name=_("innsatsområder"), blank=True, related_name="inputs"
    )
    responsibility = models.CharField(
        _("ansvar"), max_length=16, choices=Responsibility.choices, blank=True
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.NEW
    )
    assessment = models.TextField(_("vurdering"), blank=True)
    moderation = models.CharField(
        _("moderering"), max_length=16, choices=Moderation.choices, default=Moderation.APPROVED
    )
    geometry = models.JSONField(_("sted (GeoJSON)"), null=True, blank=True)
    place_name = models.CharField(
        _("sted"),
        max_length=200,
        blank=True,
        help_text=_("Et navngitt sted eller en beskrivelse, for dem som ikke bruker kartet."),
    )
    duplicate_of = models.ForeignKey(
        "self",
        verbose_name=_("duplikat av"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="duplicates",
        help_text=_("Innspillet som står for gruppen av like innspill."),
    )
    # NULL, not "", for inputs without a key: the unique constraint skips NULLs.
    idempotency_key = models.CharField(  # noqa: DJ001
        _("idempotensnøkkel"),
        max_length=100,
        null=True,
        blank=True,
        editable=False,
        help_text=_(
            "Settes av skjema, hurtigregistrering og import, så et nytt forsøk med samme "
            "innhold ikke lagrer innspillet to ganger."
        ),
    )
    receipt_code = models.CharField(_("kvitteringskode"), max_length=16, unique=True)
    created_at = models.DateTimeField(_("registrert"), auto_now_add=True)

    class Meta:
        # The same word in Norwegian, not in English.
        verbose_name = pgettext_lazy("one", "innspill")
        verbose_name_plural = pgettext_lazy("many", "innspill")
        ordering = ["-received_at", "-id"]
        indexes = [
            models.Index(fields=["process", "status"], name="input_process_status_idx"),
            models.Index(fields=["process", "responsibility"], name="input_process_resp_idx"),
            models.Index(fields=["process", "moderation"], name="input_process_moderation_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["process", "idempotency_key"],
                condition=Q(idempotency_key__isnull=False),
                name="input_idempotency_key_unique",
            ),
            models.CheckConstraint(
                condition=Q(duplicate_of__isnull=True) | ~Q(duplicate_of=F("pk")),
                name="input_not_duplicate_of_itself",
            ),
            models.CheckConstraint(
                condition=~Q(text=""),
                name="input_text_not_empty",
                violation_error_message=_("Innspillet kan ikke være tomt."),
            ),
        ]

    def __str__(self):
        # Not the text: this string is kept in the audit log, which outlives the input and
        # must not hold what a citizen wrote (phone numbers, names).
        return _("Innspill %(code)s") % {"code": self.receipt_code}


def import_path(batch: "ImportBatch", filename: str) -> str:
    # A random name: a raw export holds commenters' names, and the original name (kept on the
    # batch) may say what it is. The file is deleted once the import is over.
    suffix = filename.rpartition(".")[2].lower()[:10]
    return f"imports/{uuid.uuid4().hex}.{suffix}"


class ImportBatch(models.Model):
    """One uploaded file on its way to becoming inputs: the file, how its columns map, what
    the check found, and how far the import has come. Kept, so the preview survives a reload
    and the import can run in the background."""

    class Format(models.TextChoices):
        CSV = "csv", _("CSV")
        XLSX = "xlsx", _("Excel (XLSX)")
        FACEBOOK = "facebook", _("Facebook-kommentarer (JSON)")
        DECIDIM = "decidim", _("Decidim-forslag (CSV)")

    class Status(models.TextChoices):
        UPLOADED = "uploaded", _("Lastet opp, venter på kolonnevalg")
        ANALYSING = "analysing", _("Sjekker radene")
        PREVIEW = "preview", _("Klar til å bekreftes")
        IMPORTING = "importing", _("Importerer")
        DONE = "done", _("Importert")
        FAILED = "failed", _("Feilet")

    process = models.ForeignKey(
        Process, verbose_name=_("prosess"), on_delete=models.CASCADE, related_name="import_batches"
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("lastet opp av"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    file = models.FileField(_("fil"), upload_to=import_path, blank=True)
    original_name = models.CharField(_("filnavn"), max_length=255)
    format = models.CharField(_("format"), max_length=16, choices=Format.choices)
    headers = models.JSONField(_("kolonner"), default=list, blank=True)
    mapping = models.JSONField(_("kolonnevalg"), default=dict, blank=True)
    activity = models.ForeignKey(
        Activity,
        verbose_name=_("aktivitet"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    channel = models.CharField(
        _("kanal"), max_length=16, choices=Input.Channel.choices, default=Input.Channel.OTHER
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.UPLOADED
    )
    row_estimate = models.PositiveIntegerField(_("anslått antall rader"), default=0)
    total_rows = models.PositiveIntegerField(_("rader"), default=0)
    good_rows = models.PositiveIntegerField(_("gode rader"), default=0)
    refused_rows = models.PositiveIntegerField(_("avviste rader"), default=0)
    duplicate_rows = models.PositiveIntegerField(_("gjentatte rader i filen"), default=0)
    imported_rows = models.PositiveIntegerField(_("importerte innspill"), default=0)
    existing_rows = models.PositiveIntegerField(_("fantes fra før"), default=0)
    errors = models.JSONField(_("feil per rad"), default=list, blank=True)
    preview = models.JSONField(_("forhåndsvisning"), default=list, blank=True)
    failure = models.TextField(_("feilmelding"), blank=True)
    progress_done = models.PositiveIntegerField(_("behandlet"), default=0)
    progress_total = models.PositiveIntegerField(_("å behandle"), default=0)
    created_at = models.DateTimeField(_("opprettet"), auto_now_add=True)
    finished_at = models.DateTimeField(_("ferdig"), null=True, blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("importer")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.original_name
