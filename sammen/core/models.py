from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .verbs import verb_choices


class CurrentTransactionId(models.Func):
    """The writing transaction's 64-bit id (PostgreSQL's xid8), as a column's default; NULL on
    SQLite, whose writers take turns. Lets a reader ask whether a row was visible in an
    earlier snapshot (pg_visible_in_snapshot), which its number alone cannot tell: numbers
    are drawn when rows are written, and transactions commit in another order."""

    output_field = models.BigIntegerField()

    def as_sql(self, compiler, connection, **extra_context):
        return "NULL", []

    def as_postgresql(self, compiler, connection, **extra_context):
        return "(pg_current_xact_id()::text::bigint)", []


class AuditEntry(models.Model):
    """Who did what to which object, and what changed. Written by every service.

    The log records; it is not where state lives. What an entry says about other entries
    (the bulk action it was part of, the change it undoes) and what it belongs under (an
    input's process, an attachment's activity) are columns, indexed, so nobody reads them out
    of `changes`; `changes` is for people to read."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("utført av"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Tom når systemet selv gjorde endringen, for eksempel ved innlasting."),
    )
    verb = models.CharField(_("handling"), max_length=64, choices=verb_choices, db_index=True)
    content_type = models.ForeignKey(
        ContentType, verbose_name=_("objekttype"), on_delete=models.PROTECT, related_name="+"
    )
    object_id = models.CharField(_("objekt-id"), max_length=64)
    object_repr = models.CharField(_("objekt"), max_length=200)
    scope_type = models.ForeignKey(
        ContentType,
        verbose_name=_("hører til (objekttype)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    scope_id = models.CharField(
        _("hører til (objekt-id)"),
        max_length=64,
        blank=True,
        help_text=_(
            "Det objektet endringen hører inn under, for eksempel innspillets prosess eller "
            "vedleggets aktivitet, så historikken deres kan leses uten å lete i endringene."
        ),
    )
    batch = models.UUIDField(
        _("samlet handling"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_("Felles for alle endringene som ble gjort i én massehandling."),
    )
    undoes = models.OneToOneField(
        "self",
        verbose_name=_("angrer"),
        null=True,
        blank=True,
        # An entry goes only together with the undo that points to it.
        on_delete=models.RESTRICT,
        related_name="undone_by",
    )
    changes = models.JSONField(_("endringer"), default=dict, blank=True, encoder=DjangoJSONEncoder)
    created_at = models.DateTimeField(_("tidspunkt"), default=timezone.now, db_index=True)
    # Which transaction wrote the entry (PostgreSQL): stored files of open data are stale when
    # an entry they could not see exists (sammen.opendata.selectors.unchanged_mark).
    written_by = models.BigIntegerField(
        _("skrevet av transaksjon"),
        null=True,
        blank=True,
        editable=False,
        db_default=CurrentTransactionId(),
    )

    class Meta:
        verbose_name = _("logghendelse")
        verbose_name_plural = _("logg")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["content_type", "object_id"], name="audit_object_idx"),
            # The workbench's history: the latest entries of one process's inputs.
            models.Index(fields=["scope_type", "scope_id", "id"], name="audit_scope_idx"),
            # Entries written since a snapshot's oldest open transaction (open data's marks).
            models.Index(fields=["written_by"], name="audit_written_by_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(scope_type__isnull=True, scope_id="")
                | Q(scope_type__isnull=False) & ~Q(scope_id=""),
                name="audit_scope_complete",
            ),
        ]

    def __str__(self):
        return f"{self.verb} {self.object_repr}"


class SingleUseLink(models.Model):
    """A link e-mailed to a person so they can prove they hold the address (to see or delete
    their personal data). Only a hash of the link's secret is stored; the link works once,
    and not after `expires_at`."""

    purpose = models.CharField(_("formål"), max_length=64)
    subject = models.CharField(
        _("gjelder"),
        max_length=64,
        help_text=_("Hva lenken åpner: en kvitteringskode eller en invitasjons id."),
    )
    secret_hash = models.CharField(_("lenkens fingeravtrykk"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("laget"), default=timezone.now)
    expires_at = models.DateTimeField(_("virker til"))
    used_at = models.DateTimeField(_("brukt"), null=True, blank=True)

    class Meta:
        verbose_name = _("engangslenke")
        verbose_name_plural = _("engangslenker")
        indexes = [models.Index(fields=["purpose", "subject"], name="singleuselink_subject_idx")]

    def __str__(self):
        return _("Engangslenke %(id)s") % {"id": self.pk}


class TaskWorker(models.Model):
    """A running task worker (`manage.py worker`) and its lease: the worker renews
    `renewed_at` every few seconds while it lives. A task still marked as running by a worker
    whose lease has run out (killed, its machine lost power) is put back in the queue or
    failed by `sammen.core.tasks_runtime.reap_lost_tasks`."""

    worker_id = models.CharField(_("arbeider-id"), max_length=64, unique=True)
    hostname = models.CharField(_("maskin"), max_length=255, blank=True)
    pid = models.PositiveIntegerField(_("prosess-id"), default=0)
    started_at = models.DateTimeField(_("startet"), default=timezone.now)
    renewed_at = models.DateTimeField(_("sist i live"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("bakgrunnsarbeider")
        verbose_name_plural = _("bakgrunnsarbeidere")
        ordering = ["started_at"]

    def __str__(self):
        return self.worker_id


class RateCounter(models.Model):
    """One address's requests in one window of one rate limit, when the limits are counted in
    the database (SAMMEN_RATE_LIMIT_STORE=database, for several web processes without a
    shared cache): counted with one INSERT … ON CONFLICT … DO UPDATE … RETURNING inside the
    request's own transaction. Rows past `expires_at` are deleted by the daily purge."""

    key = models.CharField(_("nøkkel"), max_length=200, primary_key=True)
    hits = models.PositiveIntegerField(_("forespørsler"), default=0)
    expires_at = models.DateTimeField(_("utløper"), db_index=True)

    class Meta:
        verbose_name = _("teller for begrensning")
        verbose_name_plural = _("tellere for begrensning")

    def __str__(self):
        return self.key
