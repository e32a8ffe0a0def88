from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# Referenced by migration 0004, from before ImportBatch moved to the imports app.
from sammen.core.files import import_path  # noqa: F401
from sammen.engagement.models import Activity
from sammen.processes.models import FocusArea, Process


class Responsibility(models.TextChoices):
    """Who should act on an input: the seed's "Fordelingen?"."""

    MUNICIPALITY = "kommune", _("Kommunen")
    RESIDENTS = "innbyggere", _("Innbyggerne")
    TOGETHER = "sammen", _("Sammen (samskaping)")


class Assessment(models.TextChoices):
    """What became of an input: the answer every contributor is owed ("merknadsbehandling")."""

    USED = "used", _("Brukt")
    PARTLY_USED = "partly_used", _("Delvis brukt")
    NOT_USED = "not_used", _("Ikke brukt")
    OUT_OF_SCOPE = "out_of_scope", _("Utenfor prosessen")


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
    # The outcome is the structured answer; `assessment` is its reason in words (required
    # when the input was not used) and `referred_to` where an out-of-scope input was sent.
    assessment_outcome = models.CharField(
        _("vurderingsresultat"), max_length=16, choices=Assessment.choices, blank=True
    )
    assessment = models.TextField(_("vurdering"), blank=True)
    referred_to = models.CharField(
        _("sendt videre til"),
        max_length=200,
        blank=True,
        help_text=_("Hvor et innspill utenfor prosessen ble sendt, f.eks. en annen enhet."),
    )
    # Each step of the input's journey keeps its own date (never read back from the audit log).
    approved_at = models.DateTimeField(_("godkjent"), null=True, blank=True)
    sorted_at = models.DateTimeField(_("sortert"), null=True, blank=True)
    assessed_at = models.DateTimeField(_("vurdert"), null=True, blank=True)
    moderation = models.CharField(
        _("moderering"), max_length=16, choices=Moderation.choices, default=Moderation.APPROVED
    )
    rejection_reason = models.TextField(
        _("begrunnelse for avvisning"),
        blank=True,
        help_text=_("Vises for innbyggeren som sendte innspillet, når det er avvist."),
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
        # Each of the workbench's filters with its ordering (newest first), so a page is read
        # off an index instead of sorting all of a process's inputs; counts of a large process
        # come from insights' stored figures, not from these.
        indexes = [
            models.Index(
                "process", F("received_at").desc(), F("id").desc(), name="input_process_recv_idx"
            ),
            models.Index(
                "process",
                "status",
                F("received_at").desc(),
                F("id").desc(),
                name="input_process_status_idx",
            ),
            models.Index(
                "process",
                "responsibility",
                F("received_at").desc(),
                F("id").desc(),
                name="input_process_resp_idx",
            ),
            models.Index(
                "process",
                "moderation",
                F("received_at").desc(),
                F("id").desc(),
                name="input_process_moderation_idx",
            ),
            models.Index(
                "activity", F("received_at").desc(), F("id").desc(), name="input_activity_recv_idx"
            ),
            # The input form's suggestions: places already named in a process.
            models.Index(
                fields=["process", "place_name"],
                name="input_place_name_idx",
                condition=~Q(place_name="") & Q(moderation="approved"),
            ),
        ]
        constraints = [
            # "rejected" is Moderation.REJECTED, which Meta cannot see.
            models.CheckConstraint(
                condition=Q(moderation="rejected") | Q(rejection_reason=""),
                name="input_reason_only_when_rejected",
            ),
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
                condition=~Q(assessment_outcome="not_used") | ~Q(assessment=""),
                name="input_not_used_has_reason",
                violation_error_message=_("Skriv hvorfor innspillet ikke ble brukt."),
            ),
            models.CheckConstraint(
                condition=~Q(assessment_outcome="out_of_scope") | ~Q(referred_to=""),
                name="input_out_of_scope_has_referral",
                violation_error_message=_("Skriv hvor innspillet ble sendt videre."),
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

    @cached_property
    def focus_area_keys(self) -> frozenset[str]:
        """The keys of the input's focus areas, read once (the workbench asks for each
        focus area of each row)."""
        return frozenset(area.key for area in self.focus_areas.all())
