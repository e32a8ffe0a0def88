from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sammen.inputs.models import Input
from sammen.processes.models import Organisation, Process


class ApiToken(models.Model):
    """A key an integration (a kiosk, a chatbot, an SMS gateway, a case system) sends as
    `Authorization: Bearer <key>`. Only the key's SHA-256 is stored; the whole key is shown
    once, when it is made. A token reaches one process, or every process of one
    organisation, and reads or also writes there. It acts as the person who made it: each
    write is audited under them, and refused once they lose the right."""

    class Scope(models.TextChoices):
        READ = "read", _("Lese")
        WRITE = "write", _("Lese og skrive")

    name = models.CharField(_("navn"), max_length=100, help_text=_("Hva nøkkelen brukes til."))
    prefix = models.CharField(_("begynnelse"), max_length=16, db_index=True, editable=False)
    key_hash = models.CharField(_("sjekksum"), max_length=64, unique=True, editable=False)
    scope = models.CharField(_("tilgang"), max_length=8, choices=Scope.choices)
    process = models.ForeignKey(
        Process,
        verbose_name=_("prosess"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisasjon"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("laget av"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("laget"), auto_now_add=True)
    expires_at = models.DateTimeField(_("utløper"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("trukket tilbake"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("sist brukt"), null=True, blank=True)

    class Meta:
        verbose_name = _("API-nøkkel")
        verbose_name_plural = _("API-nøkler")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(process__isnull=False, organisation__isnull=True)
                | Q(process__isnull=True, organisation__isnull=False),
                name="apitoken_one_process_or_organisation",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"


class ApiWrite(models.Model):
    """An input made through the API with an `Idempotency-Key`: a retry with the same key and
    the same body gets the same input back, a retry with another body is refused. Only a
    checksum of the body is kept, never the body (it may hold a citizen's words)."""

    process = models.ForeignKey(
        Process, verbose_name=_("prosess"), on_delete=models.CASCADE, related_name="+"
    )
    idempotency_key = models.CharField(_("idempotensnøkkel"), max_length=200)
    body_hash = models.CharField(_("sjekksum av innholdet"), max_length=64)
    input = models.ForeignKey(
        Input, verbose_name=_("innspill"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    token = models.ForeignKey(
        ApiToken,
        verbose_name=_("API-nøkkel"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("mottatt"), auto_now_add=True)

    class Meta:
        verbose_name = _("API-skriving")
        verbose_name_plural = _("API-skrivinger")
        constraints = [
            models.UniqueConstraint(
                fields=["process", "idempotency_key"], name="apiwrite_key_unique"
            ),
        ]

    def __str__(self):
        return self.idempotency_key
