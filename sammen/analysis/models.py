from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sammen.inputs.models import Input
from sammen.processes.models import Process


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
