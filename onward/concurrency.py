"""Edits that cross: every record a partner system may change carries a version.

A case, a readiness record, a handover and a referral each keep a `version`,
bumped by the service on every change. A caller that read version 3 and
passes `expected_version=3` is refused with `StaleVersion` when someone else
has moved the record on since, and nothing changes. The API says the version
as the record's `ETag` and takes it back in `If-Match` (api.md: 412); the
case page keeps it in a hidden field.

The check is only worth anything inside the writer's transaction, on the row
it has locked with `select_for_update`: two requests that both read version 3
then queue on the lock, and the second finds 4. `check_version` is called
there and nowhere else.
"""

# The version of a one-per-case record (the Universal Credit record, say) that has not been written yet:
# a caller that saw none says so, and is refused if someone wrote it meanwhile.
NOT_YET_RECORDED = 0


class StaleVersion(Exception):
    """Someone else changed the record since the caller read it: nothing was changed."""


def check_version(current, expected):
    """Refuse when the caller expected another version (None: the caller did not say, so any will do)."""
    if expected is not None and current != expected:
        raise StaleVersion


class Conflict(Exception):
    """The same thing was done twice at once and the other request won: this one changed nothing.

    A service raises it where the database refused the loser's write (a unique constraint the winner's row now
    holds), inside the transaction it rolls back. The API answers it 409 and a page answers it with the
    message, under `field` when one field is at fault.
    """

    def __init__(self, message, *, field=None):
        super().__init__(message)
        self.message = message
        self.field = field

    @property
    def detail(self):
        """The message as the API's field-level body: under the field at fault, or non_field_errors."""
        return {self.field or "non_field_errors": [str(self.message)]}
