"""Checking and cleaning uploads moved to sammen.core.uploads, where an organisation's logo
(accounts) can use it too; the names stay importable from here."""

from sammen.core.uploads import CleanFile, check_upload, clean_upload, max_upload_bytes, sniff

__all__ = ["CleanFile", "check_upload", "clean_upload", "max_upload_bytes", "sniff"]
