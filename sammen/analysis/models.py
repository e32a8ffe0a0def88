from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sammen.inputs.models import Input
from sammen.processes.models import FocusArea, Process


class DuplicateScan(models.Model):
    """One search for near-duplicate inputs in a process, run by the task worker."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("I kø")
        RUNNING = "running", _("Kjører")
        DONE = "done", _("Ferdig")
        FAILED = "failed", _("Feilet")

    process = models.ForeignKey(
        Process,
        verbose_name=_("prosess"),
        on_delete=models.CASCADE,
        related_name="duplicate_scans",
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.QUEUED
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("bestilt av"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("bestilt"), auto_now_add=True)
    finished_at = models.DateTimeField(_("ferdig"), null=True, blank=True)
    inputs_scanned = models.PositiveIntegerField(_("innspill sjekket"), default=0)
    groups_offered = models.PositiveIntegerField(_("grupper foreslått"), default=0)
    message = models.TextField(_("melding"), blank=True)

    class Meta:
        verbose_name = _("søk etter nesten like innspill")
        verbose_name_plural = _("søk etter nesten like innspill")
        indexes = [models.Index(fields=["process", "-id"], name="duplicatescan_process_idx")]

    def __str__(self):
        return _("Søk %(id)s etter nesten like innspill") % {"id": self.pk}


class NearDuplicateGroup(models.Model):
    """Inputs the machine found to be the same or nearly so, offered to staff to merge into
    one duplicate group (inputs.services.group_duplicates) or to dismiss."""

    class Status(models.TextChoices):
        OFFERED = "offered", _("Foreslått")
        MERGED = "merged", _("Slått sammen")
        DISMISSED = "dismissed", _("Avvist")

    process = models.ForeignKey(
        Process,
        verbose_name=_("prosess"),
        on_delete=models.CASCADE,
        related_name="near_duplicate_groups",
    )
    scan = models.ForeignKey(
        DuplicateScan,
        verbose_name=_("søk"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="groups",
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.OFFERED
    )
    # The lowest Jaccard similarity (of word-character shingles) among the pairs that joined
    # the group: 1.0 for copies, lower for paraphrases.
    similarity = models.FloatField(_("likhet"))
    # The members' ids, sorted and joined: a group staff dismissed is not offered again
    # unless its members change.
    member_key = models.CharField(_("medlemmer"), max_length=64, editable=False)
    members = models.ManyToManyField(
        Input, through="NearDuplicateMember", related_name="near_duplicate_groups"
    )
    created_at = models.DateTimeField(_("funnet"), auto_now_add=True)
    decided_at = models.DateTimeField(_("avgjort"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("avgjort av"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("gruppe av nesten like innspill")
        verbose_name_plural = _("grupper av nesten like innspill")
        indexes = [
            models.Index(fields=["process", "status"], name="nearduplicate_process_idx"),
            models.Index(fields=["process", "member_key"], name="nearduplicate_key_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(similarity__gte=0) & models.Q(similarity__lte=1),
                name="nearduplicate_similarity_range",
            )
        ]

    def __str__(self):
        return _("Gruppe %(id)s av nesten like innspill") % {"id": self.pk}


class NearDuplicateMember(models.Model):
    group = models.ForeignKey(
        NearDuplicateGroup, on_delete=models.CASCADE, related_name="memberships"
    )
    input = models.ForeignKey(Input, on_delete=models.CASCADE, related_name="+")
    # The member's highest similarity to another member of the group.
    similarity = models.FloatField(_("likhet"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["group", "input"], name="nearduplicate_member_unique")
        ]

    def __str__(self):
        return _("Innspill %(input)s i gruppe %(group)s") % {
            "input": self.input_id,
            "group": self.group_id,
        }


class InputEmbedding(models.Model):
    """An input's text as one embedder's vector: computed once, when the input arrives, and
    read by every training and scoring after (`embedders.py` says what the bytes hold)."""

    input = models.ForeignKey(
        Input, verbose_name=_("innspill"), on_delete=models.CASCADE, related_name="embeddings"
    )
    embedder = models.CharField(_("innbygging"), max_length=32)
    vector = models.BinaryField(_("vektor"))
    # The text's fingerprint when it was embedded: a corrected text is embedded again.
    text_hash = models.CharField(_("tekstens fingeravtrykk"), max_length=16)
    created_at = models.DateTimeField(_("laget"), auto_now_add=True)

    class Meta:
        verbose_name = _("innbygging av innspill")
        verbose_name_plural = _("innbygginger av innspill")
        constraints = [
            models.UniqueConstraint(fields=["input", "embedder"], name="embedding_input_unique")
        ]

    def __str__(self):
        return f"{self.embedder} #{self.input_id}"


class SuggestionKind(models.TextChoices):
    FOCUS_AREA = "focus_area", _("Innsatsområde")
    RESPONSIBILITY = "responsibility", _("Ansvar")


class Suggester(models.Model):
    """What the process's suggester learnt for one kind of sorting: the linear model that
    scores a new input at once, and its cross-validated quality on staff's own sorting."""

    class State(models.TextChoices):
        READY = "ready", _("Klar")
        NO_SORTED = "no_sorted", _("Ingen sorterte innspill ennå")
        TOO_FEW = "too_few", _("For få sorterte innspill")
        ONE_CLASS = "one_class", _("Bare ett alternativ er brukt")

    process = models.ForeignKey(
        Process, verbose_name=_("prosess"), on_delete=models.CASCADE, related_name="suggesters"
    )
    kind = models.CharField(_("slag"), max_length=16, choices=SuggestionKind.choices)
    state = models.CharField(_("tilstand"), max_length=16, choices=State.choices)
    embedder = models.CharField(_("innbygging"), max_length=32)
    # Cross-validated: of `evaluated` sorted inputs, `correct` got a right first suggestion.
    evaluated = models.PositiveIntegerField(_("vurdert"), default=0)
    correct = models.PositiveIntegerField(_("riktige"), default=0)
    sorted_count = models.PositiveIntegerField(_("sorterte innspill"), default=0)
    # Values (focus-area ids as text, or responsibilities) with a single sorted example.
    single_examples = models.JSONField(_("alternativer med ett eksempel"), default=list)
    # The linear model for new inputs: classes, centring mean, coefficients, intercepts.
    model = models.JSONField(_("modell"), null=True, blank=True)
    trained_at = models.DateTimeField(_("trent"), auto_now=True)

    class Meta:
        verbose_name = _("forslagsmodell")
        verbose_name_plural = _("forslagsmodeller")
        constraints = [
            models.UniqueConstraint(fields=["process", "kind"], name="suggester_process_kind")
        ]

    def __str__(self):
        return f"{self.process_id} {self.kind}"

    @property
    def quality(self) -> float | None:
        return self.correct / self.evaluated if self.evaluated else None


class Suggestion(models.Model):
    """The suggester's best guess for an input, with how sure it is."""

    input = models.ForeignKey(
        Input, verbose_name=_("innspill"), on_delete=models.CASCADE, related_name="suggestions"
    )
    kind = models.CharField(_("slag"), max_length=16, choices=SuggestionKind.choices)
    focus_area = models.ForeignKey(
        FocusArea,
        verbose_name=_("innsatsområde"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    responsibility = models.CharField(_("ansvar"), max_length=16, blank=True)
    confidence = models.FloatField(_("sikkerhet"))
    # 1 - (best - second best): near 1 where the suggester hesitates, the inputs whose sorting
    # teaches it most (uncertainty sampling).
    uncertainty = models.FloatField(_("usikkerhet"))
    created_at = models.DateTimeField(_("laget"), auto_now=True)

    class Meta:
        verbose_name = _("forslag")
        verbose_name_plural = _("forslag")
        constraints = [
            models.UniqueConstraint(fields=["input", "kind"], name="suggestion_input_kind")
        ]
        indexes = [models.Index(fields=["kind", "uncertainty"], name="suggestion_uncertainty")]

    def __str__(self):
        return f"{self.kind} #{self.input_id}"


class ProcessAnalysis(models.Model):
    """Book-keeping of a process's background analysis: one run waits at a time."""

    process = models.OneToOneField(
        Process, verbose_name=_("prosess"), on_delete=models.CASCADE, related_name="analysis"
    )
    queued = models.BooleanField(_("i kø"), default=False)
    ran_at = models.DateTimeField(_("kjørt"), null=True, blank=True)

    class Meta:
        verbose_name = _("analyse av prosess")
        verbose_name_plural = _("analyser av prosesser")

    def __str__(self):
        return str(self.process_id)


class Theme(models.Model):
    """A cluster of similar inputs within a focus area, named by its most telling words."""

    process = models.ForeignKey(
        Process, verbose_name=_("prosess"), on_delete=models.CASCADE, related_name="themes"
    )
    focus_area = models.ForeignKey(
        FocusArea, verbose_name=_("innsatsområde"), on_delete=models.CASCADE, related_name="themes"
    )
    order = models.PositiveIntegerField(_("rekkefølge"))
    terms = models.JSONField(_("kjennetegnende ord"), default=list)
    representative = models.ForeignKey(
        Input,
        verbose_name=_("typisk innspill"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    inputs = models.ManyToManyField(Input, verbose_name=_("innspill"), related_name="themes")

    class Meta:
        verbose_name = _("tema")
        verbose_name_plural = _("temaer")
        ordering = ["focus_area__order", "order"]

    def __str__(self):
        return ", ".join(self.terms[:3])

    @property
    def label(self) -> str:
        return ", ".join(self.terms[:4])
