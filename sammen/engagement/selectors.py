from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet

from sammen.core.models import AuditEntry

from .models import Activity, ActivityAttachment


def activity_history(activity: Activity) -> QuerySet[AuditEntry]:
    """The activity's audit entries and those of its attachments (filed under the activity),
    deleted ones included."""
    activity_type = ContentType.objects.get_for_model(Activity)
    return (
        AuditEntry.objects.filter(
            Q(content_type=activity_type, object_id=str(activity.pk))
            | Q(
                scope_type=activity_type,
                scope_id=str(activity.pk),
                content_type=ContentType.objects.get_for_model(ActivityAttachment),
            )
        )
        .select_related("actor", "content_type")
        .order_by("-created_at", "-id")
    )


def latest_activities(process, *, today, limit: int = 3) -> list[Activity]:
    """The activities held last (up to today), newest first: where inputs are typed in next."""
    return list(
        Activity.objects.filter(method__process=process, starts_on__lte=today)
        .select_related("method")
        .order_by("-starts_on", "-id")[:limit]
    )
