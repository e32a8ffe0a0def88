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
