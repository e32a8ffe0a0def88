"""The signed token in a contributor's unsubscribe link."""

from django.core import signing

from .models import Contact

UNSUBSCRIBE_SALT = "sammen.contributors.unsubscribe"


def unsubscribe_token(contact: Contact) -> str:
    # The receipt code too, so a token outlives neither its contact nor a reused id.
    return signing.dumps([contact.pk, contact.input.receipt_code], salt=UNSUBSCRIBE_SALT)


def contact_from_token(token: str) -> Contact | None:
    try:
        pk, code = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    return Contact.objects.select_related("input").filter(pk=pk, input__receipt_code=code).first()
