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


def write_retitled_copies(out_dir: Path, n: int, first: str = "2010-01") -> list[Path]:
    """write_editions' copies retitled "Asielinstroom in <month> <year>" (the edition read from the text
    is the copy's own) but otherwise about December 2022: every edition reports the same figures, so each
    shares every key with all the others (the worst case for a run that adds one: scripts/bench.py)."""
    out = []
    for path, edition in write_editions(out_dir, n, first):
        y, m = int(edition[:4]), int(edition[5:7])
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("Asielinstroom in december 2022", f"Asielinstroom in {MONTH_NAMES[m - 1]} {y}", 1),
                        encoding="utf-8")
        out.append(path)
    return out


def write_monthly_items(out_dir: Path, n: int, first: str = "2010-01") -> list[Path]:
    """n monthly items with an edition each, as an archive holds them: write_editions' copies, each
    about its own month — "Asielinstroom in <month> <year>", its month where the item says december,
    the month before where it says november, its year and the year before for 2022 and 2021, updated
    in the month after — so an item shares keys with the items of its year (the year before's totals)
    and its neighbours, not with every edition."""
    import re
    out = []
    for path, edition in write_editions(out_dir, n, first):
        y, m = int(edition[:4]), int(edition[5:7])
        before, after = (y, m - 1) if m > 1 else (y - 1, 12), (y, m + 1) if m < 12 else (y + 1, 1)
        text = path.read_text(encoding="utf-8")
        assert text.startswith("Asielinstroom in december 2022")
        says = {"11 januari 2023": f"11 {MONTH_NAMES[after[1] - 1]} {after[0]}", "december": MONTH_NAMES[m - 1],
                "november": MONTH_NAMES[before[1] - 1], "2022": str(y), "2021": str(y - 1)}
        text = re.sub("|".join(says), lambda x: says[x.group(0)], text)
        path.write_text(text, encoding="utf-8")
        out.append(path)
    return out
