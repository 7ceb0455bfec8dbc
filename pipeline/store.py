"""The observation table on disk: stable row order, atomic writes (temp file, then rename)."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .model import OBSERVATION_COLUMNS

INT_COLUMNS = ("page", "char_start", "char_end")


def to_frame(observations):
    """Observations -> pandas DataFrame with exactly the spec's columns, in a stable order."""
    import pandas as pd
    rows = [o.as_row() for o in observations]
    df = pd.DataFrame(rows, columns=list(OBSERVATION_COLUMNS))
    if not df.empty:
        df = df.sort_values(["source", "char_start", "char_end", "nationality", "category"], kind="stable")
        df = df.reset_index(drop=True)
    df["value"] = df["value"].astype("float64")
    for c in INT_COLUMNS:
        df[c] = df[c].astype("int64")
    return df


def _value_text(v: float) -> str:
    return str(int(v)) if float(v).is_integer() else repr(float(v))


def write_table(df, path: str | Path) -> Path:
    """Write CSV (or Parquet when the name ends in .parquet) atomically: a reader never sees half a file,
    and a failed write leaves the previous file as it was."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        if path.suffix == ".parquet":
            df.to_parquet(tmp, index=False)
        else:
            out = df.copy()
            if "value" in out.columns:
                out["value"] = out["value"].map(_value_text)
            out.to_csv(tmp, index=False, lineterminator="\n")
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def read_table(path: str | Path):
    import pandas as pd
    path = Path(path)
    if path.suffix == ".parquet":
        return pd.read_parquet(path)
    return pd.read_csv(path, dtype={"nationality": str, "category": str, "metric": str, "qualifier": str,
                                    "period_start": str, "period_end": str, "doc_id": str, "edition": str},
                       keep_default_na=False)
