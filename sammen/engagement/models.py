import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sammen.processes.models import Phase, Process, TargetGroup

from .method_kinds import MethodKind


class Method(models.Model):
    """A method in a process's participation plan, such as "Nærmiljøkonferanser".

    The plan names its methods; each is held as one or more activities.
    """

    process = models.ForeignKey(
        Process, verbose_name=_("prosess"), on_delete=models.CASCADE, related_name="methods"
    )
    order = models.PositiveSmallIntegerField(_("rekkefølge"))
    kind = models.CharField(_("metodetype"), max_length=32, choices=MethodKind.choices)
    title = models.CharField(_("navn"), max_length=200)
    description = models.TextField(_("beskrivelse"), blank=True)

    class Meta:
        verbose_name = _("metode")
        verbose_name_plural = _("metoder")
        ordering = ["process", "order"]
        constraints = [
            models.UniqueConstraint(fields=["process", "order"], name="method_order_unique"),
            models.UniqueConstraint(fields=["process", "title"], name="method_title_unique"),
        ]

    def __str__(self):
        return self.title


class Activity(models.Model):
    """One occasion where people took part: a conference, a dinner, a Facebook debate."""

    method = models.ForeignKey(
        Method, verbose_name=_("metode"), on_delete=models.PROTECT, related_name="activities"
    )
    title = models.CharField(_("tittel"), max_length=200)
    starts_on = models.DateField(_("dato"), null=True, blank=True)
    ends_on = models.DateField(_("til og med"), null=True, blank=True)
    place = models.CharField(_("sted"), max_length=200, blank=True)
    organiser = models.CharField(_("arrangør eller vert"), max_length=200, blank=True)
    participants_low = models.PositiveIntegerField(
        _("deltakere (fra)"),
        null=True,
        blank=True,
        help_text=_("Et eksakt tall skrives i begge feltene, eller bare her."),
    )
    participants_high = models.PositiveIntegerField(_("deltakere (til)"), null=True, blank=True)
    participants_estimated = models.BooleanField(
        _("anslått"),
        default=False,
        help_text=_(
            "Kryss av når tallet er et anslag og ikke en telling. Anslag regnes bare med i "
            "det øvre totaltallet."
        ),
    )
    uncounted_note = models.CharField(
        _("deltok i tillegg, ikke telt"),
        max_length=300,
        blank=True,
        help_text=_("For eksempel «rådmannen med ledergruppen»."),
    )
    reach = models.PositiveIntegerField(
        _("rekkevidde"),
        null=True,
        blank=True,
        help_text=_("Liker-klikk, visninger o.l. Regnes aldri som deltakere."),
    )
    reach_note = models.CharField(_("hva rekkevidden måler"), max_length=200, blank=True)
    target_groups = models.ManyToManyField(
        TargetGroup, verbose_name=_("målgrupper"), blank=True, related_name="activities"
    )
    organisations_present = models.TextField(
        _("organisasjoner til stede"),
        blank=True,
        help_text=_("Lag og foreninger, trossamfunn, næringsliv. Én per linje."),
    )
    report = models.TextField(_("referat"), blank=True)
    notes = models.TextField(_("notater"), blank=True)
    # Opt-in: a gjestebud's place and host are often a resident's home and name.
    is_public = models.BooleanField(
        _("vis på den offentlige siden"),
        default=False,
        help_text=_(
            "Kommende aktiviteter vises med dato, sted og arrangør under «Slik kan du delta» "
            "på prosessens side. La stå av for gjestebud i private hjem."
        ),
    )
    public_description = models.TextField(
        _("beskrivelse for publikum"),
        blank=True,
        help_text=_(
            "Hva skjer, hvem er det for, og må man melde seg på? Vises på prosessens side."
        ),
    )

    class Meta:
        verbose_name = _("aktivitet")
        verbose_name_plural = _("aktiviteter")
        ordering = ["method__order", "starts_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(participants_low__isnull=True, participants_high__isnull=True)
                | Q(participants_low__isnull=False, participants_high__isnull=False),
                name="activity_participants_both_or_neither",
                violation_error_message=_("Oppgi både fra- og til-tall, eller ingen av dem."),
            ),
            models.CheckConstraint(
                condition=Q(participants_low__isnull=True)
                | Q(participants_high__gte=F("participants_low")),
                name="activity_participants_range",
                violation_error_message=_(
                    "Det laveste deltakertallet kan ikke være større enn det høyeste."
                ),
            ),
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True)
                | Q(ends_on__isnull=True)
                | Q(ends_on__gte=F("starts_on")),
                name="activity_ends_after_start",
                violation_error_message=_("Aktiviteten kan ikke slutte før den starter."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("engagement:activity", args=[self.method.process.slug, self.pk])


def attachment_path(attachment: "ActivityAttachment", filename: str) -> str:
    # The stored name is random: the original name is kept apart, and guessing a path
    # gains nothing because files are served only through a view that checks permission.
    suffix = filename.rpartition(".")[2].lower()
    return f"aktiviteter/{attachment.activity_id}/{uuid.uuid4().hex}.{suffix}"


class ActivityAttachment(models.Model):
    """A photo of a flip-chart, a scanned form or a PDF from an activity."""

    activity = models.ForeignKey(
        Activity, verbose_name=_("aktivitet"), on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("fil"), upload_to=attachment_path, max_length=200)
    original_name = models.CharField(_("opprinnelig filnavn"), max_length=255)
    content_type = models.CharField(_("filtype"), max_length=100)
    size = models.PositiveBigIntegerField(_("størrelse i byte"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("lastet opp av"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("lastet opp"), default=timezone.now)
    caption = models.CharField(_("bildetekst"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("vedlegg")
        verbose_name_plural = _("vedlegg")
        ordering = ["activity", "uploaded_at", "id"]

    def __str__(self):
        return self.original_name

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


class ParticipationPlan(models.Model):
    """What is said about a process's participation plan (medvirkningsplan) as a whole:
    whether it is illustrative (the demo's is) and a note shown above it."""

    process = models.OneToOneField(
        Process,
        verbose_name=_("prosess"),
        on_delete=models.CASCADE,
        related_name="participation_plan",
    )
    is_illustrative = models.BooleanField(
        _("illustrerende"),
        default=False,
        help_text=_("Planen er et eksempel, ikke det kommunen faktisk planla."),
    )
    note = models.TextField(_("merknad"), blank=True)

    class Meta:
        verbose_name = _("medvirkningsplan")
        verbose_name_plural = _("medvirkningsplaner")

    def __str__(self):
        return str(self.process)


class PlannedActivity(models.Model):
    """One line of the participation plan: in which phase a method is to be used, for which
    target groups, when and where. What was held is recorded as Activity of the same method."""

    phase = models.ForeignKey(
        Phase,
        verbose_name=_("fase"),
        on_delete=models.CASCADE,
        related_name="planned_activities",
    )
    method = models.ForeignKey(
        Method,
        verbose_name=_("metode"),
        on_delete=models.PROTECT,
        related_name="planned_activities",
    )
    order = models.PositiveSmallIntegerField(_("rekkefølge"))
    title = models.CharField(_("hva"), max_length=200)
    target_groups = models.ManyToManyField(
        TargetGroup, verbose_name=_("målgrupper"), blank=True, related_name="planned_activities"
    )
    starts_on = models.DateField(_("fra"), null=True, blank=True)
    ends_on = models.DateField(_("til og med"), null=True, blank=True)
    place = models.CharField(_("sted"), max_length=200, blank=True)
    note = models.TextField(_("merknad"), blank=True)
    is_public = models.BooleanField(
        _("vis på den offentlige siden"),
        default=True,
        help_text=_("Kommende planlagte aktiviteter vises under «Slik kan du delta»."),
    )

    class Meta:
        verbose_name = _("planlagt aktivitet")
        verbose_name_plural = _("planlagte aktiviteter")
        ordering = ["phase__order", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["phase", "order"], name="planned_activity_order"),
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True)
                | Q(ends_on__isnull=True)
                | Q(ends_on__gte=F("starts_on")),
                name="planned_activity_ends_after_start",
                violation_error_message=_("Aktiviteten kan ikke slutte før den starter."),
            ),
        ]

    def __str__(self):
        return self.title
