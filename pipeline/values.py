"""How a value is written: in a table, exactly (`value_text`: 2230, 33.33, never 1.23457e+06), and
to a reader, as Dutch reports write numbers (`dutch`: 35.535, 12,5). One of each for the whole
project: tables, series, diffs, findings, charts and the review app all write values through these."""
from __future__ import annotations


def value_text(v) -> str:
    """2230.0 -> '2230', 33.33 -> '33.33', 1234567.5 -> '1234567.5' (the shortest text that reads back
    as the same number); an empty value (a finding without one) or NaN -> ''."""
    if v is None or v == "":
        return ""
    v = float(v)
    if v != v:   # NaN
        return ""
    return str(int(v)) if v.is_integer() else repr(v)


def dutch(v) -> str:
    """A value as a Dutch report writes it: thousands with dots, decimals with a comma (35.535, 12,5,
    1.234.567,5; at most two decimals); '?' when there is none."""
    if v is None or v == "" or (isinstance(v, float) and v != v):
        return "?"
    v = float(v)
    if v.is_integer():
        return f"{int(v):,}".replace(",", ".")
    return f"{v:,.2f}".replace(",", "x").replace(".", ",").replace("x", ".").rstrip("0").rstrip(",")
