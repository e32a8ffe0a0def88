from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpendataConfig(AppConfig):
    name = "sammen.opendata"
    verbose_name = _("Åpne data")

    def ready(self):
        from . import receivers  # noqa: F401  (connects the receivers)
