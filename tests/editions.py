"""Near-identical editions of one real report, to see how the findings grow with the editions
(scripts/bench.py measures N = 50 and 200; tests/test_validate.py asserts on a small N).

Edition k (monthly from `first`) is a copy of raw/ind-asielinstroom-2022-12.txt with one number
edited: EDITED[k % len(EDITED)] raised by 11 + k (beyond any rounding, well within a revision's 25%),
so every copy has its own content hash and two neighbouring editions disagree on exactly two
figures: the one the earlier copy edited and the one the later copy edits."""
from __future__ import annotations

from pathlib import Path

from conftest import ROOT

SOURCE = ROOT / "raw" / "ind-asielinstroom-2022-12.txt"
# figures whose period is written out ("In december 2022", "in 2022", "in 2021"), so their key is the
# same whatever the edition; each stands once in the text
EDITED = ("3.243", "36.620", "35.535", "24.686", "4.207", "2.191", "1.529", "10.927", "10.120")


def edition_months(n: int, first: str = "2023-01") -> list[str]:
    y, m = int(first[:4]), int(first[5:7]) - 1
    return [f"{y + (m + k) // 12:04d}-{(m + k) % 12 + 1:02d}" for k in range(n)]


def write_editions(out_dir: Path, n: int, first: str = "2023-01") -> list[tuple[Path, str]]:
    """n edited copies of SOURCE in out_dir: [(path, edition)], in edition order."""
    text = SOURCE.read_text(encoding="utf-8")
    out_dir.mkdir(parents=True, exist_ok=True)
    out = []
    for k, edition in enumerate(edition_months(n, first)):
        surface = EDITED[k % len(EDITED)]
        assert text.count(surface) == 1, surface
        new = f"{int(surface.replace('.', '')) + 11 + k:,}".replace(",", ".")
        path = out_dir / f"ind-asielinstroom-{edition}.txt"
        path.write_text(text.replace(surface, new), encoding="utf-8")
        out.append((path, edition))
    return out


MONTH_NAMES = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
               "november", "december")


def write_monthly_items(out_dir: Path, n: int, first: str = "2010-01") -> list[Path]:
    """n monthly items with an edition each, as an archive holds them: write_editions' copies retitled
    "Asielinstroom in <month> <year>" (so the edition read from the text is the copy's own)."""
    out = []
    for path, edition in write_editions(out_dir, n, first):
        y, m = int(edition[:4]), int(edition[5:7])
        text = path.read_text(encoding="utf-8")
        assert text.startswith("Asielinstroom in december 2022")
        path.write_text(text.replace("Asielinstroom in december 2022", f"Asielinstroom in {MONTH_NAMES[m - 1]} {y}", 1),
                        encoding="utf-8")
        out.append(path)
    return out
