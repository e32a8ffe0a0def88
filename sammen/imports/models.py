from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sammen.core.files import import_path
from sammen.engagement.models import Activity
from sammen.inputs.models import Input
from sammen.processes.models import Process


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
        INTERRUPTED = "interrupted", _("Stoppet underveis, kan fortsettes")
        DONE = "done", _("Importert")
        FAILED = "failed", _("Feilet")
        CANCELLED = "cancelled", _("Avbrutt")

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
    stored_through = models.PositiveIntegerField(
        _("lagret til og med rad"),
        default=0,
        help_text=_(
            "Så mange av filens rader er ferdig behandlet og lagret; en import som ble "
            "stoppet, fortsetter etter dem."
        ),
    )
    run_token = models.UUIDField(
        _("kjøring"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Den kjøringen av importen som har lov til å lagre rader nå."),
    )
    created_at = models.DateTimeField(_("opprettet"), auto_now_add=True)
    finished_at = models.DateTimeField(_("ferdig"), null=True, blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("importer")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.original_name
