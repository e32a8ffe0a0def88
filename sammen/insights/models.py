from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sammen.processes.models import Process


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
