"""pipeline.review.pdfpage: extracted numbers found again on their PDF page, and page images.

What a box holds is read back by pdfium itself (the text inside the box, turned back into page
space through the page's crop box), never by the module under test.
"""
from __future__ import annotations

import functools
import io
import math
import sys
from pathlib import Path

import pytest

# the tests that read or extract the 122-page Staat van Migratie PDF run in one xdist worker (make
# test-fast: --dist loadgroup), which extracts it once (conftest.extracted) instead of each worker
pytestmark = pytest.mark.xdist_group("staat-van-migratie-pdf")

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import pypdfium2 as pdfium  # noqa: E402
from PIL import Image  # noqa: E402  (Pillow comes with pdfplumber, constraints.txt)

from pipeline.errors import IngestError  # noqa: E402
from pipeline.review.pdfpage.document import page_count  # noqa: E402
from pipeline.review.pdfpage.items import items_for  # noqa: E402
from pipeline.review.pdfpage.locate import NumberBox, locate_numbers  # noqa: E402
from pipeline.review.pdfpage.render import render_page_png  # noqa: E402
from pipeline.store import to_frame  # noqa: E402
from conftest import extracted as extract_document, gold_rows  # noqa: E402

KERNCIJFERS_2023 = ROOT / "raw/kerncijfers-2023-01.rendered.pdf"
KERNCIJFERS_2017 = ROOT / "tests/fixtures/twins/kerncijfers-2017-01.rendered.pdf"
STAAT = ROOT / "tests/fixtures/twins/staat-van-migratie-2024.rendered.pdf"
LUNCH = ROOT / "raw/kamervragen-ah-tk-20232024-1984-lunchmaaltijden.pdf"  # crop box inside the media box
BAD = ROOT / "tests/fixtures/bad"


@functools.lru_cache(maxsize=None)
def rows_of(path: Path):
    doc, res = extract_document(path)      # the session's extraction (conftest.extracted)
    return doc, to_frame(res.observations)


def quote_items(path: Path) -> list[tuple]:
    """(row index, page, surface, quote) for every row, as the observation table gives them."""
    doc, df = rows_of(path)
    return [(i, int(r.page), doc.text[r.char_start : r.char_end], r.quote) for i, r in df.iterrows()]


def exact_items(path: Path) -> list[tuple]:
    doc, df = rows_of(path)
    return items_for(doc, ((i, r.char_start, r.char_end) for i, r in df.iterrows()))


@functools.lru_cache(maxsize=None)
def located(path: Path, exact: bool) -> dict:
    return locate_numbers(path, exact_items(path) if exact else quote_items(path))


def row(path: Path, page: int, surface: str, quote_start: str) -> int:
    """The index of the one row with this page, surface and quote beginning."""
    doc, df = rows_of(path)
    found = [i for i, r in df.iterrows() if r.page == page and doc.text[r.char_start : r.char_end] == surface
             and r.quote.startswith(quote_start)]
    assert len(found) == 1, found
    return found[0]


class Reader:
    """pdfium's text inside boxes given as page fractions, page by page of one open PDF."""

    def __init__(self, path: Path):
        self.pdf = pdfium.PdfDocument(path)
        self.pages = {}

    def _page(self, number: int):
        if number not in self.pages:
            page = self.pdf[number - 1]
            assert page.get_rotation() == 0
            self.pages[number] = (page, page.get_textpage(), page.get_bbox())
        return self.pages[number]

    def text(self, number: int, box, widen: float = 0.0) -> str:
        _, textpage, (left, bottom, right, top) = self._page(number)
        x0, y0, x1, y1 = box
        w, h = right - left, top - bottom
        got = textpage.get_text_bounded(left + x0 * w, top - y1 * h, left + (x1 + widen) * w, top - y0 * h)
        return "".join(got.split()).replace("\ufffe", "")

    def in_boxes(self, nb: NumberBox) -> str:
        return "".join(self.text(nb.page, box) for box in nb.boxes)


def compact(surface: str) -> str:
    return "".join(surface.split())


def check_boxes(path: Path, items, got: dict) -> None:
    """Every item located; pdfium reads exactly the surface inside its boxes; boxes inside the page."""
    reader = Reader(path)
    wrong = []
    for item in items:
        nb = got.get(item[0])
        if nb is None:
            wrong.append((item[:3], "not located"))
            continue
        assert nb.boxes and all(0 <= x0 < x1 <= 1 and 0 <= y0 < y1 <= 1 for x0, y0, x1, y1 in nb.boxes), nb
        if reader.in_boxes(nb) != compact(item[2]):
            wrong.append((item[:3], reader.in_boxes(nb)))
    assert wrong == []


def same_line(a: NumberBox, b: NumberBox) -> bool:
    return a.page == b.page and any(p[1] < q[3] and q[1] < p[3] for p in a.boxes for q in b.boxes)


def reads_before(a: NumberBox, b: NumberBox) -> bool:
    """a's first box comes before b's in reading order: an earlier page, a line higher up, or
    more to the left on the same line."""
    if a.page != b.page:
        return a.page < b.page
    (ax, ay, _, ay1), (bx, by, _, by1) = a.boxes[0], b.boxes[0]
    if ay < by1 and by < ay1:
        return ax < bx
    return ay < by


# --- sample rows ------------------------------------------------------------------------------


def test_prose_number_percent_and_a_number_three_times_on_its_page():
    got = located(KERNCIJFERS_2023, False)
    reader = Reader(KERNCIJFERS_2023)
    prose = got[row(KERNCIJFERS_2023, 1, "2.490", "Het aantal eerste asielaanvragen in januari")]
    assert prose.page == 1 and len(prose.boxes) == 1
    assert reader.in_boxes(prose) == "2.490"
    assert prose.boxes[0] == pytest.approx((0.8375, 0.5326, 0.8812, 0.5423), abs=0.001)  # the line's end
    percent = got[row(KERNCIJFERS_2023, 1, "26%", "o 26% uit Syrië")]
    assert reader.in_boxes(percent) == "26%"
    # "6%" three times on page 1, one row each: three boxes, top to bottom in the list's order
    sixes = [got[row(KERNCIJFERS_2023, 1, "6%", f"o 6% uit {country}")] for country in ("Somalië", "Jemen", "Algerije")]
    assert [reader.in_boxes(nb) for nb in sixes] == ["6%"] * 3
    assert sixes[0].boxes[0][1] < sixes[1].boxes[0][1] < sixes[2].boxes[0][1]
    assert all(same_line(sixes[1], nb) is False for nb in (sixes[0], sixes[2]))


def test_table_cells_the_same_percent_in_two_rows_and_cells_beside_footnote_markers():
    got = located(STAAT, False)
    reader = Reader(STAAT)
    cells = {name: got[row(STAAT, 31, surface, quote)] for name, surface, quote in (
        ("83% 2022", "83%", "2022 | 4.960 | 4.390 | 83%"), ("4.390", "4.390", "2022 | 4.960 | 4.390 | 83%"),
        ("83% 2023", "83%", "2023 | 5.800 | 4.890 | 83%"), ("4.890", "4.890", "2023 | 5.800 | 4.890 | 83%"))}
    assert {name: reader.in_boxes(nb) for name, nb in cells.items()} == {
        "83% 2022": "83%", "4.390": "4.390", "83% 2023": "83%", "4.890": "4.890"}
    assert cells["83% 2022"] != cells["83% 2023"]
    assert same_line(cells["83% 2022"], cells["4.390"]) and same_line(cells["83% 2023"], cells["4.890"])
    assert cells["83% 2022"].boxes[0][1] < cells["83% 2023"].boxes[0][1]
    # the footnote markers 42 and 43 printed after 4.390 and 4.890 are left out of the boxes, but next to them
    assert reader.text(31, cells["4.390"].boxes[0], widen=0.02) == "4.39042"
    assert reader.text(31, cells["4.890"].boxes[0], widen=0.02) == "4.89043"


def test_numbers_split_over_a_line_break_get_a_box_on_each_line():
    reader = Reader(KERNCIJFERS_2017)
    got = located(KERNCIJFERS_2017, False)
    split = got[row(KERNCIJFERS_2017, 2, "12\n%", "12 % was afkomstig uit Syrië")]
    assert len(split.boxes) == 2 and [reader.text(2, b) for b in split.boxes] == ["12", "%"]
    assert split.boxes[0][1] < split.boxes[1][1]  # "12" at a line's end, "%" starting the next line
    # the same "12 %" on one line elsewhere on the page is another row: one box, another place
    whole = got[row(KERNCIJFERS_2017, 2, "12 %", "12 % is staatloos")]
    assert len(whole.boxes) == 1 and reader.in_boxes(whole) == "12%"
    staat = located(STAAT, False)[row(STAAT, 56, "7,9\nmiljard", "Er is bijvoorbeeld onder het Nabuurschaps")]
    assert [Reader(STAAT).text(56, b) for b in staat.boxes] == ["7,9", "miljard"]


def test_a_number_spaced_otherwise_than_in_the_pdf_is_found():
    quote = "In januari 2017 kwam 13 % van de asielzoekers die voor het eerst een aanvraag indienden"
    written = {"13%": quote.replace("13 %", "13%"), "13 %": quote, "1 3 %": quote}
    got = locate_numbers(KERNCIJFERS_2017, [(s, 2, s, q) for s, q in written.items()])
    assert len(set(got.values())) == 1 and len(got) == 3  # pdfium's "13 %", however the surface spaces it
    assert Reader(KERNCIJFERS_2017).in_boxes(got["13%"]) == "13%"


def test_a_number_twice_in_one_sentence_one_row_each():
    for path, page, surface, quote, exact in (
            (KERNCIJFERS_2017, 2, "10 %", "10 % betrof nareizigers uit Eritrea en 10 % was staatloos.", True),
            (STAAT, 54, "1.000", "Het betreft 1.000 hervestigde vluchtelingen", True)):
        doc, df = rows_of(path)
        ids = [i for i, r in df.iterrows() if r.page == page and doc.text[r.char_start : r.char_end] == surface
               and r.quote.startswith(quote)]
        assert len(ids) == 2
        for got in (located(path, False), located(path, exact)):
            first, second = got[ids[0]], got[ids[1]]
            assert reads_before(first, second)
            assert Reader(path).in_boxes(first) == Reader(path).in_boxes(second) == compact(surface)


def test_the_quote_cannot_tell_which_een_a_row_is_but_items_for_can():
    """The one known exception of the rows' quotes: the sentence has the article "een" twice
    before the "een" that was extracted; items_for gives the number's own occurrence."""
    i = row(STAAT, 23, "een", "Dit is een stijging ten opzichte van de eerder geformuleerde bouwopgave")
    by_quote, exact = located(STAAT, False)[i], located(STAAT, True)[i]
    assert by_quote != exact
    reader = Reader(STAAT)
    assert reader.in_boxes(exact) == reader.in_boxes(by_quote) == "een"
    line = (0.0, exact.boxes[0][1], 1.0, exact.boxes[0][3])  # the whole printed line of the chosen one
    assert "eenhogerdaneerderverwachtmigratiesaldo" in reader.text(23, line)
    assert "stijging" in reader.text(23, (0.0, by_quote.boxes[0][1], 1.0, by_quote.boxes[0][3]))


def test_a_footnote_marker_glued_to_a_number_does_not_hide_it():
    """'Staatscommissie Demografische Ontwikkelingen 2050' with the superscript marker 3 glued to
    it (pdfium reads "20503"): found, the marker outside the box (page 11 has "2050" three times)."""
    doc, _ = rows_of(STAAT)
    at = doc.text.index("Demografische Ontwikkelingen 2050 (SDO)") + len("Demografische Ontwikkelingen ")
    got = locate_numbers(STAAT, items_for(doc, [("sdo", at, at + 4)]))
    reader = Reader(STAAT)
    assert got["sdo"].page == 11 and reader.in_boxes(got["sdo"]) == "2050"
    assert reader.text(11, got["sdo"].boxes[0], widen=0.01) == "20503"


def test_a_paragraph_that_goes_on_over_the_page_break():
    """"Arbeid was in 2021 ... om naar Nederland" ends page 43, "te komen (38.860 personen)" starts
    page 44; page 43 has 38.860 too, in a table. Given page 44 (the number's) or page 43 (the
    paragraph's), the number is the one on page 44."""
    i = row(STAAT, 44, "38.860", "Arbeid was in 2021 de meest voorkomende migratiereden")
    _, df = rows_of(STAAT)
    quote = df.iloc[i].quote
    got = locate_numbers(STAAT, [("own", 44, "38.860", quote), ("paragraph", 43, "38.860", quote),
                                 ("table", 43, "38.860", "2021 | 117.570 | 38.860 | 29.350 | 21.125 | 28.240")])
    assert got["own"] == got["paragraph"] == located(STAAT, False)[i]
    assert got["own"].page == 44 and got["table"].page == 43
    assert Reader(STAAT).in_boxes(got["own"]) == Reader(STAAT).in_boxes(got["table"]) == "38.860"


def test_a_crop_box_inside_the_media_box():
    """The Kamervragen PDF crops 18 pt off the left and 35 pt off the bottom: fractions are of
    the crop box, as the page is rendered."""
    doc, df = rows_of(LUNCH)
    items = quote_items(LUNCH)
    got = locate_numbers(LUNCH, items)
    check_boxes(LUNCH, items, got)
    eighty = got[row(LUNCH, 4, "80%", "Bij overschrijding van de vrije ruimte")]
    assert eighty.boxes[0] == pytest.approx((0.7917, 0.8354, 0.8154, 0.8423), abs=0.001)


# --- every row ----------------------------------------------------------------------------------


@pytest.mark.parametrize("exact", [False, True], ids=["quote", "items_for"])
def test_every_row_of_the_kerncijfers_pdf_is_located(exact):
    items = exact_items(KERNCIJFERS_2023) if exact else quote_items(KERNCIJFERS_2023)
    got = located(KERNCIJFERS_2023, exact)
    assert len(items) == len(got) == gold_rows("kerncijfers-2023-01")
    check_boxes(KERNCIJFERS_2023, items, got)
    # one column of prose: the rows' order is the reading order
    assert all(reads_before(got[i - 1], got[i]) for i in range(1, len(items)))


@pytest.mark.parametrize("exact", [False, True], ids=["quote", "items_for"])
def test_every_row_of_the_staat_van_migratie_pdf_is_located(exact):
    """Every row (1,500 and more) on 122 pages: each located, pdfium reads its surface in its boxes; each table
    cell on the printed line of the other cells of its row; the prose rows in reading order
    (the quote's one known exception, the "een" above, left out)."""
    doc, df = rows_of(STAAT)
    items = exact_items(STAAT) if exact else quote_items(STAAT)
    got = located(STAAT, exact)
    assert len(items) == len(df) == len(got) > 1500
    check_boxes(STAAT, items, got)
    rows: dict[int, list[int]] = {}
    for i, r in df.iterrows():
        if r.table:
            rows.setdefault(doc.text.rfind("\n", 0, r.char_start), []).append(i)
    off_line = [i for cells in rows.values() for i in cells[1:] if not same_line(got[i], got[cells[0]])]
    assert len(rows) == 320 and off_line == []
    known = set() if exact else {row(STAAT, 23, "een", "Dit is een stijging")}
    prose = [i for i, r in df.iterrows() if not r.table and i not in known]
    out_of_order = [i for j, i in zip(prose, prose[1:]) if df.iloc[j].char_start != df.iloc[i].char_start
                    and not reads_before(got[j], got[i])]
    assert len(prose) > 500 and out_of_order == []


# --- page images ----------------------------------------------------------------------------------


def test_render_page_png_size_for_the_scale_and_the_number_on_it():
    png = render_page_png(KERNCIJFERS_2023, 1)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    image = Image.open(io.BytesIO(png))
    assert image.size == (893, 1263) and image.mode == "RGB"  # A4, 595.3 x 841.9 pt, at 1.5
    assert Image.open(io.BytesIO(render_page_png(KERNCIJFERS_2023, 1, scale=1.0))).size == (596, 842)
    width, height = pdfium.PdfDocument(LUNCH)[3].get_size()
    assert Image.open(io.BytesIO(render_page_png(LUNCH, 4, scale=2))).size == (math.ceil(width * 2), math.ceil(height * 2)) == (1117, 1543)
    # the box of "2.490" on the image holds ink, a strip as large at the page's left edge none
    gray = image.convert("L")
    x0, y0, x1, y1 = located(KERNCIJFERS_2023, False)[row(KERNCIJFERS_2023, 1, "2.490", "Het aantal")].boxes[0]
    box = gray.crop((round(x0 * 893), round(y0 * 1263), round(x1 * 893), round(y1 * 1263)))
    assert sum(box.histogram()[:128]) > 20  # pixels darker than mid-grey
    margin = gray.crop((0, round(y0 * 1263), round((x1 - x0) * 893), round(y1 * 1263)))
    assert sum(margin.histogram()[:128]) == 0


@pytest.mark.parametrize("rotation", [90, 180, 270])
def test_a_rotated_page_has_its_boxes_where_the_image_shows_the_number(rotation, tmp_path):
    """The kerncijfers PDF saved with /Rotate on page 1: the box of "2.490" turns with the page
    as render_page_png draws it, and holds the number's ink."""
    pdf = pdfium.PdfDocument(KERNCIJFERS_2023)
    pdf[0].set_rotation(rotation)
    rotated = tmp_path / f"rotated-{rotation}.pdf"
    pdf.save(rotated)
    pdf.close()
    quote = "Het aantal eerste asielaanvragen in januari was circa 2.490."
    x0, y0, x1, y1 = locate_numbers(KERNCIJFERS_2023, [("n", 1, "2.490", quote)])["n"].boxes[0]
    turned = {90: (1 - y1, x0, 1 - y0, x1), 180: (1 - x1, 1 - y1, 1 - x0, 1 - y0), 270: (y0, 1 - x1, y1, 1 - x0)}
    box = locate_numbers(rotated, [("n", 1, "2.490", quote)])["n"].boxes[0]
    assert box == pytest.approx(turned[rotation], abs=1e-5)
    image = Image.open(io.BytesIO(render_page_png(rotated, 1))).convert("L")
    w, h = image.size
    assert (w, h) == ((1263, 893) if rotation in (90, 270) else (893, 1263))
    ink = image.crop((round(box[0] * w), round(box[1] * h), round(box[2] * w), round(box[3] * h)))
    assert sum(ink.histogram()[:128]) > 20


def test_page_count():
    assert page_count(KERNCIJFERS_2023) == 4
    assert page_count(STAAT) == 122


# --- bad input ---------------------------------------------------------------------------------


@pytest.mark.parametrize("page", [0, 5, -1, "1", 1.5, True])
def test_a_bad_page_number_is_a_one_line_value_error(page):
    for call in (lambda: render_page_png(KERNCIJFERS_2023, page),
                 lambda: locate_numbers(KERNCIJFERS_2023, [("x", page, "2.490", "circa 2.490")])):
        with pytest.raises(ValueError) as err:
            call()
        message = str(err.value)
        assert "\n" not in message and message.startswith(f"{KERNCIJFERS_2023}: page ")
        assert ("out of range: the PDF has 4 pages" in message) == (isinstance(page, int) and not isinstance(page, bool))


@pytest.mark.parametrize("scale", [0, -1.5, float("nan"), 11])
def test_a_bad_scale_is_a_one_line_value_error(scale):
    with pytest.raises(ValueError, match=r"^\S+kerncijfers-2023-01.rendered.pdf: scale .* is not a number above 0"):
        render_page_png(KERNCIJFERS_2023, 1, scale)


@pytest.mark.parametrize("name, reason", [
    ("truncated.pdf", "damaged or truncated PDF (no %%EOF end marker)"),
    ("encrypted.pdf", "encrypted (password protected) PDF"),
    ("empty.pdf", "empty file"),
    ("junk.pdf", "not a PDF (no %PDF header)"),
])
def test_a_file_that_is_no_readable_pdf_is_a_one_line_ingest_error(name, reason):
    for call in (lambda: page_count(BAD / name), lambda: render_page_png(BAD / name, 1),
                 lambda: locate_numbers(BAD / name, [("x", 1, "1", "1")])):
        with pytest.raises(IngestError) as err:
            call()
        assert str(err.value) == f"{BAD / name}: {reason}"


def test_a_scanned_pdf_renders_and_has_no_numbers_to_locate():
    scanned = BAD / "scanned.pdf"
    assert page_count(scanned) == 1
    assert Image.open(io.BytesIO(render_page_png(scanned, 1))).size[0] > 0
    assert locate_numbers(scanned, [("x", 1, "2.490", "circa 2.490")]) == {}
