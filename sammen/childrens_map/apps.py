from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChildrensMapConfig(AppConfig):
    name = "sammen.childrens_map"
    verbose_name = _("Barnetråkk")

    def ready(self):
        from . import receivers  # noqa: F401  (connects the domain-signal receivers)
