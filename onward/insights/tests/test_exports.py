import csv
import io

from openpyxl import load_workbook

from onward.disclosure import figure
from onward.insights.exports import as_csv, as_xlsx, table_rows
from onward.insights.measures import BY_KEY
from onward.insights.selectors import CohortRow, MeasureRow


def _rows():
    cohort = CohortRow(
        cohort="female",
        label="Women",
        numerator=figure(2),
        denominator=None,
        rate_text="fewer than 5",
        others_numerator=figure(40),
        others_denominator=None,
        others_rate_text="40",
    )
    return [
        MeasureRow(
            measure=BY_KEY["releases"], numerator=figure(43), denominator=None, rate_text="45", cohorts=(cohort,)
        )
    ]


def test_rows_carry_the_rounded_text_never_a_raw_count():
    rows = table_rows([('=HYPERLINK("x")', _rows())], period_label="July to September 2026")
    assert rows[0][:3] == ["Organisation", "Period", "Measure"]
    everyone, women, others = rows[1:]
    assert everyone[4] == "45" and everyone[3] == "Everyone"
    assert women[3] == "Women" and women[4] == "fewer than 5"
    assert others[3] == "Not women"
    # The text as shown: each format keeps a formula-like name from running in its own way (onward/spreadsheets.py).
    assert everyone[0] == '=HYPERLINK("x")'
    assert list(csv.reader(io.StringIO(as_csv(rows).decode("utf-8-sig"))))[1][0] == '\'=HYPERLINK("x")'
    cell = load_workbook(io.BytesIO(as_xlsx(rows, title="=1+1"))).active["A3"]
    assert (cell.value, cell.data_type, cell.quotePrefix) == ('=HYPERLINK("x")', "s", True)


def test_csv_and_xlsx_round_trip_unicode():
    rows = table_rows([("Carchar Ŵ ✓", _rows())], period_label="Q")
    parsed = list(csv.reader(io.StringIO(as_csv(rows).decode("utf-8-sig"))))
    assert parsed[1][0] == "Carchar Ŵ ✓"
    sheet = load_workbook(io.BytesIO(as_xlsx(rows, title="Title"))).active
    assert sheet["A1"].value == "Title"
    assert sheet["A3"].value == "Carchar Ŵ ✓"
