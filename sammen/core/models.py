from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    """Who did what to which object, and what changed. Written by every service."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("utført av"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Tom når systemet selv gjorde endringen, for eksempel ved innlasting."),
    )
    verb = models.CharField(_("handling"), max_length=64, db_index=True)
    content_type = models.ForeignKey(
        ContentType, verbose_name=_("objekttype"), on_delete=models.PROTECT, related_name="+"
    )
    object_id = models.CharField(_("objekt-id"), max_length=64)
    object_repr = models.CharField(_("objekt"), max_length=200)
    changes = models.JSONField(_("endringer"), default=dict, blank=True, encoder=DjangoJSONEncoder)
    created_at = models.DateTimeField(_("tidspunkt"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("logghendelse")
        verbose_name_plural = _("logg")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="audit_object_idx")]

    def __str__(self):
        return f"{self.verb} {self.object_repr}"
