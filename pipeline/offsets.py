"""The offset map of a text document: for every character of Document.text, its offset in the decoded
file (Document.raw_offsets).

Markdown markup is cut out of a text in pieces, so the kept characters lie in runs of consecutive
offsets: "**1.234** aanvragen" keeps "1.234" (offsets 2..6) and " aanvragen" (9..18). The map holds one
entry per run, not one per character — two machine-integer arrays (the run's first character in the
text, its offset in the file) — so a 50 MB document costs a few MB here instead of a Python int and a
tuple slot per character (36 bytes each, 1.9 GB). It reads like the sequence it stands for
(`offsets[i]`, `len`, iteration, slices as lists, ==), and `position(raw)` is `bisect_left` on it.
"""
from __future__ import annotations

import bisect
from array import array
from typing import Iterable, Iterator


class OffsetMap:
    """An immutable non-decreasing sequence of offsets, stored as runs of consecutive values."""

    __slots__ = ("_starts", "_values", "_len")

    def __init__(self, starts: array, values: array, length: int):
        self._starts = starts    # index in the sequence where each run begins (increasing, first 0)
        self._values = values    # the value at that index; the run goes on value + 1, value + 2, ...
        self._len = length

    @classmethod
    def of(cls, offsets: Iterable[int]) -> "OffsetMap":
        """The map of a plain sequence of offsets (tests, small texts)."""
        b = OffsetMapBuilder()
        for v in offsets:
            b.add(v)
        return b.build()

    @classmethod
    def identity(cls, length: int) -> "OffsetMap":
        """Offsets 0, 1, ..., length - 1: a text whose characters stand where they stand in the file."""
        return cls(array("q", [0] if length else []), array("q", [0] if length else []), length)

    def __len__(self) -> int:
        return self._len

    @property
    def runs(self) -> int:
        """How many runs of consecutive offsets the map holds (what it costs)."""
        return len(self._starts)

    def _run(self, i: int) -> int:
        return bisect.bisect_right(self._starts, i) - 1

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[k] for k in range(*i.indices(self._len))]
        if i < 0:
            i += self._len
        if not 0 <= i < self._len:
            raise IndexError("offset index out of range")
        k = self._run(i)
        return self._values[k] + (i - self._starts[k])

    def __iter__(self) -> Iterator[int]:
        n = len(self._starts)
        for k in range(n):
            end = self._starts[k + 1] if k + 1 < n else self._len
            v = self._values[k]
            yield from range(v, v + end - self._starts[k])

    def __eq__(self, other) -> bool:
        if isinstance(other, OffsetMap):       # runs are always merged: one representation per sequence
            return self._len == other._len and self._starts == other._starts and self._values == other._values
        if isinstance(other, (list, tuple)):
            return self._len == len(other) and all(a == b for a, b in zip(self, other))
        return NotImplemented

    __hash__ = None

    def __repr__(self) -> str:
        return f"OffsetMap({self._len} offsets in {self.runs} runs)"

    def position(self, raw: int) -> int:
        """How many offsets are below `raw`: the index of the first character at or after file offset
        `raw` (bisect.bisect_left on the sequence)."""
        k = bisect.bisect_left(self._values, raw)
        if k == 0:
            return 0
        k -= 1
        end = self._starts[k + 1] if k + 1 < len(self._starts) else self._len
        return self._starts[k] + min(end - self._starts[k], raw - self._values[k])


class OffsetMapBuilder:
    """Builds an OffsetMap piece by piece; a piece that goes on where the last one ended joins its run."""

    __slots__ = ("_starts", "_values", "_len", "_next")

    def __init__(self):
        self._starts, self._values = array("q"), array("q")
        self._len = 0
        self._next = None        # the value that would continue the last run

    def __len__(self) -> int:
        return self._len

    def add_run(self, value: int, length: int) -> None:
        """`length` consecutive offsets from `value` on."""
        if length <= 0:
            return
        if value != self._next:
            self._starts.append(self._len)
            self._values.append(value)
        self._len += length
        self._next = value + length

    def add(self, value: int) -> None:
        self.add_run(value, 1)

    def extend(self, offsets: "OffsetMap", start: int = 0, stop: int | None = None) -> None:
        """offsets[start:stop], run by run."""
        stop = len(offsets) if stop is None else min(stop, len(offsets))
        if start >= stop:
            return
        starts, values = offsets._starts, offsets._values
        k = offsets._run(start)
        while k < len(starts) and starts[k] < stop:
            a = max(starts[k], start)
            b = min(starts[k + 1] if k + 1 < len(starts) else len(offsets), stop)
            self.add_run(values[k] + (a - starts[k]), b - a)
            k += 1

    def last(self) -> int | None:
        """The last offset added (None before any)."""
        return None if self._next is None else self._next - 1

    def build(self) -> OffsetMap:
        return OffsetMap(self._starts, self._values, self._len)
