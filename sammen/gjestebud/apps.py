from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GjestebudConfig(AppConfig):
    name = "sammen.gjestebud"
    verbose_name = _("Gjestebud")

    def ready(self):
        from . import receivers  # noqa: F401  (connects the domain-signal receivers)
