"""Domain signals: the one way a lower app causes work in a higher one without importing it.

The layers (docs/architecture.md) let an app import only the apps below it. When something
that happens low down must start work higher up (a status change that tells a contributor,
a daily purge that each app holding personal data must take part in), the lower app sends
one of these signals and the higher app connects a receiver in its AppConfig.ready(). Every
such signal is declared here, so the list of upward effects is short and in one place.

Receivers do the work through their own app's services; anything slow (e-mail) is a task
enqueued on commit, never done inside the sender's transaction.
"""

from django.dispatch import Signal

# An input's status changed (staff sorted or assessed it). Sent inside the service's
# transaction, with item=<Input>. The contributors app tells the contributor, on commit.
input_status_changed = Signal()

# An input was approved or rejected by a moderator. Sent inside the service's transaction,
# with item=<Input>.
input_moderated = Signal()

# The daily purge of personal data whose retention has run out (manage.py
# purge_personal_data), with actor=None and today=<date>. Each receiver deletes what its
# app holds and returns a PurgeReport.
purge_personal_data = Signal()

# A process was made as a copy of a template (processes.services.copy_process). Sent inside
# the copy's transaction with actor, template=<Process>, process=<the new Process> and
# shift=<timedelta the phases' dates moved by>. Each receiver copies its app's planning
# data (never inputs, activities or personal data) through its own services; an error
# undoes the whole copy.
process_copied = Signal()

# Inputs were stored, with process_id=<int> and input_ids=<list of ints>. Sent inside the
# storing transaction (one input by inputs.services, a chunk by the import). The analysis
# embeds them in the background, on commit; with at_once=True (the public form's one input)
# its task is enqueued inside the transaction, to commit together with the input.
inputs_created = Signal()

# Staff changed how inputs are sorted (focus areas or responsibility), with process_id=<int>.
# Sent inside the service's transaction. The analysis learns again, on commit.
inputs_sorted = Signal()
