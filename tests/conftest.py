import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("PREFECT_LOGGING_TO_API_WHEN_MISSING_FLOW", "ignore")

# gold file stem -> the document it describes (all inside the repository)
GOLD_SOURCES = {
    "kerncijfers-2017-01": ROOT / "raw/kerncijfers-2017-01.md",
    "kerncijfers-2021-05": ROOT / "raw/kerncijfers-2021-05.md",
    "kerncijfers-2023-01": ROOT / "tests/fixtures/twins/kerncijfers-2023-01.txt",
    "feitelijke-vragen-jaarverslag-jenv-2022": ROOT / "raw/feitelijke-vragen-jaarverslag-jenv-2022.txt",
    "emn-asieltrends-2016-12": ROOT / "raw/emn-asieltrends-2016-12.txt",
    "ind-asielinstroom-2020-04": ROOT / "raw/ind-asielinstroom-2020-04.txt",
    "ind-asielinstroom-2022-12": ROOT / "raw/ind-asielinstroom-2022-12.txt",
    "staat-van-migratie-2024": ROOT / "raw/staat-van-migratie-2024.md",
}
# the PDF twin of each text document (same words, laid out as PDF)
TWINS = {
    "kerncijfers-2017-01": ROOT / "tests/fixtures/twins/kerncijfers-2017-01.rendered.pdf",
    "kerncijfers-2021-05": ROOT / "tests/fixtures/twins/kerncijfers-2021-05.rendered.pdf",
    "kerncijfers-2023-01": ROOT / "raw/kerncijfers-2023-01.rendered.pdf",
    "feitelijke-vragen-jaarverslag-jenv-2022": ROOT / "tests/fixtures/twins/feitelijke-vragen-jaarverslag-jenv-2022.rendered.pdf",
    "staat-van-migratie-2024": ROOT / "tests/fixtures/twins/staat-van-migratie-2024.rendered.pdf",
}


def gold_rows(stem: str, core: bool = False) -> int:
    """How many observations (with `core`, with a core metric) the gold file of a document holds: what
    its table must hold, since the extractor matches every gold document (tests/test_gold.py) — a test
    about something else compares with this rather than a number of its own."""
    import csv
    with open(ROOT / "tests" / "gold" / f"{stem}.csv", encoding="utf-8", newline="") as fh:
        return sum(1 for r in csv.DictReader(fh) if not core or r.get("metric"))


_EXTRACTED: dict = {}


def extracted(path, edition: str | None = None):
    """(Document, ExtractResult) of a shared document of the repository (raw/, tests/fixtures/), read and
    extracted once per test session and per version of the file: many tests look at the same few
    documents (the Staat van Migratie as Markdown and as a 122-page PDF above all). Frozen records;
    a test must not change the lists it gets."""
    from pipeline.run.api import extract_document
    path = Path(path)
    st = path.stat()
    key = (str(path.resolve()), edition, st.st_mtime_ns, st.st_size)
    if key not in _EXTRACTED:
        _EXTRACTED[key] = extract_document(path, edition)
    return _EXTRACTED[key]


def extracted_rows(path) -> int:
    """How many rows extract() gives a document (once per test session): for documents without a gold file."""
    return len(extracted(path)[1].observations)
