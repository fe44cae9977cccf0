"""When a step happened, for the records that keep a moment as well as a day.

Services take `today` so that tests, the demo and the national data set can
run as on a given day. A step taken "today" is stamped with the time now; a
step taken as on another day is stamped at midday of that day, so a handover
the demo sent in March reads as sent in March.
"""

from datetime import datetime, time

from django.utils import timezone

MIDDAY = time(12, 0)


def moment(day=None):
    now = timezone.now()
    if day is None or day == timezone.localdate(now):
        return now
    return timezone.make_aware(datetime.combine(day, MIDDAY))


def day_of(stamp):
    """The local calendar day of a stored moment."""
    return timezone.localdate(stamp) if isinstance(stamp, datetime) else stamp
