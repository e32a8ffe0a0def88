from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EngagementConfig(AppConfig):
    name = "sammen.engagement"
    verbose_name = _("Medvirkning")

    def ready(self):
        from . import receivers  # noqa: F401  (connects the domain-signal receivers)
