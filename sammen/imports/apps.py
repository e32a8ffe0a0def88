from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportsConfig(AppConfig):
    name = "sammen.imports"
    verbose_name = _("Import")

    def ready(self):
        from . import receivers  # noqa: F401  (connects the domain-signal receivers)
