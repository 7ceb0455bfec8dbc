"""store.write_csv writes a table with the csv module, column by column: the bytes pandas' to_csv wrote
before (values through value_text), on every table the project has published and on the cells that
differ between the two writers if anything does (missing cells in text, float and nullable integer
columns, quotes and line breaks inside a cell, an empty table)."""
import io
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from pipeline.names import is_extraction_table
from pipeline.store import _read_table, write_csv
from pipeline.values import value_text

ROOT = Path(__file__).resolve().parents[1]
TABLES = sorted((ROOT / "extracted").glob("*.csv"))


def pandas_bytes(df) -> str:
    out = df.copy(deep=False)
    for col in ("value", "expected", "other_value"):
        if col in out.columns:
            out[col] = out[col].map(value_text)
    buf = io.StringIO()
    out.to_csv(buf, index=False, lineterminator="\n")
    return buf.getvalue()


def written(df) -> str:
    buf = io.StringIO()
    write_csv(df, buf)
    return buf.getvalue()


def test_the_published_tables_are_there():
    names = {p.name for p in TABLES}
    assert {"findings.csv", "series.csv", "coverage.csv", "changes.csv", "kerncijfers-2017-01.csv"} <= names


@pytest.mark.parametrize("path", TABLES, ids=lambda p: p.name)
def test_every_published_table_written_as_pandas_wrote_it(path):
    as_text = pd.read_csv(path, dtype=str, keep_default_na=False)
    typed = pd.read_csv(path)                        # floats with NaN, ints, booleans as pandas infers them
    assert written(as_text) == pandas_bytes(as_text) == path.read_text(encoding="utf-8")
    assert written(typed) == pandas_bytes(typed)
    if is_extraction_table(path.name):     # as a run reads it
        table = _read_table(path)
        assert written(table) == pandas_bytes(table) == path.read_text(encoding="utf-8")


def test_missing_cells_quotes_and_types_as_pandas_writes_them():
    odd = pd.DataFrame({
        "a": [1.5, np.nan, 1e20, 0.1], "b": ["x", None, np.nan, 'q"u,o\nte'], "c": [True, False, True, False],
        "d": pd.array([1, None, 3, 4], dtype="Int64"), "value": [1.0, np.nan, 2.5, 1234567.5], "e": [1, 2, 3, 4]})
    assert written(odd) == pandas_bytes(odd)
    assert written(odd).splitlines()[2] == ",,False,,,2"
    assert written(odd.iloc[0:0]) == pandas_bytes(odd.iloc[0:0]) == "a,b,c,d,value,e\n"
