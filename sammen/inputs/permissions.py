"""Who may do what with inputs. Plain can_<verb>() functions, shared by views and templates."""

from sammen.core.permissions import can_view_staff_pages

from .models import Input


def can_delete_input(user, item: Input) -> bool:
    # Only an input nobody has begun to assess: deleting is for correcting a typing slip, not
    # for removing what someone has already worked on.
    return can_view_staff_pages(user) and item.status == Input.Status.NEW
