from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet

from sammen.core.models import AuditEntry

from .models import Activity, ActivityAttachment


def activity_history(activity: Activity) -> QuerySet[AuditEntry]:
    """The activity's audit entries and those of its attachments, deleted ones included."""
    return (
        AuditEntry.objects.filter(
            Q(content_type=ContentType.objects.get_for_model(Activity), object_id=str(activity.pk))
            | Q(
                content_type=ContentType.objects.get_for_model(ActivityAttachment),
                changes__activity=activity.pk,
            )
        )
        .select_related("actor", "content_type")
        .order_by("-created_at", "-id")
    )
