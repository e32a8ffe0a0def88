from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sammen.engagement.models import Activity, Method
from sammen.inputs.models import Input
from sammen.processes.models import FocusArea, Process


class AgeBand(models.TextChoices):
    """Coarse age bands, as DESIGN.md asks of demographic questions."""

    UNDER_18 = "under_18", _("Under 18 år")
    FROM_18 = "18_29", _("18–29 år")
    FROM_30 = "30_49", _("30–49 år")
    FROM_50 = "50_66", _("50–66 år")
    FROM_67 = "67_plus", _("67 år eller eldre")


class Invitation(models.Model):
    """An invitation to a resident to host a gjestebud, and the host's report of it.

    The host reaches it through a private link; only a hash of the link's token is stored.
    The host's name and e-mail are personal data and live here only, until they are purged.
    """

    class Status(models.TextChoices):
        INVITED = "invited", _("Invitert")
        DRAFT = "draft", _("Utkast hos verten")
        SUBMITTED = "submitted", _("Sendt inn")
        RETURNED = "returned", _("Sendt tilbake til verten")
        ACCEPTED = "accepted", _("Godkjent")

    class EmailStatus(models.TextChoices):
        """The e-mail with the link, which a task sends after the page has answered."""

        NOT_ASKED = "", _("Ikke bestilt")
        QUEUED = "queued", _("Venter på å bli sendt")
        SENT = "sent", _("Sendt")
        FAILED = "failed", _("Kunne ikke sendes")

    process = models.ForeignKey(
        Process, verbose_name=_("prosess"), on_delete=models.CASCADE, related_name="+"
    )
    method = models.ForeignKey(
        Method, verbose_name=_("metode"), on_delete=models.PROTECT, related_name="invitations"
    )
    host_name = models.CharField(_("vertens navn"), max_length=200, blank=True)
    host_email = models.EmailField(_("vertens e-post"), blank=True)
    token_hash = models.CharField(_("lenkens fingeravtrykk"), max_length=64, unique=True)
    email_status = models.CharField(
        _("e-post til verten"),
        max_length=8,
        choices=EmailStatus.choices,
        default=EmailStatus.NOT_ASKED,
        blank=True,
    )
    questions = models.JSONField(_("spørsmål"), default=list, blank=True)
    expires_on = models.DateField(_("lenken virker til og med"))
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.INVITED
    )
    held_on = models.DateField(_("dato for gjestebudet"), null=True, blank=True)
    guests = models.PositiveIntegerField(
        _("antall gjester"), null=True, blank=True, help_text=_("Verten er ikke medregnet.")
    )
    age_bands = models.JSONField(_("gjester per aldersgruppe"), default=dict, blank=True)
    answers = models.JSONField(_("svar"), default=list, blank=True)
    review_note = models.TextField(_("beskjed til verten"), blank=True)
    activity = models.OneToOneField(
        Activity,
        verbose_name=_("aktivitet"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="gjestebud_invitation",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("opprettet av"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("opprettet"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("sendt inn"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("godkjent"), null=True, blank=True)
    personal_data_purged_at = models.DateTimeField(
        _("personopplysninger slettet"), null=True, blank=True
    )
    report_withdrawn_at = models.DateTimeField(
        _("innspillene trukket av verten"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("gjestebud-invitasjon")
        verbose_name_plural = _("gjestebud-invitasjoner")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(guests__isnull=True) | Q(guests__gte=1),
                name="gjestebud_guests_positive",
                violation_error_message=_("Et gjestebud må ha minst én gjest."),
            ),
            models.CheckConstraint(
                condition=~Q(status="accepted") | Q(activity__isnull=False),
                name="gjestebud_accepted_has_activity",
            ),
        ]

    def __str__(self):
        # Never the host's name: this text goes into the audit log, which is kept for good.
        return _("Gjestebud-invitasjon %(id)s") % {"id": self.pk}


class GuestInput(models.Model):
    """One input from the guests, as the host wrote it down."""

    invitation = models.ForeignKey(
        Invitation, verbose_name=_("invitasjon"), on_delete=models.CASCADE, related_name="inputs"
    )
    order = models.PositiveSmallIntegerField(_("rekkefølge"))
    text = models.TextField(_("innspill"))
    focus_area = models.ForeignKey(
        FocusArea,
        verbose_name=_("innsatsområde"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    input = models.OneToOneField(
        Input,
        verbose_name=_("registrert innspill"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("innspill fra gjestebud")
        verbose_name_plural = _("innspill fra gjestebud")
        ordering = ["invitation", "order"]
        constraints = [
            models.UniqueConstraint(fields=["invitation", "order"], name="guestinput_order_unique"),
            models.CheckConstraint(
                condition=~Q(text=""),
                name="guestinput_text_not_empty",
                violation_error_message=_("Innspillet kan ikke være tomt."),
            ),
        ]

    def __str__(self):
        return self.text[:60]
