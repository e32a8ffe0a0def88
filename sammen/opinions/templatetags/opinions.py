from django import template

from sammen.opinions.models import Conversation

register = template.Library()


@register.simple_tag
def open_conversations(process):
    """The process's statements votings that take votes, for its public page."""
    return list(
        Conversation.objects.filter(activity__method__process=process, is_open=True).order_by(
            "activity__starts_on", "pk"
        )
    )
