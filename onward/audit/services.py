"""Writing to the audit trail. Every service that reads or changes a person's
record calls `record` inside its own transaction, so the audit row commits
(or rolls back) with the change it describes."""

from onward.audit.middleware import current_request_id
from onward.audit.models import AuditEvent, AuditEventPerson


def record(*, actor, action, subject=None, prison_number="", changes=None, people=()):
    """Append one event. `subject` is the model instance read or changed; `people` the prison numbers of
    everyone a list, search, calendar, inbox or match showed (the page shown, not the whole result), so that
    "who looked at this person" finds every view that showed them."""
    if subject is not None and not prison_number:
        prison_number = _prison_number_of(subject)
    event = AuditEvent.objects.create(
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
    shown = sorted({number for number in people if number})
    if shown:
        AuditEventPerson.objects.bulk_create(AuditEventPerson(event=event, prison_number=n) for n in shown)
    return event


def _prison_number_of(subject):
    if hasattr(subject, "prison_number"):
        return subject.prison_number
    person = getattr(subject, "person", None)
    return getattr(person, "prison_number", "") if person is not None else ""
