"""What readiness does when the discharge day moves (see onward/events.py).

A jobcentre appointment the new day has overtaken is never left silently
wrong: it stops counting as booked (its touchpoint reopens), its letter says
it is superseded, the prison work coach's worklist lists it to rebook, and the
timeline says so here.
"""

from datetime import date

from django.utils.translation import gettext as _

from onward.cases.models import Case
from onward.journey.release_days import long_date
from onward.journey.services import timeline_note
from onward.readiness.selectors import appointment_before_release, jobcentre_appointment_get


def note_overtaken_appointment(event):
    case = Case.objects.filter(pk=event.case_id).first()
    if case is None:
        return
    appointment = jobcentre_appointment_get(case)
    if appointment_before_release(case, appointment):
        timeline_note(
            case=case,
            happened_on=event.today or date.today(),
            kind="appointment",
            title=_("Jobcentre appointment to rebook"),
            description=_(
                "The appointment at %(jobcentre)s on %(day)s is before the new day of release, %(release)s: rebook it"
            )
            % {
                "jobcentre": appointment.jobcentre.name,
                "day": long_date(appointment.appointment_on),
                "release": long_date(case.discharge_date),
            },
            actor=event.actor,
        )
