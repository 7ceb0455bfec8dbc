"""What fetch has fetched before, kept beside the documents in raw/.fetch-state.json (written atomically):
for every URL its validators (ETag, Last-Modified), the sha256 of its content and the file in raw/ that
holds it; for every listing or feed the document links it had. Also the sha256 of every file in raw/
(cached by size and modification time), so that content already there under any name is never written
again."""
from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ..store import write_bytes

STATE_NAME = ".fetch-state.json"


@dataclass(frozen=True)
class UrlState:
    etag: str = ""
    last_modified: str = ""
    sha256: str = ""
    file: str = ""           # name in raw/ ("" for listings and feeds)
    links: tuple[tuple[str, str], ...] = ()   # listings/feeds: (url, text) of the documents last seen


@dataclass
class FetchState:
    raw_dir: Path
    urls: dict[str, UrlState] = field(default_factory=dict)
    _hashes: dict[str, tuple[int, int, str]] = field(default_factory=dict)   # name -> (size, mtime_ns, sha)

    @classmethod
    def load(cls, raw_dir: Path) -> "FetchState":
        """The state in raw_dir; an unreadable or foreign file counts as none (everything is re-checked
        by content hash, so nothing is written twice all the same)."""
        st = cls(Path(raw_dir))
        try:
            data = json.loads((st.raw_dir / STATE_NAME).read_text(encoding="utf-8"))
            st.urls = {u: UrlState(**{**v, "links": tuple(tuple(x) for x in v.get("links", ()))})
                       for u, v in data.get("urls", {}).items()}
            st._hashes = {n: tuple(v) for n, v in data.get("files", {}).items()}
        except (OSError, ValueError, TypeError, AttributeError):
            pass
        return st

    def save(self) -> None:
        data = {"urls": {u: asdict(v) for u, v in sorted(self.urls.items())},
                "files": {n: list(v) for n, v in sorted(self._hashes.items())}}
        write_bytes(self.raw_dir / STATE_NAME, (json.dumps(data, indent=1, ensure_ascii=False) + "\n").encode())

    def files_by_hash(self) -> dict[str, str]:
        """sha256 -> file name for every document in raw/ now (hidden and temp files left out)."""
        out, cached = {}, self._hashes
        self._hashes = {}        # files gone from raw/ are forgotten
        if self.raw_dir.is_dir():
            for f in sorted(self.raw_dir.iterdir()):
                if f.name.startswith(".") or f.name.endswith((".tmp", "~")) or not f.is_file():
                    continue
                out.setdefault(self._sha(f, cached.get(f.name)), f.name)
        return out

    def hash_of(self, path: Path) -> str:
        """The sha256 of a file in raw/, from the cache while its size and modification time hold."""
        return self._sha(path, self._hashes.get(path.name))

    def _sha(self, path: Path, cached: tuple[int, int, str] | None) -> str:
        s = path.stat()
        sha = cached[2] if cached and cached[:2] == (s.st_size, s.st_mtime_ns) else sha256_file(path)
        self._hashes[path.name] = (s.st_size, s.st_mtime_ns, sha)
        return sha

    def remember_file(self, path: Path, sha: str) -> None:
        s = path.stat()
        self._hashes[path.name] = (s.st_size, s.st_mtime_ns, sha)


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()

