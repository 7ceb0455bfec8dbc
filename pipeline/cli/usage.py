"""Usage errors of the command line, found before any work is done: a bad --edition, an output of a
kind the pipeline does not write, an output that cannot be written, an input that is not there, a Dask
address nothing answers at. Each is one line naming the option, the value and the reason; the command
line prints it as `error: ...` and exits 2."""
from __future__ import annotations

import argparse
import os
import re
import socket
import tempfile
from pathlib import Path

from ..errors import UsageError  # one class for every usage error (serve's too)
from ..store import TABLE_SUFFIXES
import ipaddress
from urllib.parse import urlsplit

EDITION = re.compile(r"(19|20)\d\d-(0[1-9]|1[0-2])")
DASK_SCHEMES = ("tcp", "tls")
DASK_CONNECT_SECONDS = 5.0


def edition(text: str) -> str:
    """argparse type of --edition: a month YYYY-MM ("2024-03"), not "2024-13" or "maart"."""
    if not EDITION.fullmatch(text):
        raise argparse.ArgumentTypeError(f"'{text}' is not a month YYYY-MM (for example 2024-03)")
    return text


def input_file(path: str) -> None:
    """A document named on its own (extract, tables): it must be there."""
    try:
        os.lstat(path)
    except OSError:
        raise UsageError(f"{path}: file not found") from None
    # a folder, a symlink loop or a link to nothing is read and refused by the reader, in the words a
    # run over their folder uses (pipeline.errors.read_bytes)


def output_table(path: str | None, option: str, suffixes: tuple[str, ...] = TABLE_SUFFIXES) -> None:
    """An output table (--out, --skipped, --findings): a name the pipeline knows how to write, in a
    folder it can write in. Nothing is created here."""
    if path is None:
        return
    suffix = Path(path).suffix.lower()
    if suffix not in suffixes:
        raise UsageError(f"{option} {path}: unknown output format '{suffix or '(no extension)'}' "
                         f"(expected {' or '.join(suffixes)})")
    if Path(path).is_dir():
        raise UsageError(f"{option} {path}: is a folder; give a file name ending in {' or '.join(suffixes)}")
    _writable(Path(path).parent, option, path)


def output_folder(path: str, option: str) -> None:
    """An output folder (--out-dir): a folder, or a name one can be made at, that can be written in."""
    p = Path(path)
    if p.exists() and not p.is_dir():
        raise UsageError(f"{option} {path}: is a file, not a folder")
    _writable(p, option, path)


def _writable(folder: Path, option: str, given: str) -> None:
    """The nearest folder that exists on the way to `folder` must be a folder and take a new file
    (tried with a temporary file: permissions alone do not tell, e.g. for root or a read-only mount)."""
    at = folder if str(folder) else Path(".")
    while not at.exists() and not at.is_symlink() and at != at.parent:
        at = at.parent
    if not at.is_dir():
        raise UsageError(f"{option} {given}: {at} is not a folder")
    try:
        fd, tmp = tempfile.mkstemp(prefix=".migstat-probe.", suffix=".tmp", dir=at)
    except OSError as e:
        raise UsageError(f"{option} {given}: cannot write in {at} ({e.strerror or e})") from None
    os.close(fd)
    os.unlink(tmp)


def dask_address(address: str) -> str:
    """`--dask ADDRESS`: tcp://host:port (or host:port) of a Dask scheduler that answers; checked with
    one TCP connection before Prefect starts, so a typo costs seconds, not a run."""
    m = re.fullmatch(r"(?:(?P<scheme>[a-z]+)://)?(?P<host>\[[0-9a-fA-F:]+\]|[^:/\s]+):(?P<port>\d{1,5})/?", address)
    if not m or int(m["port"]) > 65535:
        raise UsageError(f"--dask {address}: not a scheduler address (expected tcp://HOST:PORT, e.g. tcp://10.0.0.5:8786)")
    scheme = m["scheme"] or "tcp"
    if scheme not in DASK_SCHEMES:
        raise UsageError(f"--dask {address}: unknown protocol '{scheme}' (expected {' or '.join(DASK_SCHEMES)})")
    host = m["host"].strip("[]")
    try:
        socket.create_connection((host, int(m["port"])), timeout=DASK_CONNECT_SECONDS).close()
    except OSError as e:
        reason = e.strerror or str(e) or type(e).__name__
        raise UsageError(f"--dask {address}: no Dask scheduler answers there ({reason})") from None
    return f"{scheme}://{m['host']}:{m['port']}"


def _loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return host == "localhost"


def api_reachable_from(dask_address: str, api_url: str | None) -> None:
    """The cluster's workers report their task runs to the Prefect API, and keep the address after the
    run: it must be a server that outlives the run (not the temporary one a run starts when
    PREFECT_API_URL is not set: from the second run on the workers would report to a dead server, lose
    events and grow), and workers on other machines must reach it (not this machine's loopback)."""
    host = re.sub(r"^[a-z]+://", "", dask_address).rsplit(":", 1)[0]
    if not api_url:
        where = "127.0.0.1:4200" if _loopback(host) else "THIS-HOST:4200"
        raise UsageError(f"--dask {dask_address}: the workers need a Prefect server that outlives the run (they keep "
                         f"reporting to it); start one with `prefect server start{'' if _loopback(host) else ' --host 0.0.0.0'}` "
                         f"and set PREFECT_API_URL=http://{where}/api")
    if _loopback(host):
        return
    api_host = urlsplit(api_url).hostname or ""
    if _loopback(api_host):
        raise UsageError(f"--dask {dask_address}: PREFECT_API_URL {api_url} is this machine's loopback, which the "
                         "workers cannot reach; use an address of this host they can (http://THIS-HOST:4200/api)")
