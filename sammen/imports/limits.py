"""What an uploaded file may hold, and the error for one that cannot be imported. Each
limit is a setting, read from the environment in config/settings.py and listed in the
README; a file past one is refused with a message that names it, before anything is
stored."""

from dataclasses import dataclass

from django.conf import settings
from django.utils.formats import number_format
from django.utils.translation import gettext as _


class ImportFileError(ValueError):
    """The file cannot be read. The message says why, for the person who uploaded it."""


@dataclass(frozen=True)
class ImportLimits:
    # The file as uploaded.
    max_bytes: int
    # Rows of inputs (the header row not counted).
    max_rows: int
    # Columns of a sheet, counted to its last used column.
    max_columns: int
    # A sheet's rows times its columns: python-calamine holds that grid in memory. Also the
    # most shared strings an XLSX may have.
    max_cells: int
    # All members of an XLSX (a zip) together, inflated.
    max_uncompressed_bytes: int
    # Characters in one cell or CSV field.
    max_cell_chars: int


def import_limits() -> ImportLimits:
    return ImportLimits(
        max_bytes=settings.SAMMEN_IMPORT_MAX_BYTES,
        max_rows=settings.SAMMEN_IMPORT_MAX_ROWS,
        max_columns=settings.SAMMEN_IMPORT_MAX_COLUMNS,
        max_cells=settings.SAMMEN_IMPORT_MAX_CELLS,
        max_uncompressed_bytes=settings.SAMMEN_IMPORT_MAX_UNCOMPRESSED_MB * 1024 * 1024,
        max_cell_chars=settings.SAMMEN_IMPORT_MAX_CELL_CHARS,
    )


def count(value: int) -> str:
    """A number in a message, grouped as the language groups it (200 000 in Norwegian)."""
    return number_format(value, force_grouping=True)


def too_many_rows(limits: ImportLimits) -> ImportFileError:
    return ImportFileError(
        _("Filen har mer enn %(limit)s rader, og det er grensen. Del den opp og last opp delene.")
        % {"limit": count(limits.max_rows)}
    )
