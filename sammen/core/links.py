"""Single-use links e-mailed to a person to confirm that they hold an address: to see, download
or delete their personal data (contributors, gjestebud hosts).

The link carries a random nonce, signed with the site's secret key (so a tampered link is
refused before the database is asked). Only a hash of the nonce is stored, so a copy of the
database opens nothing. A link is used by a POST (a mail scanner that follows links uses
nothing up), works once, and not after it expires."""

import datetime
import hashlib
import secrets
from enum import StrEnum

from django.core import signing
from django.db import transaction
from django.utils import timezone

from .models import SingleUseLink

SALT = "sammen.core.single-use-link"


class LinkRefused(Exception):
    class Reason(StrEnum):
        INVALID = "invalid"
        EXPIRED = "expired"
        USED = "used"

    def __init__(self, reason: "LinkRefused.Reason"):
        super().__init__(reason)
        self.reason = reason


def _hash(nonce: str) -> str:
    return hashlib.sha256(nonce.encode("utf-8", "surrogatepass")).hexdigest()


def issue_link(
    *, purpose: str, subject: str, lifetime: datetime.timedelta
) -> tuple[SingleUseLink, str]:
    """Store a new link for `subject`; return it and its nonce. Hand the nonce to the e-mail
    task, which makes the link with `link_token`: the queue's table then holds no working
    link, since making one takes the site's secret key."""
    nonce = secrets.token_urlsafe(32)
    now = timezone.now()
    link = SingleUseLink.objects.create(
        purpose=purpose,
        subject=subject,
        secret_hash=_hash(nonce),
        created_at=now,
        expires_at=now + lifetime,
    )
    return link, nonce


def link_token(link: SingleUseLink, nonce: str) -> str | None:
    """The token for the link's address, or None when `nonce` is not this link's."""
    if _hash(nonce) != link.secret_hash:
        return None
    return signing.dumps([link.purpose, nonce], salt=SALT)


def links_issued_since(*, purpose: str, subject: str, since: datetime.datetime) -> int:
    return SingleUseLink.objects.filter(
        purpose=purpose, subject=subject, created_at__gte=since
    ).count()


def _find(token: str, purpose: str, *, lock: bool) -> SingleUseLink:
    if not token or len(token) > 300:
        raise LinkRefused(LinkRefused.Reason.INVALID)
    try:
        signed_purpose, nonce = signing.loads(token, salt=SALT)
    except (signing.BadSignature, ValueError, TypeError):
        raise LinkRefused(LinkRefused.Reason.INVALID) from None
    if signed_purpose != purpose or not isinstance(nonce, str):
        raise LinkRefused(LinkRefused.Reason.INVALID)
    links = SingleUseLink.objects.filter(purpose=purpose, secret_hash=_hash(nonce))
    link = (links.select_for_update() if lock else links).first()
    if link is None:
        raise LinkRefused(LinkRefused.Reason.INVALID)
    if link.used_at is not None:
        raise LinkRefused(LinkRefused.Reason.USED)
    if link.expires_at <= timezone.now():
        raise LinkRefused(LinkRefused.Reason.EXPIRED)
    return link


def check_link(token: str, purpose: str) -> SingleUseLink:
    """The link `token` opens, without using it up; raises LinkRefused."""
    return _find(token, purpose, lock=False)


@transaction.atomic
def use_link(token: str, purpose: str) -> SingleUseLink:
    """Use the link up and return it; raises LinkRefused when it is wrong, expired or used
    (two requests at once: the second waits for the first and is refused)."""
    link = _find(token, purpose, lock=True)
    link.used_at = timezone.now()
    link.save(update_fields=["used_at"])
    return link


def retire_links(*, purpose: str, subject: str) -> int:
    """Use up every link for `subject` still unused: once its personal data is gone, they
    open nothing, and say they were used (the daily purge deletes them a day after they
    expire)."""
    links = SingleUseLink.objects.filter(purpose=purpose, subject=subject, used_at__isnull=True)
    return links.update(used_at=timezone.now())


def purge_old_links(*, before: datetime.datetime) -> int:
    """Delete links that expired before `before`: the daily purge keeps the table small."""
    count, _ = SingleUseLink.objects.filter(expires_at__lt=before).delete()
    return count


# How long a used link keeps its page open in the browser that used it.
GRANT_MINUTES = 30


def grant_session(request, *, purpose: str, subject: str) -> None:
    """Let this browser see `subject`'s personal data for GRANT_MINUTES, after it has used a
    link: the page can then be reloaded and its data downloaded without a second link."""
    until = timezone.now() + datetime.timedelta(minutes=GRANT_MINUTES)
    request.session[f"link:{purpose}"] = [subject, until.timestamp()]


def granted_subject(request, *, purpose: str) -> str | None:
    """The subject this browser may see for `purpose`, or None when it has no grant or the
    grant has run out."""
    value = request.session.get(f"link:{purpose}")
    if not isinstance(value, list) or len(value) != 2:
        return None
    subject, until = value
    if not isinstance(until, int | float) or until <= timezone.now().timestamp():
        request.session.pop(f"link:{purpose}", None)
        return None
    return subject if isinstance(subject, str) else None


def end_grant(request, *, purpose: str) -> None:
    request.session.pop(f"link:{purpose}", None)
