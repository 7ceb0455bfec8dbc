"""One way to write a value exactly and one way to write it for a reader (pipeline/values.py), used by
tables, series, diffs, findings and charts alike (issue 16: six formatters, two of which wrote
1234567.5 as 1.23457e+06 and 12345.67 as 12345.7)."""
from pipeline.publish.diff import DiffRow, render
from pipeline.values import dutch, value_text


def test_a_value_is_written_exactly_and_reads_back():
    for v, text in ((2230.0, "2230"), (33.33, "33.33"), (1234567.5, "1234567.5"), (12345.67, "12345.67"),
                    (0.5, "0.5"), (None, ""), (float("nan"), "")):
        assert value_text(v) == text
        assert text == "" or float(text) == v


def test_a_value_for_a_reader_is_written_as_dutch_reports_write_it():
    assert [dutch(v) for v in (35535, 12.5, 1234567.5, 4.47, None)] == ["35.535", "12,5", "1.234.567,5", "4,47", "?"]


def test_a_diff_writes_large_and_precise_values_in_full():
    row = DiffRow("changed", "asylum_inflow_total", "", "", "2023-01-01", "2023-01-31", "", "count", 12345.67,
                  1234567.5, ("value",), None, None)
    text = render([row], "csv")
    assert "12345.67" in text and "1234567.5" in text and "e+06" not in text
