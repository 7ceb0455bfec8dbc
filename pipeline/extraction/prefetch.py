"""The mentions of a long document's later blocks, found by a forked copy of the process while this one
works through the earlier blocks (pipeline.ingest.forked; the machines have two cores).

analyse_block(doc, start, end) depends only on the document and the block: its result is the same in
any process. For a document of at least MIN_BLOCKS prose blocks, the first call loads the spaCy
pipeline and forks a copy, which analyses the prose blocks from PARENT_SHARE of the text on (at most
MAX_SHARE_CHARS of text: its results wait here until used) and sends back {(start, end): sentences}
in one pickle (objects shared inside a block stay shared). This process
analyses the blocks before that point itself; asked for a block of the copy's share, it waits for the
copy once and takes its result. A block the copy has not analysed (another caller, another order), a
copy that failed, a second pass over the same blocks: analysed here, as before.
"""
from __future__ import annotations

import weakref

from ..ingest.forked import in_fork
from ..language.nlp import nlp

MIN_BLOCKS = 200
PARENT_SHARE = 0.4       # this process also does everything else per block (attachment, frames, rows)
# the copy's results wait in this process until their blocks come up: at most this much text of them
# (the sentences of 1 MB of text take ~16 MB here; a 10 MB text prefetched whole held 160 MB more)
MAX_SHARE_CHARS = 1_500_000

_state: dict = {}        # the document being prefetched: doc (a weak reference), job, keys, results


def prefetched(doc, start: int, end: int, analyse):
    """The copy's result for the block, or None (the caller analyses it); starts the copy on the
    first call for a document."""
    if _state.get("doc", lambda: None)() is not doc:
        if _state.get("job") is not None:
            _state["job"].result()          # the previous document's copy, never asked: wait for it
        _state.clear()
        _start(doc, analyse)
    key = (start, end)
    if key not in _state.get("keys", ()):
        return None
    if _state.get("results") is None:
        _state["results"] = _state["job"].result() or {}
    return _state["results"].pop(key, None)


def _start(doc, analyse) -> None:
    _state["doc"] = weakref.ref(doc)
    blocks = [(b.start, b.end) for b in doc.blocks if b.kind != "table_row"]
    share = copy_share(blocks)
    if not share:
        return
    nlp()                                   # loaded before the fork: the copy has it
    job = in_fork(_analyse_all, doc, share, analyse)
    if job is not None:
        _state.update(job=job, keys=set(share), results=None)


def copy_share(blocks: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The prose blocks (start, end) the copy analyses: none for fewer than MIN_BLOCKS; else those from
    PARENT_SHARE of the text on, at most MAX_SHARE_CHARS of text."""
    if len(blocks) < MIN_BLOCKS:
        return []
    total, done, first = sum(e - s for s, e in blocks), 0, len(blocks)
    for i, (s, e) in enumerate(blocks):
        if done >= PARENT_SHARE * total:
            first = i
            break
        done += e - s
    share, size = [], 0
    for s, e in blocks[first:]:
        size += e - s
        if size > MAX_SHARE_CHARS:
            break
        share.append((s, e))
    return share


def _analyse_all(doc, blocks, analyse) -> dict:
    return {k: analyse(doc, *k) for k in blocks}
