from django.db import models
from django.utils.translation import gettext_lazy as _

from sammen.inputs.models import Input
from sammen.processes.models import FocusArea, Process


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
