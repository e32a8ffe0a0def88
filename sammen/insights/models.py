"""The population of a process's area, to set the participants against.

One table per process, not per organisation: Statistics Norway publishes its figures per
region, and a process's area (Borgen, one part of Asker) is often a part of the municipality, so
two processes of the same organisation need different tables; the process team, who may change
the process, keeps its table like the rest of its set-up. Reusing a municipality's figures for
another process is one more upload of the same file.
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sammen.processes.models import Process


class PopulationTable(models.Model):
    process = models.OneToOneField(
        Process,
        verbose_name=_("prosess"),
        on_delete=models.CASCADE,
        related_name="population_table",
    )
    region = models.CharField(_("område"), max_length=200)
    source = models.CharField(
        _("kilde"), max_length=300, help_text=_("For eksempel «SSB, tabell 07459 og 09817».")
    )
    year = models.PositiveSmallIntegerField(
        _("år"), validators=[MinValueValidator(1800), MaxValueValidator(2200)]
    )
    is_illustrative = models.BooleanField(
        _("illustrerende"),
        default=False,
        help_text=_("Tallene er et eksempel, ikke de virkelige tallene for området."),
    )
    note = models.TextField(
        _("merknad"), blank=True, help_text=_("Vises overalt der tallene brukes.")
    )
    updated_at = models.DateTimeField(_("sist endret"), default=timezone.now)

    class Meta:
        verbose_name = _("befolkningstabell")
        verbose_name_plural = _("befolkningstabeller")

    def __str__(self):
        return f"{self.region} {self.year}"


class PopulationRow(models.Model):
    class Dimension(models.TextChoices):
        AGE = "age", _("Alder")
        BACKGROUND = "background", _("Innvandringsbakgrunn")
        GENDER = "gender", _("Kjønn")

    table = models.ForeignKey(
        PopulationTable, verbose_name=_("tabell"), on_delete=models.CASCADE, related_name="rows"
    )
    dimension = models.CharField(_("inndeling"), max_length=16, choices=Dimension.choices)
    category = models.CharField(_("kategori"), max_length=100)
    count = models.PositiveIntegerField(_("antall"))
    # The order the file gave, so that age bands read from young to old.
    order = models.PositiveIntegerField(_("rekkefølge"), default=0)

    class Meta:
        verbose_name = _("befolkningstall")
        verbose_name_plural = _("befolkningstall")
        ordering = ["table", "dimension", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["table", "dimension", "category"], name="population_row_unique"
            ),
            models.CheckConstraint(condition=Q(count__gte=0), name="population_row_count"),
        ]

    def __str__(self):
        return f"{self.category}: {self.count}"


class ProcessFigures(models.Model):
    """A large process's counts (inputs per focus area, responsibility, activity, assessment
    coverage), computed by a task and read by the overview and the public page instead of
    counting a million inputs on every visit. A small process is counted live and has none.
    `data` holds numbers only; names and labels are read when the page is drawn, in the
    reader's language."""

    process = models.OneToOneField(
        Process, verbose_name=_("prosess"), on_delete=models.CASCADE, related_name="figures"
    )
    data = models.JSONField(_("tall"), default=dict)
    computed_at = models.DateTimeField(_("beregnet"), default=timezone.now)
    refresh_queued_at = models.DateTimeField(_("ny beregning bestilt"), null=True, blank=True)

    class Meta:
        verbose_name = _("beregnede tall")
        verbose_name_plural = _("beregnede tall")

    def __str__(self):
        return _("Tall for %(process)s") % {"process": self.process_id}
