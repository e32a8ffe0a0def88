from django import template

from sammen.inputs.privacy import mask_personal_data as mask

register = template.Library()


@register.filter(is_safe=False)
def mask_personal_data(text) -> str:
    """Hide phone numbers, e-mail addresses and national identity numbers. The result is
    still escaped by the template: masking never marks text safe."""
    return mask(str(text)) if text is not None else ""
