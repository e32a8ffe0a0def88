"""The roadmap (veikart): goals under focus areas, strategies under goals, actions under
strategies; the inputs behind each action; and the roadmap workshop's ballots.

Who acts on an action uses the same three-way split as inputs (`inputs.Responsibility`), so the
seed's «Fordelingen?» counts actions and inputs on one scale.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sammen.engagement.models import Activity
from sammen.inputs.models import Input, Responsibility
from sammen.processes.models import FocusArea, Process


class Roadmap(models.Model):
    """What is said about a process's roadmap as a whole: whether it is illustrative (the
    demo's is) and a note shown above it wherever it is shown."""

    process = models.OneToOneField(
        Process, verbose_name=_("prosess"), on_delete=models.CASCADE, related_name="roadmap"
    )
    is_illustrative = models.BooleanField(
        _("illustrerende"),
        default=False,
        help_text=_("Veikartet er et eksempel, ikke det kommunen har vedtatt."),
    )
    note = models.TextField(_("merknad"), blank=True)

    class Meta:
        verbose_name = _("veikart")
        verbose_name_plural = _("veikart")

    def __str__(self):
        return str(self.process)


class Goal(models.Model):
    process = models.ForeignKey(
        Process, verbose_name=_("prosess"), on_delete=models.CASCADE, related_name="goals"
    )
    focus_area = models.ForeignKey(
        FocusArea, verbose_name=_("innsatsområde"), on_delete=models.PROTECT, related_name="goals"
    )
    order = models.PositiveSmallIntegerField(_("rekkefølge"), default=0)
    title = models.CharField(_("mål"), max_length=300)
    description = models.TextField(_("beskrivelse"), blank=True)

    class Meta:
        verbose_name = _("mål")
        verbose_name_plural = _("mål")
        ordering = ["focus_area__order", "order", "id"]

    def __str__(self):
        return self.title


class Strategy(models.Model):
    goal = models.ForeignKey(
        Goal, verbose_name=_("mål"), on_delete=models.CASCADE, related_name="strategies"
    )
    order = models.PositiveSmallIntegerField(_("rekkefølge"), default=0)
    title = models.CharField(_("strategi"), max_length=300)
    description = models.TextField(_("beskrivelse"), blank=True)

    class Meta:
        verbose_name = _("strategi")
        verbose_name_plural = _("strategier")
        ordering = ["order", "id"]

    def __str__(self):
        return self.title


class Actor(models.Model):
    """Someone named as carrying out actions: a municipal unit, an association, a business,
    the residents. Kept per process so the same actor is written the same way everywhere."""

    class Kind(models.TextChoices):
        MUNICIPAL_UNIT = "municipal_unit", _("Kommunal enhet")
        ASSOCIATION = "association", _("Lag eller forening")
        BUSINESS = "business", _("Næringsliv")
        RESIDENTS = "residents", _("Innbyggere")
        OTHER = "other", _("Annen aktør")

    process = models.ForeignKey(
        Process, verbose_name=_("prosess"), on_delete=models.CASCADE, related_name="actors"
    )
    name = models.CharField(_("navn"), max_length=200)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices, default=Kind.OTHER)

    class Meta:
        verbose_name = _("aktør")
        verbose_name_plural = _("aktører")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["process", "name"], name="actor_name_unique"),
        ]

    def __str__(self):
        return self.name


class Action(models.Model):
    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Foreslått")
        PLANNED = "planned", _("Planlagt")
        IN_PROGRESS = "in_progress", _("Pågår")
        DONE = "done", _("Gjennomført")
        DROPPED = "dropped", _("Droppet")

    strategy = models.ForeignKey(
        Strategy, verbose_name=_("strategi"), on_delete=models.PROTECT, related_name="actions"
    )
    order = models.PositiveSmallIntegerField(_("rekkefølge"), default=0)
    title = models.CharField(_("tiltak"), max_length=300)
    description = models.TextField(_("beskrivelse"), blank=True)
    desired_effect = models.TextField(_("ønsket effekt"), blank=True)
    responsibility = models.CharField(_("ansvar"), max_length=16, choices=Responsibility.choices)
    actors = models.ManyToManyField(
        Actor, verbose_name=_("aktører"), blank=True, related_name="actions"
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PROPOSED
    )
    dropped_reason = models.TextField(_("hvorfor det ble droppet"), blank=True)
    starts_on = models.DateField(_("fra"), null=True, blank=True)
    ends_on = models.DateField(_("til"), null=True, blank=True)
    completion = models.PositiveSmallIntegerField(_("fullført (prosent)"), default=0)
    inputs = models.ManyToManyField(
        Input,
        verbose_name=_("innspill"),
        through="ActionInput",
        blank=True,
        related_name="actions",
    )
    created_at = models.DateTimeField(_("opprettet"), default=timezone.now)
    status_changed_at = models.DateTimeField(_("status endret"), null=True, blank=True)

    class Meta:
        verbose_name = _("tiltak")
        verbose_name_plural = _("tiltak")
        ordering = ["order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(responsibility=""),
                name="action_has_responsibility",
                violation_error_message=_("Velg hvem som har ansvaret for tiltaket."),
            ),
            models.CheckConstraint(
                condition=Q(completion__lte=100),
                name="action_completion_at_most_100",
                violation_error_message=_("Fullført kan være høyst 100 prosent."),
            ),
            models.CheckConstraint(
                condition=~Q(status="dropped") | ~Q(dropped_reason=""),
                name="action_dropped_has_reason",
                violation_error_message=_("Skriv hvorfor tiltaket ble droppet."),
            ),
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True)
                | Q(ends_on__isnull=True)
                | Q(ends_on__gte=models.F("starts_on")),
                name="action_ends_after_start",
                violation_error_message=_("Tiltaket kan ikke slutte før det starter."),
            ),
        ]

    def __str__(self):
        return self.title


class ActionUpdate(models.Model):
    """A dated progress report on an action, shown in public and on the inputs' journeys."""

    action = models.ForeignKey(
        Action, verbose_name=_("tiltak"), on_delete=models.CASCADE, related_name="updates"
    )
    date = models.DateField(_("dato"))
    text = models.TextField(_("oppdatering"))
    status = models.CharField(_("status"), max_length=16, choices=Action.Status.choices, blank=True)
    completion = models.PositiveSmallIntegerField(_("fullført (prosent)"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("skrevet av"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("registrert"), default=timezone.now)

    class Meta:
        verbose_name = _("oppdatering")
        verbose_name_plural = _("oppdateringer")
        ordering = ["-date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(completion__isnull=True) | Q(completion__lte=100),
                name="action_update_completion_at_most_100",
                violation_error_message=_("Fullført kan være høyst 100 prosent."),
            ),
        ]

    def __str__(self):
        return f"{self.action} ({self.date})"


class ActionInput(models.Model):
    """An input that an action answers, with an optional note on how."""

    action = models.ForeignKey(
        Action, verbose_name=_("tiltak"), on_delete=models.CASCADE, related_name="input_links"
    )
    input = models.ForeignKey(
        Input, verbose_name=_("innspill"), on_delete=models.CASCADE, related_name="action_links"
    )
    note = models.CharField(_("merknad"), max_length=500, blank=True)
    linked_at = models.DateTimeField(_("koblet"), default=timezone.now)
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("koblet av"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("kobling mellom tiltak og innspill")
        verbose_name_plural = _("koblinger mellom tiltak og innspill")
        constraints = [
            models.UniqueConstraint(fields=["action", "input"], name="action_input_unique"),
        ]
        indexes = [models.Index(fields=["input", "action"], name="action_input_by_input_idx")]

    def __str__(self):
        return f"{self.action_id} ← {self.input_id}"


class Workshop(models.Model):
    """The roadmap workshop (veikartverksted): participants spread a fixed number of points
    over the proposed actions. Kept with its activity, which counts its participants."""

    activity = models.OneToOneField(
        Activity, verbose_name=_("aktivitet"), on_delete=models.PROTECT, related_name="workshop"
    )
    points_per_ballot = models.PositiveSmallIntegerField(_("poeng per deltaker"), default=10)
    is_open = models.BooleanField(_("åpen for stemmer på nett"), default=False)
    # An open workshop can take a ballot from anyone with the link, one per browser, or only
    # from holders of a ballot code handed out in the room.
    requires_code = models.BooleanField(_("krever stemmekode"), default=True)

    class Meta:
        verbose_name = _("veikartverksted")
        verbose_name_plural = _("veikartverksteder")
        constraints = [
            models.CheckConstraint(
                condition=Q(points_per_ballot__gte=1),
                name="workshop_points_positive",
            ),
        ]

    def __str__(self):
        return str(self.activity)


class BallotCode(models.Model):
    workshop = models.ForeignKey(
        Workshop, verbose_name=_("verksted"), on_delete=models.CASCADE, related_name="codes"
    )
    code = models.CharField(_("stemmekode"), max_length=16, unique=True)
    created_at = models.DateTimeField(_("laget"), default=timezone.now)

    class Meta:
        verbose_name = _("stemmekode")
        verbose_name_plural = _("stemmekoder")

    def __str__(self):
        return self.code


class Ballot(models.Model):
    class Channel(models.TextChoices):
        ONLINE = "online", _("På nett")
        PAPER = "paper", _("Papirskjema")

    workshop = models.ForeignKey(
        Workshop, verbose_name=_("verksted"), on_delete=models.CASCADE, related_name="ballots"
    )
    channel = models.CharField(_("kanal"), max_length=8, choices=Channel.choices)
    # One ballot per code, and one per browser (a hash of a random token in a cookie) when the
    # workshop takes ballots without codes. Neither says who voted.
    code = models.OneToOneField(
        BallotCode,
        verbose_name=_("stemmekode"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="ballot",
    )
    browser_token_hash = models.CharField(  # noqa: DJ001 - NULL lets the unique skip it
        max_length=64, null=True, blank=True, editable=False
    )
    sheet_number = models.CharField(_("skjemanummer"), max_length=32, blank=True)
    created_at = models.DateTimeField(_("levert"), default=timezone.now)

    class Meta:
        verbose_name = _("stemmeseddel")
        verbose_name_plural = _("stemmesedler")
        constraints = [
            models.UniqueConstraint(
                fields=["workshop", "browser_token_hash"],
                condition=Q(browser_token_hash__isnull=False),
                name="ballot_one_per_browser",
            ),
            models.UniqueConstraint(
                fields=["workshop", "sheet_number"],
                condition=~Q(sheet_number=""),
                name="ballot_sheet_number_unique",
            ),
        ]

    def __str__(self):
        return f"{self.workshop} #{self.pk}"


class BallotPoints(models.Model):
    ballot = models.ForeignKey(
        Ballot, verbose_name=_("stemmeseddel"), on_delete=models.CASCADE, related_name="points"
    )
    action = models.ForeignKey(
        Action, verbose_name=_("tiltak"), on_delete=models.CASCADE, related_name="ballot_points"
    )
    points = models.PositiveSmallIntegerField(_("poeng"))

    class Meta:
        verbose_name = _("poeng")
        verbose_name_plural = _("poeng")
        constraints = [
            models.UniqueConstraint(fields=["ballot", "action"], name="ballot_points_unique"),
            models.CheckConstraint(condition=Q(points__gte=1), name="ballot_points_positive"),
        ]

    def __str__(self):
        return f"{self.points} → {self.action_id}"
