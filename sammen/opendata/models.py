from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sammen.processes.models import Organisation

from .licences import DEFAULT_LICENCE, LicenceKey


class OpenDataLicence(models.Model):
    """The licence an organisation publishes its processes' open data under. An organisation
    without a row publishes under NLOD 2.0."""

    organisation = models.OneToOneField(
        Organisation,
        verbose_name=_("organisasjon"),
        on_delete=models.CASCADE,
        related_name="open_data_licence",
    )
    licence = models.CharField(
        _("lisens"), max_length=16, choices=LicenceKey.choices, default=DEFAULT_LICENCE
    )
    changed_at = models.DateTimeField(_("endret"), default=timezone.now)

    class Meta:
        verbose_name = _("lisens for åpne data")
        verbose_name_plural = _("lisenser for åpne data")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(licence__in=LicenceKey.values),
                name="opendata_licence_known",
            )
        ]

    def __str__(self):
        return _("Lisens for åpne data fra %(organisation)s") % {"organisation": self.organisation}


class OpenDataExport(models.Model):
    """A big open-data file made by a task (sammen/opendata/exports.py) and kept in the default
    storage, one per process, dataset, format, language and selection. It is served only while
    nothing that could change its rows has happened since it was made: `mark` is the latest
    audit entry when its task began reading (with its snapshot), and
    a later entry that is not filed under another process makes it stale (then it is made
    again, and the page says so meanwhile)."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("i kø")
        RUNNING = "running", _("lages")
        READY = "ready", _("klar")
        FAILED = "failed", _("feilet")

    process = models.ForeignKey(
        "processes.Process",
        verbose_name=_("prosess"),
        on_delete=models.CASCADE,
        related_name="open_data_exports",
    )
    dataset = models.CharField(_("datasett"), max_length=40)
    fmt = models.CharField(_("format"), max_length=10)
    language = models.CharField(_("språk"), max_length=10)
    # The compilation's filter as query parameters, sorted ("" for the whole dataset), and its
    # SHA-256, which is what is kept unique (two free texts of 200 letters are long).
    selection = models.TextField(_("utvalg"), blank=True)
    selection_hash = models.CharField(_("utvalgets sjekksum"), max_length=64)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    # Raised by every request for a new file: a task of an older generation stops and keeps
    # nothing.
    generation = models.PositiveIntegerField(_("generasjon"), default=0)
    mark = models.BigIntegerField(_("siste endring med"), default=0)
    # The snapshot the mark was read in (PostgreSQL; selectors.ChangeMark): entries numbered
    # below the mark but written by a transaction still open then were not in the file.
    snapshot = models.TextField(_("øyeblikksbilde ved merket"), blank=True)
    snapshot_reader = models.BigIntegerField(_("transaksjonen som leste merket"), null=True)
    rows_total = models.PositiveIntegerField(_("rader i alt"), default=0)
    rows_done = models.PositiveIntegerField(_("rader skrevet"), default=0)
    file = models.FileField(_("fil"), upload_to="opendata/", blank=True, max_length=300)
    requested_at = models.DateTimeField(_("bestilt"), default=timezone.now)
    finished_at = models.DateTimeField(_("ferdig"), null=True, blank=True)
    error = models.TextField(_("feil"), blank=True)

    class Meta:
        verbose_name = _("fil med åpne data")
        verbose_name_plural = _("filer med åpne data")
        constraints = [
            models.UniqueConstraint(
                fields=["process", "dataset", "fmt", "language", "selection_hash"],
                name="opendata_export_unique",
            )
        ]

    def __str__(self):
        return f"{self.process_id}/{self.dataset}.{self.fmt} ({self.language})"
