from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class OidcIdentity(models.Model):
    """A staff account's login at an OpenID Connect provider: the provider's issuer and the
    person's stable subject (`sub`) there. Made at the first login matched by a verified e-mail
    address, or by an administrator (for providers matched by `sub` alone). Citizens' logins
    (ID-porten) are never stored here."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="oidc_identities",
        verbose_name=_("bruker"),
    )
    issuer = models.CharField(_("utsteder"), max_length=255)
    subject = models.CharField(_("subjekt (sub)"), max_length=255)
    created_at = models.DateTimeField(_("koblet"), auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "subject"], name="accounts_oidcidentity_unique_subject"
            )
        ]
        verbose_name = _("ekstern innlogging")
        verbose_name_plural = _("eksterne innlogginger")

    def __str__(self):
        return f"{self.user} ({self.issuer})"


class OrganisationMembership(models.Model):
    """A staff account belongs to an organisation (a municipality); its administrators manage
    the organisation's people and processes, and act as process managers in all of them."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="organisation_memberships",
        verbose_name=_("bruker"),
    )
    organisation = models.ForeignKey(
        "processes.Organisation",
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("organisasjon"),
    )
    is_admin = models.BooleanField(
        _("administrator"),
        default=False,
        help_text=_("Administratorer styrer organisasjonens folk og prosesser."),
    )
    created_at = models.DateTimeField(_("lagt til"), auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"], name="accounts_orgmembership_unique"
            )
        ]
        verbose_name = _("medlemskap i organisasjon")
        verbose_name_plural = _("medlemskap i organisasjoner")
        ordering = ["organisation", "user__username"]

    def __str__(self):
        return f"{self.user} – {self.organisation}"


class ProcessMembership(models.Model):
    """A staff account's role in one process: who may do what there."""

    class Role(models.TextChoices):
        MANAGER = "manager", _("Prosessleder")
        FACILITATOR = "facilitator", _("Fasilitator")
        MODERATOR = "moderator", _("Moderator")
        ANALYST = "analyst", _("Analytiker")
        READER = "reader", _("Leser")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="process_memberships",
        verbose_name=_("bruker"),
    )
    process = models.ForeignKey(
        "processes.Process",
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("prosess"),
    )
    role = models.CharField(_("rolle"), max_length=16, choices=Role.choices)
    created_at = models.DateTimeField(_("lagt til"), auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "process"], name="accounts_teammember_unique")
        ]
        verbose_name = _("medlem av prosessteam")
        verbose_name_plural = _("medlemmer av prosessteam")
        ordering = ["process", "user__username"]

    def __str__(self):
        return f"{self.user} – {self.process} ({self.get_role_display()})"
