"""What Onward writes into a spreadsheet is shown, never run (formula injection).

A spreadsheet program runs a cell that starts with `=`, `+`, `-` or `@` (or a
tab or carriage return before one) as a formula: a name like
`=HYPERLINK("http://…", "Click")` would run when an export is opened.

- A CSV cell has no type, so its text gets a leading apostrophe (`csv_cell`),
  which spreadsheet programs read as "this is text".
- An XLSX cell has a type: `as_text` writes every text cell of a sheet as a
  string, never a formula, and marks those that look like one with the quote
  prefix, so the program shows the text as it is and does not run it when the
  cell is edited either. The text itself is unchanged.
"""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def looks_like_a_formula(value):
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def csv_cell(value):
    """The text of a CSV cell, shown as text by a spreadsheet program."""
    text = "" if value is None else str(value)
    return f"'{text}" if looks_like_a_formula(text) else text


def as_text(sheet):
    """Every text cell of an openpyxl sheet written as a string; one that looks like a formula quote-prefixed."""
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"
                if looks_like_a_formula(cell.value):
                    cell.quotePrefix = True
    return sheet
