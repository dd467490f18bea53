import csv
import io

import pytest

from clinic.security.csv_safe import SafeWriter, safe_cell, safe_row, to_csv


@pytest.mark.parametrize(
    "value",
    ["=1+1", "+1 555 0100", "-2", "@SUM(A1)", "\t=cmd", "\r=cmd", '=HYPERLINK("http://x","y")'],
)
def test_cells_a_spreadsheet_would_run_as_formulas_are_made_text(value):
    assert safe_cell(value) == "'" + value


@pytest.mark.parametrize("value", ["Alex", "", "a=b", " =1", "5", "é=1", "Hip drop -2"])
def test_ordinary_cells_are_unchanged(value):
    assert safe_cell(value) == value


def test_none_and_numbers_become_text():
    assert safe_row([None, 3, -1.5, True]) == ["", "3", "'-1.5", "True"]


def test_the_writer_quotes_as_csv_does_and_neutralises_every_cell():
    text = to_csv([["name", "note"], ["=evil()", 'says "hi",\nthen'], [None, "@x"]])
    rows = list(csv.reader(io.StringIO(text)))
    assert rows == [["name", "note"], ["'=evil()", 'says "hi",\nthen'], ["", "'@x"]]


def test_safe_writer_writes_one_row_at_a_time():
    buffer = io.StringIO()
    SafeWriter(buffer).writerow(["+44", "ok"])
    assert buffer.getvalue() == "'+44,ok\r\n"
