"""A statements activity counts its participants as any activity does, in its
participants_low / participants_high: here they are the voters who have cast a vote, counted
exactly, never typed in. Kept apart from the services so the analysis task can count too."""

from django.db.models import Exists, OuterRef

from sammen.engagement.models import Activity

from .models import Conversation, Vote, Voter


def count_participants(conversation: Conversation) -> int:
    """Set the activity's participant figure to the number of voters who have voted."""
    voted = Vote.objects.filter(voter=OuterRef("pk"))
    count = Voter.objects.filter(conversation=conversation).filter(Exists(voted)).count()
    Activity.objects.filter(pk=conversation.activity_id).update(
        participants_low=count, participants_high=count, participants_estimated=False
    )
    conversation.activity.participants_low = conversation.activity.participants_high = count
    conversation.activity.participants_estimated = False
    return count
