from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InputsConfig(AppConfig):
    name = "sammen.inputs"
    verbose_name = _("Innspill")
