from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContributorsConfig(AppConfig):
    name = "sammen.contributors"
    verbose_name = _("Bidragsytere (personopplysninger)")

    def ready(self):
        from . import receivers  # noqa: F401  (connects the domain-signal receivers)
