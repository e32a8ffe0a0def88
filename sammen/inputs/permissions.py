"""Who may do what with inputs. Plain can_<verb>() functions, shared by views and templates."""

from sammen.accounts.permissions import can_fast_entry

from .models import Input


def can_delete_input(user, item: Input) -> bool:
    # Only an input nobody has begun to assess: deleting is for correcting a typing slip, not
    # for removing what someone has already worked on. Whoever types them in may correct them.
    return item.status == Input.Status.NEW and can_fast_entry(user, item.process)
