"""How a value is written and read back: in a table, exactly (`value_text`: 2230, 33.33, never
1.23457e+06); to a reader, as Dutch reports write numbers (`dutch`: 35.535, 12,5) or as the review app
shows them (`shown`: 1 250, 12,5); and a value a person types, read the way the documents write
numbers and checked against its unit (`read_value`). One of each for the whole project: tables,
series, diffs, findings, charts, the review app and the commands that take a value use these."""
from __future__ import annotations

import math
import re


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


def shown(v) -> str:
    """A value as the review app shows it: thousands grouped with a space, decimals with a comma
    (1 250, 12,5, 1 234 567,25); read_value reads it back. '' when there is none."""
    if v is None or v == "" or (isinstance(v, float) and v != v):
        return ""
    text = value_text(v)
    sign, text = ("-", text[1:]) if text.startswith("-") else ("", text)
    whole, _, frac = text.partition(".")
    whole = re.sub(r"\B(?=(\d{3})+$)", " ", whole)
    return sign + whole + ("," + frac if frac else "")


class ValueTextError(ValueError):
    """A typed value that is not a number of its row's unit; the message is one line."""


# a number as Dutch reports (and the review app) write it: thousands with dots or spaces, a decimal
# comma; or as the tables write it (a decimal point: 33.33); an optional sign, an optional "%"
_SPACES = "[ \u00a0\u2009\u202f]"
_TYPED = re.compile(rf"(?P<sign>[-+\u2212]?)\s*(?P<num>\d{{1,3}}(?:\.\d{{3}})+(?:,\d+)?"
                    rf"|\d{{1,3}}(?:{_SPACES}\d{{3}})+(?:,\d+)?|\d+(?:[,.]\d+)?|[,.]\d+)\s*(?P<pct>%?)")


def read_number(text: str) -> tuple[float, bool] | None:
    """(value, written with "%") of a number as the documents write one ("1.250" and "1 250": 1250;
    "12,5 %": 12.5; "33.33": 33.33, a table's decimal point), None when the text is not one."""
    m = _TYPED.fullmatch(" ".join(text.split()))
    if m is None:
        return None
    num = m["num"]
    if "," in num:
        num = num.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"\d{1,3}(\.\d{3})+", num):
        num = num.replace(".", "")         # Dutch thousands: 1.250 is 1250, not 1.25
    v = float(re.sub(_SPACES, "", num))
    return (-v if m["sign"] in ("-", "\u2212") else v), bool(m["pct"])


def read_value(typed, unit: str, current=None) -> float:
    """A value a person typed (text or a number) for a row of `unit`, as a float; ValueTextError (one
    line) for anything else. Text is read as the documents write numbers: "1.250" and "1 250" are
    1250, "12,5" and "12,5 %" are 12.5, "33.33" (a table's decimal point) is 33.33; "1,234.5", "1e3",
    "abc" are refused. The number must be finite; a count is a whole number, not negative; a
    percentage lies in 0-100. Only where the row's own value (`current`) already breaks that rule (a
    change: "-1.752", "-4%"; "130% van het WML"; an average read as a count: "1,13") may the new
    value break it the same way."""
    if isinstance(typed, bool) or typed is None:
        raise ValueTextError(f"a value is a number, not {typed!r}")
    if isinstance(typed, (int, float)):
        try:
            v = float(typed)
        except OverflowError:
            v = math.inf
        written = repr(typed)
    else:
        written = " ".join(str(typed).split())
        read = read_number(written)
        if read is None:
            raise ValueTextError(f"{written!r} is not a number as the reports write one "
                                 "(1.250 or 1 250; 12,5; 12,5 %)")
        v, pct = read
        if pct and unit != "percent":
            raise ValueTextError(f"{written!r} is a percentage; this row's unit is {unit or 'none'}")
    if not math.isfinite(v):
        raise ValueTextError(f"{written!r} is not a finite number")
    own = None if current is None or current == "" or current != current else float(current)
    read = f"{written!r} reads as {shown(v)}" if written.strip("+") != shown(v) else repr(written)
    if unit == "count":
        if not v.is_integer() and not (own is not None and not own.is_integer()):
            raise ValueTextError(f"{read}: a count is a whole number")
        if v < 0 and not (own is not None and own < 0):
            raise ValueTextError(f"{read}: a count is not negative")
    elif unit == "percent" and not 0 <= v <= 100 and not (own is not None and not 0 <= own <= 100):
        raise ValueTextError(f"{read}: a percentage lies between 0 and 100")
    return v + 0.0          # -0.0 -> 0.0
