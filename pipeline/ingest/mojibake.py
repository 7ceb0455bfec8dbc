"""Mojibake ("LPâ€™s": UTF-8 read as Windows-1252) repaired with ftfy line by line (repair_mojibake),
each repair recorded, and every character of the repaired text mapped to its offset before the repair."""
from __future__ import annotations

import re

from ..offsets import OffsetMap, OffsetMapBuilder


# UTF-8 read as Windows-1252: "â€™", "Ã©", "Â "
_MOJIBAKE = re.compile(r"[\u00c2\u00c3\u00e2][\u0080-\u00bf\u20ac\u201a-\u203a\u2122]")


def repair_mojibake(text: str, offsets: OffsetMap | None):
    """Fix mojibake line by line with ftfy; returns (text, offsets, repairs)."""
    if not _MOJIBAKE.search(text):
        return text, offsets, ()
    import ftfy  # only imported when a line looks broken
    if offsets is None:
        offsets = OffsetMap.identity(len(text))
    lines = text.split("\n")
    out_lines, out_offsets, repairs = [], OffsetMapBuilder(), []
    pos = 0
    for i, line in enumerate(lines):
        fixed = ftfy.fix_text(line) if _MOJIBAKE.search(line) else line
        if fixed != line:
            repairs.append(f"line {i + 1}: mojibake repaired: {line.strip()[:60]!r} -> {fixed.strip()[:60]!r}")
            line_offs = offsets[pos:pos + len(line)]
            for j in _aligned(line, fixed):
                out_offsets.add(line_offs[j])
        else:
            out_offsets.extend(offsets, pos, pos + len(line))
        out_lines.append(fixed)
        if i < len(lines) - 1:
            last = out_offsets.last()
            out_offsets.add(offsets[pos + len(line)] if pos + len(line) < len(offsets) else (last + 1 if last is not None else 0))
        pos += len(line) + 1
    return "\n".join(out_lines), out_offsets.build(), tuple(repairs)


def _aligned(old: str, new: str) -> list[int]:
    """For each character of `new` (a repair of `old`), the index in `old` it stands for: unchanged
    stretches map one to one, a repaired stretch ("â€™" -> "'") maps to where it began."""
    import difflib   # start-up: only for a line that was repaired
    out: list[int] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag == "equal":
            out.extend(range(i1, i2))
        else:
            out.extend([min(i1, len(old) - 1)] * (j2 - j1))
    return out
