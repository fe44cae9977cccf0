"""Dashboards as CSV and XLSX: the same rounded figures the page shows, never a raw count."""

import csv
import io

from django.utils.translation import gettext as _
from openpyxl import Workbook

from onward.spreadsheets import as_text, csv_cell

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _header():
    return [
        _("Organisation"),
        _("Period"),
        _("Measure"),
        _("Group"),
        _("Numerator"),
        _("Denominator"),
        _("Rate (from rounded counts) or count"),
        _("How it is computed"),
    ]


def table_rows(sections, *, period_label):
    """[(organisation name, measure rows)] to flat rows: each measure, then each cohort with it and without it."""
    rows = [_header()]
    for organisation_name, measure_rows in sections:
        for row in measure_rows:
            measure = row.measure
            rows.append(
                [
                    organisation_name,
                    period_label,
                    str(measure.title),
                    _("Everyone"),
                    str(row.numerator),
                    "" if row.denominator is None else str(row.denominator),
                    row.rate_text,
                    str(measure.how_computed),
                ]
            )
            for cohort in row.cohorts:
                for group, numerator, denominator, rate in (
                    (cohort.label, cohort.numerator, cohort.denominator, cohort.rate_text),
                    (
                        _("Not %(cohort)s") % {"cohort": cohort.label.lower()},
                        cohort.others_numerator,
                        cohort.others_denominator,
                        cohort.others_rate_text,
                    ),
                ):
                    rows.append(
                        [
                            organisation_name,
                            period_label,
                            str(measure.title),
                            group,
                            str(numerator),
                            "" if denominator is None else str(denominator),
                            rate,
                            "",
                        ]
                    )
    return [["" if cell is None else str(cell) for cell in row] for row in rows]


def as_csv(rows):
    buffer = io.StringIO()
    # A byte order mark, so spreadsheet programs read the file as UTF-8.
    buffer.write("\ufeff")
    csv.writer(buffer).writerows([csv_cell(cell) for cell in row] for row in rows)
    return buffer.getvalue().encode("utf-8")


def as_xlsx(rows, *, title):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Measures")
    sheet.append([str(title)])
    for row in rows:
        sheet.append(row)
    as_text(sheet)
    sheet.freeze_panes = "A3"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
