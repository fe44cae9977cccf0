"""The meeting pack as an XLSX workbook: the same sections and words as the page."""

from io import BytesIO

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from onward.spreadsheets import as_text


def _safe(value):
    """A cell's value: numbers as numbers, everything else as text (as_text keeps it from running)."""
    if value is None:
        return ""
    if isinstance(value, (int, float)):
        return value
    return str(value)


def _sheet(book, title, headers, rows, *, first=False):
    sheet = book.active if first else book.create_sheet()
    sheet.title = title[:31]
    sheet.append([_safe(h) for h in headers])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([_safe(v) for v in row])
    as_text(sheet)
    for column in sheet.columns:
        width = max(len(str(c.value or "")) for c in column)
        sheet.column_dimensions[column[0].column_letter].width = min(max(12, width + 2), 80)
    return sheet


def _day(value):
    return date_format(value, "j F Y") if value else ""


def meeting_pack_workbook(pack):
    book = Workbook()
    version = pack["version"]
    _sheet(
        book,
        _("Summary"),
        [_("Meeting pack"), ""],
        [
            [_("Prison"), pack["prison"].name],
            [_("Quarter"), pack["quarter"].label],
            [_("Made on"), _day(pack["today"])],
            [_("Agreement version in force"), version.number if version else _("None")],
            [_("Quarters with no meeting held"), ", ".join(q.label for q in pack["missed"]) or _("None")],
            [
                _("Small numbers"),
                _(
                    "Counts of people are rounded to the nearest 5 (“fewer than 5” means 0 to 4) and rates are "
                    "worked out from the rounded counts, so that nobody can be identified."
                ),
            ],
        ],
        first=True,
    )
    _sheet(
        book,
        _("Measures"),
        [_("Measure"), _("This quarter"), _("Previous quarter"), _("National, this quarter"), _("How it is computed")],
        [[m.title, m.this_quarter, m.previous_quarter, m.national, m.how_computed] for m in pack["measures"]],
    )
    _sheet(
        book,
        _("Overdue touchpoints"),
        [_("Touchpoint"), _("Overdue today")],
        [[row["title"], str(row["count"])] for row in pack["overdue_touchpoints"]],
    )
    _sheet(
        book,
        _("Breached handovers"),
        [_("Jobcentre"), _("Not accepted in time"), _("Still waiting")],
        [[row["jobcentre"], str(row["count"]), str(row["open"])] for row in pack["breached_handovers"]],
    )
    if pack["escalations"] is None:
        _sheet(book, _("Open escalations"), [_("Open escalations")], [[pack["open_escalation_count"]]])
    else:
        _sheet(
            book,
            _("Open escalations"),
            [_("Raised"), _("Subject"), _("Status"), _("Routed to")],
            [
                [_day(e.raised_at.date()), e.subject, e.get_status_display(), e.routed_to_name]
                for e in pack["escalations"]
            ],
        )
    _sheet(
        book,
        _("Open actions"),
        [_("Action"), _("Owner"), _("Due"), _("Overdue")],
        [
            [
                row["action"].description,
                row["action"].owner,
                _day(row["action"].due_on),
                _("Yes") if row["overdue"] else _("No"),
            ]
            for row in pack["actions"]
        ],
    )
    out = BytesIO()
    book.save(out)
    return out.getvalue()
