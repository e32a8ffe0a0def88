"""The licences an organisation may publish its open data under. NLOD 2.0 is the Norwegian
government's own licence and what most Norwegian municipalities use, so it is the default."""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class LicenceKey(models.TextChoices):
    NLOD_2_0 = "NLOD-2.0", _("Norsk lisens for offentlige data (NLOD) 2.0")
    CC_BY_4_0 = "CC-BY-4.0", _("Creative Commons Navngivelse 4.0 (CC BY 4.0)")
    CC0_1_0 = "CC0-1.0", _("Creative Commons Zero 1.0 (CC0, ingen rettigheter forbeholdt)")


DEFAULT_LICENCE = LicenceKey.NLOD_2_0


@dataclass(frozen=True)
class Licence:
    key: str  # the SPDX identifier
    name: str
    url: str

    def as_dict(self) -> dict:
        return {"id": self.key, "name": self.name, "url": self.url}


URLS = {
    LicenceKey.NLOD_2_0: "https://data.norge.no/nlod/no/2.0",
    LicenceKey.CC_BY_4_0: "https://creativecommons.org/licenses/by/4.0/",
    LicenceKey.CC0_1_0: "https://creativecommons.org/publicdomain/zero/1.0/",
}


def licence(key: str) -> Licence:
    """The licence with this SPDX key, its name in the active language."""
    choice = LicenceKey(key)
    return Licence(choice.value, str(choice.label), URLS[choice])
