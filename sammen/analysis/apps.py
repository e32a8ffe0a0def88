from django.apps import AppConfig
from django.conf import settings
from django.core import checks
from django.utils.translation import gettext_lazy as _


def check_embedder(app_configs, **kwargs):
    from .embedders import BACKENDS

    if settings.SAMMEN_EMBEDDER in BACKENDS:
        return []
    return [
        checks.Error(
            f"SAMMEN_EMBEDDER={settings.SAMMEN_EMBEDDER!r} is not an embedder.",
            hint=f"Choose one of {', '.join(BACKENDS)}.",
            id="analysis.E001",
        )
    ]


class AnalysisConfig(AppConfig):
    name = "sammen.analysis"
    verbose_name = _("Tekstanalyse")

    def ready(self):
        from . import receivers  # noqa: F401

        checks.register(check_embedder)
