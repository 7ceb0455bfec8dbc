"""The observation table on disk: stable row order, atomic writes (temp file, then rename)."""
from __future__ import annotations

import functools
import os
import tempfile
from contextlib import contextmanager
from pathlib import Path

from .model import OBSERVATION_COLUMNS
from .values import value_text
import csv

INT_COLUMNS = ("page", "char_start", "char_end")
SORT_COLUMNS = ("source", "char_start", "char_end", "nationality", "category")   # every observation table's row order
TABLE_SUFFIXES = (".csv", ".parquet")     # the tables write_table writes (by the name's suffix)


def to_frame(observations):
    """Observations -> pandas DataFrame with exactly the spec's columns, in a stable order."""
    import pandas as pd     # start-up: pandas (extract writes its CSV without it)
    # column by column in their final types: no dict per row (22 keys, ~2 KB a row), and no Arrow
    # string column inferred and then copied back into Python strings by with_dtypes
    df = pd.DataFrame({c: pd.Series([getattr(o, c) for o in observations], dtype=_dtype(c))
                       for c in OBSERVATION_COLUMNS}, columns=list(OBSERVATION_COLUMNS))
    if not df.empty:
        df = df.sort_values(list(SORT_COLUMNS), kind="stable")
        df = df.reset_index(drop=True)
    return with_dtypes(df)


def _dtype(column: str) -> str:
    return "float64" if column == "value" else "int64" if column in INT_COLUMNS else "object"


def with_dtypes(df):
    """One set of column types for every table the project writes, whether it was just extracted or
    read back from CSV, so the same rows always give the same bytes."""
    for c in df.columns:
        if df[c].dtype != _dtype(c):
            df[c] = df[c].astype(_dtype(c))
    return df


@functools.lru_cache(maxsize=1)
def file_mode() -> int:
    """The mode a new file gets from open(): 0666 less the umask (0644 under the usual 022). mkstemp's
    temporary files are 0600; every atomic writer gives its file this mode before renaming it."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return 0o666 & ~int(line.split()[1], 8)
    except OSError:
        pass
    mask = os.umask(0o022)   # elsewhere: read it by setting it (and put it back at once)
    os.umask(mask)
    return 0o666 & ~mask


def atomic_write(path: str | Path, write) -> Path:
    """Write a file atomically: `write(tmp_path)` fills a hidden temporary file (".<name>.*.tmp") beside
    it, which gets the usual file mode and is then renamed over `path`; a failed write leaves the
    previous file as it was and removes the temporary one."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        write(tmp)
        os.chmod(tmp, file_mode())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def write_bytes(path: str | Path, data: bytes) -> Path:
    """`data` to `path`, atomically (see atomic_write)."""
    return atomic_write(path, lambda tmp: Path(tmp).write_bytes(data))


def write_table(df, path: str | Path) -> Path:
    """Write CSV (or Parquet when the name ends in .parquet) atomically: a reader never sees half a file,
    and a failed write leaves the previous file as it was."""
    path = Path(path)

    def write(tmp):
        if path.suffix == ".parquet":     # what df.to_parquet(index=False) writes, byte for byte, but
            import pyarrow as pa           # converted in this thread: no thread pool started per table
            import pyarrow.parquet as pq     # start-up: pyarrow, only for Parquet
            pq.write_table(pa.Table.from_pandas(df, preserve_index=False, nthreads=1), tmp)
        else:
            write_csv(df, tmp)
    return atomic_write(path, write)


def write_csv(df, target) -> None:
    """The CSV of a table, to a path or an open text stream (standard output): values as written
    (2230, not 2230.0), so a table printed and a table written to a file are the same bytes. The bytes
    of pandas' to_csv(index=False, lineterminator="\n") (the same csv dialect: minimal quoting, a
    missing cell empty, other floats as repr), column by column: no frame copied, no row objects."""
    columns = [_csv_cells(df[c], c) for c in df.columns]
    csv_rows(target, df.columns, zip(*columns))


def csv_rows(target, header, rows) -> None:
    """The project's one CSV dialect (the csv module's minimal quoting, "\n" line ends, UTF-8): a header
    and rows, to a path or an open text stream."""
    own = isinstance(target, (str, Path))
    fh = open(target, "w", encoding="utf-8", newline="") if own else target
    try:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)
    finally:
        if own:
            fh.close()


_VALUE_COLUMNS = ("value", "expected", "other_value")     # written as values are written (value_text)


def _csv_cells(column, name: str) -> list:
    if name in _VALUE_COLUMNS:
        return [value_text(v) for v in column.tolist()]
    if column.dtype.kind in "iub" and not column.hasnans:      # as Python writes them
        return column.tolist()
    missing = column.isna().tolist()
    return ["" if m else v for v, m in zip(column.tolist(), missing)]


def observations_csv(observations, target) -> None:
    """The CSV `write_csv(to_frame(observations), target)` writes, without pandas (whose import is a
    fifth of a single `extract`): the same stable order, the same values, the same quoting."""
    rows = sorted(observations, key=lambda o: tuple(getattr(o, c) for c in SORT_COLUMNS))

    def cell(o, c):
        v = getattr(o, c)
        if c == "value":
            return value_text(v)
        return "" if v is None else str(v)
    csv_rows(target, OBSERVATION_COLUMNS, ([cell(o, c) for c in OBSERVATION_COLUMNS] for o in rows))


def write_observations(observations, path: str | Path) -> Path:
    """Observations to a table file, atomically: CSV without pandas, Parquet through to_frame."""
    path = Path(path)
    if path.suffix == ".parquet":
        return write_table(to_frame(observations), path)
    return atomic_write(path, lambda tmp: observations_csv(observations, tmp))


def read_table(path: str | Path):
    """A table as written by write_table, in the project's column types. Inside `tables_kept()` (a run,
    which reads a table more than once: the cache, the history, the Parquet, the series) the parsed
    table is kept while its file is unchanged (file_identity) and a copy handed out."""
    path = Path(path)
    if _READ is None:
        return _read_table(path)
    key = file_identity(path)
    hit = _READ.get(key) if key else None
    if hit is None:
        hit = _read_table(path)
        if key:
            _READ[key] = hit
    return hit.copy()


def remember(path: str | Path, frame) -> None:
    """Inside `tables_kept()`: what read_table gives for the table just written to `path` from `frame`
    (in the project's column types), without reading it back."""
    key = file_identity(Path(path)) if _READ is not None else None
    if key:
        _READ[key] = with_dtypes(frame.copy())


@contextmanager
def tables_kept():
    """Keep the tables read_table parses for the block (a run), and let them go after it: a long-lived
    process (`serve`, the review app) holds no run's tables."""
    global _READ
    outer = _READ
    _READ = {} if outer is None else outer
    try:
        yield
    finally:
        _READ = outer


def file_identity(path: Path) -> tuple | None:
    """What tells one version of a file from another without reading it: device, inode, modification
    and change times, size (a hard link, as the staging folder makes, is the same file); None when it
    cannot be looked at."""
    try:
        st = Path(path).stat()
    except OSError:
        return None
    return st.st_dev, st.st_ino, st.st_mtime_ns, st.st_ctime_ns, st.st_size, Path(path).suffix


_READ: dict[tuple, object] | None = None     # the tables a run has parsed (tables_kept)


def _read_table(path: Path):
    import pandas as pd     # start-up: pandas (extract writes its CSV without it)
    if path.suffix == ".parquet":
        return with_dtypes(pd.read_parquet(path))
    # text columns read as Python strings (object), the types with_dtypes gives: nothing to convert
    df = pd.read_csv(path, dtype={c: object for c in OBSERVATION_COLUMNS if c != "value" and c not in INT_COLUMNS},
                     keep_default_na=False)
    return with_dtypes(df)
