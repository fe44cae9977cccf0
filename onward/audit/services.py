"""Writing to the audit trail. Every service that reads or changes a person's
record calls `record` inside its own transaction, so the audit row commits
(or rolls back) with the change it describes."""

from onward.audit.middleware import current_request_id
from onward.audit.models import AuditEvent


def record(*, actor, action, subject=None, prison_number="", changes=None):
    """Append one event. `subject` is the model instance read or changed."""
    if subject is not None and not prison_number:
        prison_number = _prison_number_of(subject)
    return AuditEvent.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        actor_username=getattr(actor, "username", "") or "",
        actor_role=getattr(actor, "role", "") or "",
        actor_organisation=getattr(getattr(actor, "organisation", None), "code", "") or "",
        action=action,
        object_type=subject._meta.label_lower if subject is not None else "",
        object_id=str(subject.pk) if subject is not None else "",
        prison_number=prison_number,
        request_id=current_request_id.get(),
        changes=changes or {},
    )


def _prison_number_of(subject):
    if hasattr(subject, "prison_number"):
        return subject.prison_number
    person = getattr(subject, "person", None)
    return getattr(person, "prison_number", "") if person is not None else ""
