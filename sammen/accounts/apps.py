from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "sammen.accounts"
    verbose_name = _("Kontoer")

    def ready(self):
        from . import receivers  # noqa: F401  (connects the domain-signal receivers)
