from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnalysisConfig(AppConfig):
    name = "sammen.analysis"
    verbose_name = _("Tekstanalyse")

    def ready(self):
        from . import receivers  # noqa: F401
