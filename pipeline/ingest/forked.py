"""A call run by a forked copy of this process while this one goes on (the machines have two cores).

    job = in_fork(fn, *args)      # None when this process should not fork
    ...                           # meanwhile, other work here
    value = job.result()          # fn(*args) as the copy computed it, or None when the copy failed

Only where forking is safe and pays: a POSIX system, no other thread in this process (Prefect, Dask
and their locks), two cores or more, and not in a worker of a process pool (`run --workers N`: the
workers already use the cores; a copy would only add its cost). The copy writes its result pickled to an unlinked temporary
file and exits at once (os._exit: no clean-up, no flushed buffers of this process); any error in it
gives None, and the caller computes the value itself, so a result and an error are always those of
computing it here.
"""
from __future__ import annotations

import gc
import os
import pickle
import tempfile
import threading


def can_fork() -> bool:
    import multiprocessing     # start-up: only a run that forks needs it
    return hasattr(os, "fork") and threading.active_count() == 1 and (os.cpu_count() or 1) >= 2 \
        and multiprocessing.parent_process() is None


class Job:
    def __init__(self, pid: int, out):
        self.pid, self.out = pid, out

    def result(self):
        """Waits for the copy (once) and returns its result, or None."""
        if self.out is None:
            return None
        os.waitpid(self.pid, 0)
        out, self.out = self.out, None
        out.seek(0)
        payload = out.read()
        out.close()
        return pickle.loads(payload) if payload else None


def in_fork(fn, *args) -> Job | None:
    if not can_fork():
        return None
    out = tempfile.TemporaryFile()
    pid = os.fork()
    if pid == 0:                        # the copy: compute, write, leave
        # What the copy inherits it never frees (it leaves with os._exit): frozen, its garbage
        # collections do not go over it again and again, nor write to its pages (copy-on-write):
        # ~0.03 s of the copy that reads the 122 pages of the Staat van Migratie.
        gc.freeze()
        try:
            try:
                payload = pickle.dumps(fn(*args), protocol=pickle.HIGHEST_PROTOCOL)
            except BaseException:       # noqa: BLE001  (the caller computes it then, and reports)
                payload = b""
            out.write(payload)
            out.flush()
        finally:
            os._exit(0)
    return Job(pid, out)
