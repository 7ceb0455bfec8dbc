"""Where a page's ruled tables are.

A ruled table is drawn with path objects: thin horizontal and vertical rules (or stroked
cell rectangles). The boxes of the paths that touch each other make one cluster; a
cluster with at least two rules each way and more than one cell (three or more rules one
way) is a table, its region the union of the boxes. A text line whose baseline lies
inside a region, and whose horizontal extent overlaps it, is table text. A caption under
or over the table lies outside the rules; a lone rule (a footnote separator, the rules
around a letterhead) or a framed box of one cell is no table. Pages without paths have
no tables. Only the page's object list is walked (one type look-up per object), and
bounds are asked of path objects only.
"""
from __future__ import annotations

import ctypes
from collections import defaultdict

import pypdfium2.raw as pdfium_c

from .lines import Line


RULE_MAX_THICKNESS = 3.0  # a rule is a path at most this thick (pt) ...
_RULE_MIN_LENGTH = 6.0  # ... and at least this long
_TOUCH = 2.5  # path boxes this close (pt) belong to one cluster
_MAX_PATH_AREA = 0.4  # a path covering more of the page is a background or page frame
_MAX_PATHS = 5000  # a page drawn with more paths is a chart or a drawing: not looked at


def _path_boxes(container, count, get, matrix, page_area: float, out: list, depth: int = 0) -> None:
    """Bounding boxes (l, b, r, t) in page space of the visible path objects, also inside
    form XObjects (whose content has its own matrix)."""
    l, b, r, t = (ctypes.c_float() for _ in range(4))
    refs = tuple(ctypes.byref(v) for v in (l, b, r, t))
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    for k in range(count):
        obj = get(container, k)
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_PATH:
            if not pdfium_c.FPDFPath_GetDrawMode(obj, ctypes.byref(fill), ctypes.byref(stroke)):
                continue
            if fill.value == pdfium_c.FPDF_FILLMODE_NONE and not stroke.value:
                continue  # invisible (a clip path drawn as an object)
            if not pdfium_c.FPDFPageObj_GetBounds(obj, *refs):
                continue
            box = (l.value, b.value, r.value, t.value)
            if matrix is not None:
                box = _transform_box(box, matrix)
            if (box[2] - box[0]) * (box[3] - box[1]) <= _MAX_PATH_AREA * page_area:
                out.append(box)
        elif kind == pdfium_c.FPDF_PAGEOBJ_FORM and depth < 3:
            m = pdfium_c.FS_MATRIX()
            if not pdfium_c.FPDFPageObj_GetMatrix(obj, ctypes.byref(m)):
                continue
            own = (m.a, m.b, m.c, m.d, m.e, m.f)
            _path_boxes(obj, pdfium_c.FPDFFormObj_CountObjects(obj), pdfium_c.FPDFFormObj_GetObject,
                        own if matrix is None else _compose(own, matrix), page_area, out, depth + 1)
        if len(out) > _MAX_PATHS:
            return


def _compose(inner: tuple, outer: tuple) -> tuple:
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def _transform_box(box: tuple, m: tuple) -> tuple:
    a, b, c, d, e, f = m
    xs, ys = [], []
    for x in (box[0], box[2]):
        for y in (box[1], box[3]):
            xs.append(a * x + c * y + e)
            ys.append(b * x + d * y + f)
    return (min(xs), min(ys), max(xs), max(ys))


Box = tuple[float, float, float, float]  # (left, bottom, right, top), pdfium's bottom-up y


def table_regions(page, page_area: float) -> list[tuple[Box, list[Box]]]:
    """The ruled tables of a page: each region's box and the path boxes that draw it."""
    boxes: list = []
    _path_boxes(page, pdfium_c.FPDFPage_CountObjects(page), pdfium_c.FPDFPage_GetObject, None, page_area, boxes)
    if len(boxes) < 4 or len(boxes) > _MAX_PATHS:
        return []
    # cluster boxes that touch: sweep by top edge, union-find on overlaps
    boxes.sort(key=lambda bx: -bx[3])
    parent = list(range(len(boxes)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, (l1, b1, r1, t1) in enumerate(boxes):
        for j in range(i + 1, len(boxes)):
            l2, b2, r2, t2 = boxes[j]
            if t2 < b1 - _TOUCH:
                break  # sorted by top: no later box reaches up to box i
            if l2 <= r1 + _TOUCH and l1 <= r2 + _TOUCH:
                parent[find(j)] = find(i)
    clusters: dict[int, list] = defaultdict(list)
    for i, box in enumerate(boxes):
        clusters[find(i)].append(box)

    regions = []
    for members in clusters.values():
        across = down = 0
        for l, b, r, t in members:
            w, h = r - l, t - b
            if h <= RULE_MAX_THICKNESS and w >= _RULE_MIN_LENGTH:
                across += 1
            elif w <= RULE_MAX_THICKNESS and h >= _RULE_MIN_LENGTH:
                down += 1
            elif w >= _RULE_MIN_LENGTH and h >= _RULE_MIN_LENGTH:
                across += 2  # a stroked cell rectangle: two rules each way
                down += 2
        if across >= 2 and down >= 2 and max(across, down) >= 3:
            box = (min(m[0] for m in members), min(m[1] for m in members),
                   max(m[2] for m in members), max(m[3] for m in members))
            regions.append((box, members))
    return regions


def mark_table_lines(lines: list[Line], regions: list[tuple[Box, list[Box]]]) -> bool:
    """Mark the lines inside a region; True when there are any."""
    found = False
    for line in lines:
        for k, ((l, b, r, t), _) in enumerate(regions):
            if b < line.y_first < t and b < line.y_last < t and line.x0 < r and line.x1 > l:
                line.table, line.region, found = True, k, True
                break
    return found
