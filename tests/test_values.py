"""One way to write a value exactly and one way to write it for a reader (pipeline/values.py), used by
tables, series, diffs, findings and charts alike (issue 16: six formatters, two of which wrote
1234567.5 as 1.23457e+06 and 12345.67 as 12345.7), and one way to read a value a person types
(read_value; issue 17: "1.250" was saved as 1.25, 1e400 as Infinity, -5 accepted for a count)."""
import pytest

from pipeline.publish.diff import DiffRow, render
from pipeline.values import ValueTextError, dutch, read_value, shown, value_text


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


# ---- a value typed by a person (issue 17, defect 1) ------------------------------------------------

@pytest.mark.parametrize("typed, unit, value", [
    ("1.250", "count", 1250), ("1 250", "count", 1250), ("1\u2009250", "count", 1250), ("1\u00a0250", "count", 1250),
    ("1.234.567", "count", 1234567), ("2 601", "count", 2601), ("  445 ", "count", 445), ("0", "count", 0),
    (1250, "count", 1250), (1250.0, "count", 1250), ("12,5", "percent", 12.5), ("12,5 %", "percent", 12.5),
    ("12,5%", "percent", 12.5), ("33.33", "percent", 33.33), ("100", "percent", 100), ("0,5", "eur", 0.5),
    ("1.234,5", "eur", 1234.5), ("7,9", "eur", 7.9), ("+3%", "percent", 3), ("-1.752", "count", None),
])
def test_a_typed_value_is_read_as_the_reports_write_numbers(typed, unit, value):
    if value is None:        # a count's own value is negative (a change): a negative count is its kind
        assert read_value(typed, unit, current=-1752) == -1752
        return
    v = read_value(typed, unit)
    assert v == value and isinstance(v, float)
    assert read_value(shown(v), unit) == v            # what the app shows reads back as the same number


@pytest.mark.parametrize("typed, unit, error", [
    ("1e999", "count", "'1e999' is not a number as the reports write one (1.250 or 1 250; 12,5; 12,5 %)"),
    ("1e3", "eur", "'1e3' is not a number as the reports write one (1.250 or 1 250; 12,5; 12,5 %)"),
    ("1,234.5", "eur", "'1,234.5' is not a number as the reports write one (1.250 or 1 250; 12,5; 12,5 %)"),
    ("veel", "count", "'veel' is not a number as the reports write one (1.250 or 1 250; 12,5; 12,5 %)"),
    (float("inf"), "count", "'inf' is not a finite number"), (float("nan"), "eur", "'nan' is not a finite number"),
    (1e308 * 10, "eur", "'inf' is not a finite number"), (True, "count", "a value is a number, not True"),
    (None, "count", "a value is a number, not None"),
    (-5, "count", "'-5': a count is not negative"), ("-5", "count", "'-5': a count is not negative"),
    ("1,25", "count", "'1,25': a count is a whole number"), ("1.25", "count", "'1.25' reads as 1,25: a count is a whole number"),
    ("101%", "percent", "'101%' reads as 101: a percentage lies between 0 and 100"),
    ("1.250", "percent", "'1.250' reads as 1 250: a percentage lies between 0 and 100"),
    ("-4%", "percent", "'-4%' reads as -4: a percentage lies between 0 and 100"),
    ("45%", "count", "'45%' is a percentage; this row's unit is count"),
])
def test_a_typed_value_that_is_not_a_number_of_its_unit_is_refused_in_one_line(typed, unit, error):
    with pytest.raises(ValueTextError) as e:
        read_value(typed, unit)
    assert str(e.value) == error


def test_a_change_keeps_its_sign_where_the_row_itself_has_one():
    """A row whose own value breaks the rule of its unit (a change "-4%", "130% van het WML", an
    average read as a count) may be given a value that breaks it the same way, not otherwise."""
    assert read_value("-14%", "percent", current=-4) == -14 and read_value("130", "percent", current=130) == 130
    assert read_value("1,16", "count", current=1.13) == 1.16      # "Gemiddeld | 1,13" (SvM) read as a count
    with pytest.raises(ValueTextError):
        read_value("-1,5", "count", current=-50)
    with pytest.raises(ValueTextError):
        read_value("-2", "count", current=1.13)


def test_shown_groups_thousands_with_a_space_and_decimals_with_a_comma():
    assert [shown(v) for v in (1250, 2601.0, 1234567.25, -1752, 12.5, 0.5, None)] == [
        "1 250", "2 601", "1 234 567,25", "-1 752", "12,5", "0,5", ""]
