"""Small inline SVG charts of the published series, drawn in Python (no script library, no network).

One chart per series: a metric for one nationality and category, in one unit and kind of period
(months, years, rolling twelve months ...), its published values by period across every edition in
extracted/ as a line with dots. Where editions gave a period different values (a revision), each
edition's value is a hollow dot on the same period; a reviewed value is a square.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date
from html import escape

from ..keys import field, number, row_id
from ..values import dutch as _fmt
from .cells import cell_text


@dataclass(frozen=True)
class SeriesPoint:
    period_start: str
    period_end: str
    value: float | None                          # value_published
    editions: tuple[tuple[str, float], ...]      # (edition, value) of every edition that gave it
    review_status: str = ""
    finding_status: str = ""
    row: tuple[str, str] = ("", "")              # (doc_id, row id) of the row its published value comes from


@dataclass(frozen=True)
class Series:
    sid: str               # series_id: the anchor rows link to
    metric: str
    nationality: str
    category: str
    unit: str
    period_kind: str
    points: tuple[SeriesPoint, ...]

    @property
    def title(self) -> str:
        return " ".join(x for x in (self.metric, self.nationality, self.category) if x) + f" ({self.period_kind}, {self.unit})"


def series_id(row) -> str:
    """The chart a row belongs to: metric, nationality, category, unit and period kind."""
    parts = [cell_text(field(row, c)) or "-" for c in ("metric", "nationality", "category", "unit", "period_kind")]
    return "s-" + ".".join(p.replace(" ", "_") for p in parts)


_EDITION = re.compile(r"(\d{4}-\d\d): (-?[\d.e+-]+)")


def series_list(frame, min_points: int = 2, sources: set[str] | None = None) -> list[Series]:
    """The series of build_series' table (one row per key) with at least `min_points` periods;
    with `sources`, only series that one of those documents reports."""
    groups: dict[str, list[dict]] = {}
    for r in frame.to_dict(orient="records"):
        groups.setdefault(series_id(r), []).append(r)
    out = []
    for sid, rows in groups.items():
        if len(rows) < min_points:
            continue
        if sources is not None and not any(s in str(field(r, "editions")) for r in rows for s in sources):
            continue
        rows.sort(key=lambda r: (str(field(r, "period_start")), str(field(r, "period_end"))))
        first = rows[0]
        points = tuple(SeriesPoint(
            str(field(r, "period_start")), str(field(r, "period_end")), number(field(r, "value_published", None)),
            tuple((m.group(1), float(m.group(2))) for m in _EDITION.finditer(str(field(r, "editions")))),
            str(field(r, "review_status")), str(field(r, "finding_status")), _row_of(r)) for r in rows)
        out.append(Series(sid, *(str(field(first, c)) for c in ("metric", "nationality", "category", "unit",
                                                               "period_kind")), points))
    out.sort(key=lambda s: (s.metric, s.nationality, s.category, s.period_kind))
    return out


def _row_of(r) -> tuple[str, str]:
    """(doc_id, row id) of the row a series row's published value comes from; ("", "") when unknown."""
    try:
        return str(field(r, "doc_id")), row_id(r)
    except (TypeError, ValueError):
        return "", ""


def _day(d: str) -> float:
    try:
        return float(date.fromisoformat(d).toordinal())
    except ValueError:
        return math.nan


def svg_chart(s: Series, width: int = 340, height: int = 130, link=None) -> str:
    """The series as one <svg>: x = the middle of each period, y = the value (from zero). `link(point)`:
    where a published point leads (its row in the document view), "" for nowhere."""
    left, right, top, bottom = 52, 10, 18, 22
    xs = [(_day(p.period_start or p.period_end) + _day(p.period_end or p.period_start)) / 2 for p in s.points]
    values = [v for p in s.points for v in [p.value, *(e[1] for e in p.editions)] if v is not None]
    if not values or any(math.isnan(x) for x in xs):
        return ""
    lo, hi = min(0.0, min(values)), max(values)
    hi = hi if hi > lo else lo + 1
    x0, x1 = min(xs), max(xs)
    span = x1 - x0 or 1.0
    px = lambda x: left + (x - x0) / span * (width - left - right) if x1 > x0 else (left + width - right) / 2  # noqa: E731
    py = lambda v: top + (hi - v) / (hi - lo) * (height - top - bottom)  # noqa: E731
    parts = [f'<svg class="chart" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(s.title)}">',
             f'<title>{escape(s.title)}</title>',
             f'<line class="axis" x1="{left}" y1="{py(lo):.1f}" x2="{width - right}" y2="{py(lo):.1f}"/>',
             f'<line class="axis" x1="{left}" y1="{top}" x2="{left}" y2="{py(lo):.1f}"/>',
             f'<text class="tick" x="{left - 4}" y="{py(hi) + 4:.1f}" text-anchor="end">{_fmt(hi)}</text>',
             f'<text class="tick" x="{left - 4}" y="{py(lo) + 4:.1f}" text-anchor="end">{_fmt(lo)}</text>',
             f'<text class="tick" x="{px(x0):.1f}" y="{height - 6}" text-anchor="start">{_label(s.points[0])}</text>']
    if x1 > x0:
        parts.append(f'<text class="tick" x="{px(x1):.1f}" y="{height - 6}" text-anchor="end">{_label(s.points[-1])}</text>')
    line = [(px(x), py(p.value)) for x, p in zip(xs, s.points) if p.value is not None]
    if len(line) > 1:
        parts.append('<polyline class="line" points="' + " ".join(f"{a:.1f},{b:.1f}" for a, b in line) + '"/>')
    for x, p in zip(xs, s.points):
        for ed, v in p.editions:
            if p.value is None or abs(v - p.value) > 1e-9:
                parts.append(f'<circle class="edition" cx="{px(x):.1f}" cy="{py(v):.1f}" r="3.5">'
                             f'<title>{_label(p)}: {_fmt(v)} in edition {ed}</title></circle>')
        if p.value is None:
            continue
        eds = ", ".join(f"{ed}: {_fmt(v)}" for ed, v in p.editions)
        tip = f"{_label(p)}: {_fmt(p.value)} (editions {eds})" + (f"; {p.review_status}" if p.review_status else "")
        cls = "point" + (f" f-{p.finding_status}" if p.finding_status in ("error", "warning") else "")
        href = link(p) if link else ""
        if href:
            parts.append(f'<a href="{escape(href)}" class="ptlink">')
            tip += " (click: its number)"
        if p.review_status:
            parts.append(f'<rect class="{cls} reviewed" x="{px(x) - 3.5:.1f}" y="{py(p.value) - 3.5:.1f}" width="7" '
                         f'height="7"><title>{escape(tip)}</title></rect>')
        else:
            parts.append(f'<circle class="{cls}" cx="{px(x):.1f}" cy="{py(p.value):.1f}" r="3">'
                         f'<title>{escape(tip)}</title></circle>')
        if href:
            parts.append("</a>")
    parts.append("</svg>")
    return "".join(parts)


def _label(p: SeriesPoint) -> str:
    """A period as short text: 2023-01, 2023, 2022-02..2023-01."""
    a, b = p.period_start, p.period_end
    if a[:4] == b[:4] and a[5:] == "01-01" and b[5:] == "12-31":
        return a[:4]
    if a[:7] == b[:7]:
        return a[:7] if a[8:] == "01" else a
    return f"{a[:7]}..{b[:7]}" if a else f"..{b}"
