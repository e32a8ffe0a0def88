from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "sammen.accounts"
    verbose_name = _("Kontoer")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from . import receivers  # noqa: F401  (connects the domain-signal receivers)
        from .models import OrganisationMembership, ProcessMembership
        from .permissions import forget_cached_roles

        for model in (OrganisationMembership, ProcessMembership):
            post_save.connect(forget_cached_roles, sender=model, dispatch_uid=f"roles-{model}")
            post_delete.connect(forget_cached_roles, sender=model, dispatch_uid=f"roles-d-{model}")
