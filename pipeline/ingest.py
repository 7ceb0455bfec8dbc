"""Read a file from raw/ into a Document: clean text, blocks with offsets, edition.

Text files are read by their content: the encoding from a byte-order mark, the NUL bytes of UTF-16,
strict UTF-8, else a West-European code page (decode_text); Markdown by its markup whatever the file
is named (looks_like_markdown). What cannot be read is refused with a one-line error. Markdown markup
(<sup>n</sup> footnote markers, links, emphasis, <b>, heading hashes) is removed while every kept
character remembers its offset in the file (Document.raw_offsets, runs of offsets in two arrays:
pipeline.offsets), so spans stay honest; these are character offsets in the decoded text (after the
byte-order mark, line ends as "\n"), whatever the encoding. Lines are segmented a chunk at a time, so
the lines of a large text are never all in memory. Mojibake ("LPâ€™s") is repaired with ftfy line by
line and each repair is recorded. PDFs go through pipeline.pdftext.
"""
from __future__ import annotations

import dataclasses
import functools
import hashlib
import os
import re
from pathlib import Path

from .errors import IngestError, read_bytes
from .htmltext import HTML_SUFFIXES, html_text, looks_like_html
from .model import Block, Document
from .offsets import OffsetMap, OffsetMapBuilder
from .paths import PROJECT_ENV, project_dir
from .language.periods import infer_edition, is_annual_report, name_month, publication_date
from .language.text_tables import is_pipe_rule, pipe_table_rows, text_table_rows

TEXT_SUFFIXES = {".txt": "txt", ".md": "md", ".markdown": "md"}

# Markdown constructs: each alternative keeps group `keep` (or nothing) and drops the rest.
_MD = re.compile(
    r"<sup>[^<]{0,20}</sup>"                                  # footnote marker: dropped
    r"|</?(?:b|i|u|em|strong|span|sub)\b[^>]{0,40}>|<br\s*/?>"  # inline tags: dropped
    r"|\[(?P<link>[^\]\n]*)\]\([^)\n]*\)"                     # [text](url): text
    r"|\\(?P<esc>[*_#\[\]()>`-])"                             # escaped char: the char
    r"|(?m:^(?P<hashes>\#{1,6})[ \t]+)"                        # heading marker: dropped
    r"|(?m:^[ \t]*(?:---+|\*\*\*+)[ \t]*$)"                   # horizontal rule: dropped
    r"|\*\*|__"                                               # bold markers: dropped
    r"|(?<![\w*\\])\*(?=[^\s*])|(?<=[^\s*\\])\*(?![\w*])"     # emphasis markers: dropped
)




def display_path(path: Path) -> str:
    """The source as written to the table, one name per file however the run was given it
    ("docs/x.pdf", "./docs/x.pdf", "$PWD/docs/x.pdf", a worker's absolute path): relative to the project
    when inside it (paths.project_dir: stable across clones), else the resolved absolute path.
    Remembered per working folder, project and name until forget_display_paths() (each run starts
    with it: a link may have moved)."""
    try:
        cwd = os.getcwd()
    except OSError:                      # the working folder is gone: nothing to remember it by
        return _resolved_name("/", str(path))
    return _display_path(cwd, os.environ.get(PROJECT_ENV, ""), str(path))


@functools.lru_cache(maxsize=65536)
def _display_path(cwd: str, project_given: str, path: str) -> str:
    return _resolved_name(_project_name(cwd, project_given), path)


def _resolved_name(project: str, path: str) -> str:
    try:
        resolved = _realpath(path)
    except (RuntimeError, OSError):      # a symlink loop: the run says it cannot be read
        return path
    if resolved == project:
        return "."
    inside = project.rstrip("/") + "/"   # Path.relative_to, as strings (a run names every file here)
    return resolved[len(inside):] if resolved.startswith(inside) else resolved


@functools.lru_cache(maxsize=64)
def _project_name(cwd: str, project_given: str) -> str:
    return str(project_dir())


def _realpath(path: str) -> str:
    """Path(path).resolve(), with the folder's resolved once per run (_real_folder): a file that is no
    link (one lstat) lies in its folder's resolved path."""
    folder, name = os.path.split(os.path.abspath(path))
    if not name or ".." in path.split(os.sep) or os.path.islink(path):     # ".." after a link: resolve() it
        return str(Path(path).resolve())
    return os.path.join(_real_folder(folder), name)


@functools.lru_cache(maxsize=4096)
def _real_folder(folder: str) -> str:
    return str(Path(folder).resolve())


def forget_display_paths() -> None:
    _display_path.cache_clear()
    _project_name.cache_clear()
    _real_folder.cache_clear()


def doc_id_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:12]


def read_document(path: str | Path, edition: str | None = None) -> Document:
    """Read one file. Raises IngestError('<path>: <reason>') for anything it cannot read."""
    path = Path(path)
    data = read_bytes(path)
    suffix = path.suffix.lower()
    is_pdf_bytes = data[:1024].lstrip().startswith(b"%PDF")
    if suffix == ".pdf" or (suffix not in TEXT_SUFFIXES and is_pdf_bytes):
        return _read_pdf(path, data, edition)
    if suffix in HTML_SUFFIXES:
        return _read_html(path, data, edition)
    if suffix not in TEXT_SUFFIXES:
        raise IngestError(path, f"unknown format '{suffix or '(no extension)'}' (expected .txt, .md, .html or .pdf)")
    if is_pdf_bytes:
        raise IngestError(path, f"is a PDF but named {suffix}; rename it to .pdf")
    if looks_like_html(data):   # read by its content, like Markdown
        doc = _read_html(path, data, edition)
        return dataclasses.replace(doc, read_notes=(
            ("source_format", f"HTML recognised by its content (the file is named {path.suffix})"),))
    text, encoding = decode_text(path, data)
    doc_id = doc_id_of(data)
    del data          # neither the bytes nor (below) the file's text stay beside the clean text
    fmt, notes = TEXT_SUFFIXES[suffix], []
    if encoding != "utf-8":
        notes.append(("source_encoding", f"read as {encoding} (not UTF-8)"))
    if fmt == "txt" and looks_like_markdown(text):
        fmt = "md"
        notes.append(("source_format", f"Markdown recognised by its content (the file is named {path.suffix})"))
    cleaned = clean_text(text, fmt)
    del text
    doc = _text_document(path, doc_id, cleaned, fmt, edition)
    return dataclasses.replace(doc, encoding=encoding, read_notes=tuple(notes)) if notes else doc


# Markdown by its content: kinds of markup, each a sign; a text with two kinds (or many headings) is
# Markdown whatever its name — one stray "*" or "#" is not.
_MD_SIGNS = {
    "heading": re.compile(r"(?m)^#{1,6}[ \t]+\S"),
    "bold": re.compile(r"\*\*[^*\n]{1,200}\*\*|__[^_\n]{1,200}__"),
    "emphasis": re.compile(r"(?<![\w*])\*[^*\s][^*\n]{0,80}?\*(?![\w*])"),
    "link": re.compile(r"\[[^\]\n]{1,200}\]\([^)\n\s]*\)"),
    "footnote_tag": re.compile(r"<sup>[^<]{0,20}</sup>"),
    "pipe_table": re.compile(r"(?m)^\s*\|?\s*:?-{3,}:?\s*\|"),
    "escape": re.compile(r"\\[*_#\[\]]"),
}


def looks_like_markdown(text: str) -> bool:
    """Is this text Markdown, by its content? At least two kinds of markup (headings, bold, emphasis,
    links, <sup> footnote markers, pipe tables, escapes), each found twice or more — or five '#' headings."""
    counts = {k: len(rx.findall(text[:200_000])) for k, rx in _MD_SIGNS.items()}
    kinds = sum(1 for k, n in counts.items() if n >= 2 or (n >= 1 and k in ("link", "footnote_tag", "pipe_table")))
    return kinds >= 2 or counts["heading"] >= 5


def _read_html(path: Path, data: bytes, edition: str | None) -> Document:
    """An HTML page: its main content as text (pipeline.htmltext), then blocks as for Markdown text."""
    page = html_text(path, data)
    clean, offsets, repairs = repair_mojibake(page.text, None)
    heading_starts = set(page.heading_starts)
    markers = page.markers
    if offsets is not None:     # a repair moved text: headings and markers follow it
        heading_starts = {offsets.position(h) for h in heading_starts}
        markers = tuple((offsets.position(o), m) for o, m in markers)
    blocks = _with_headings(segment_text(clean, heading_starts), clean)
    doc = _finish(path, doc_id_of(data), "html", clean, blocks, (0,), edition, repairs, None)
    return dataclasses.replace(doc, markers=markers) if markers else doc


@dataclasses.dataclass(frozen=True)
class CleanText:
    """A text file's text without its markup: what the Document is made of."""
    text: str
    offsets: OffsetMap | None      # the offset in the file's text of every character (None: the same)
    heading_starts: set[int]       # where Markdown '#' heading lines start in `text`
    repairs: tuple[str, ...]       # the mojibake repairs
    markers: tuple[tuple[int, str], ...]   # the <sup>n</sup> footnote markers removed: (offset in text, marker)


def clean_text(text: str, fmt: str) -> CleanText:
    """Markup removed (Markdown), mojibake repaired, footnote markers placed."""
    if fmt == "md":
        clean, offsets, heading_starts = strip_markdown(text)
    else:
        clean, offsets, heading_starts = text, None, set()
    clean, offsets, repairs = repair_mojibake(clean, offsets)
    markers = ()
    if fmt == "md" and offsets:
        markers = tuple((offsets.position(m.start()), m.group(1))
                        for m in re.finditer(r"<sup>\s*([^<]{1,20}?)\s*</sup>", text))
    return CleanText(clean, offsets, heading_starts, repairs, markers)


def _text_document(path: Path, doc_id: str, cleaned: CleanText, fmt: str, edition: str | None) -> Document:
    clean = cleaned.text
    blocks = _with_headings(segment_text(clean, cleaned.heading_starts), clean)
    doc = _finish(path, doc_id, fmt, clean, blocks, (0,), edition, cleaned.repairs, cleaned.offsets)
    return dataclasses.replace(doc, markers=cleaned.markers) if cleaned.markers else doc


_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe\x00\x00", "utf-32-le"), (b"\x00\x00\xfe\xff", "utf-32-be"),
         (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))
# what a Dutch government text is written in when it is not UTF-8 (charset-normalizer's names)
_WEST_EUROPEAN = {"cp1252": "cp1252", "latin_1": "latin-1", "iso8859_15": "iso-8859-15"}


def decode_text(path: Path, data: bytes) -> tuple[str, str]:
    """(text, encoding): by its byte-order mark (UTF-8, UTF-16, UTF-32); UTF-16 without one (the NUL
    bytes of mostly-ASCII text at every other position); strict UTF-8; else the West-European code page
    (cp1252, Latin-1, ISO-8859-15) charset-normalizer finds readable. What is none of these (binary
    content, control characters, another script's code page) is refused with one line naming the
    reason. The text has no byte-order mark and "\n" line ends; UTF-8 with a BOM counts as "utf-8"."""
    encoding = next((enc for bom, enc in _BOMS if data.startswith(bom)), None)
    if encoding is None:
        head = data[:4096]
        even, odd = head[0::2], head[1::2]
        if len(head) >= 16 and odd.count(0) > 0.4 * len(odd) and even.count(0) < 0.05 * len(even):
            encoding = "utf-16-le"
        elif len(head) >= 16 and even.count(0) > 0.4 * len(even) and odd.count(0) < 0.05 * len(odd):
            encoding = "utf-16-be"
    if encoding is None and b"\x00" in data[:4096]:
        raise IngestError(path, "binary content (NUL bytes), not a text document")
    if encoding is None:
        try:
            data.decode("utf-8")
            encoding = "utf-8"
        except UnicodeDecodeError as e:
            encoding = _west_european(data)
            if encoding is None:
                raise IngestError(path, f"not valid UTF-8 (byte 0x{data[e.start]:02x} at offset {e.start}) and "
                                        "not a West-European encoding either; save it as UTF-8") from None
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        raise IngestError(path, f"not valid {encoding} text") from None
    text = text.lstrip("\ufeff")
    ctrl = sum(1 for ch in text[:4096] if ord(ch) < 32 and ch not in "\n\r\t\f")
    if ctrl > 8:
        raise IngestError(path, "binary content (control characters), not a text document")
    return text.replace("\r\n", "\n").replace("\r", "\n"), ("utf-8" if encoding == "utf-8-sig" else encoding)


def _west_european(data: bytes) -> str | None:
    """The West-European code page the bytes read as plausible text in, else None. Asked freely,
    charset-normalizer calls Dutch text cp1250 and Russian cp1251, so it only weighs these."""
    from charset_normalizer import from_bytes   # only for text that is not UTF-8: start-up stays fast
    best = from_bytes(data, cp_isolation=list(_WEST_EUROPEAN)).best()
    return _WEST_EUROPEAN[best.encoding] if best is not None else None


def strip_markdown(raw: str) -> tuple[str, OffsetMap, set[int]]:
    """Markdown -> plain text, the raw offset of every kept character, offsets of heading lines."""
    out: list[str] = []
    joined: list[str] = []     # the pieces joined a few thousand at a time: a 50 MB text is cut into
    offsets = OffsetMapBuilder()   # millions of pieces, each a string object of its own
    headings: set[int] = set()
    pos = 0

    def keep(s: str, at: int) -> None:
        out.append(s)
        offsets.add_run(at, len(s))
        if len(out) >= 4096:
            joined.append("".join(out))
            out.clear()

    for m in _MD.finditer(raw):
        if m.start() > pos:
            keep(raw[pos:m.start()], pos)
        if m.group("link") is not None:
            keep(m.group("link"), m.start("link"))
        elif m.group("esc") is not None:
            keep(m.group("esc"), m.start("esc"))
        elif m.group("hashes") is not None:
            headings.add(len(offsets))
        pos = m.end()
    keep(raw[pos:], pos)
    joined.append("".join(out))
    return "".join(joined), offsets.build(), headings


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
    import difflib
    out: list[int] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag == "equal":
            out.extend(range(i1, i2))
        else:
            out.extend([min(i1, len(old) - 1)] * (j2 - j1))
    return out


# ---- blocks ----------------------------------------------------------------------------------

_LIST_MARK = re.compile(r"^[ \t]*(?:[o•►▶▪◦–\-*](?:[ \t]+[►▶])?|\d{1,2}[.)](?=[ \t]+\D))[ \t]+(?=\S)")
_PIPE_ROW = re.compile(r"^\s*\|.*\|\s*$")                     # | a | b |  (a Markdown pipe table)
_SOURCE_LINE = re.compile(r"^\s*\(?Bron:[^\n]*\)?\s*$")
_SENT_END = re.compile(r"[.:;!]\s*$")


def _looks_like_heading(text: str) -> bool:
    t = " ".join(text.split()).lstrip("> ")
    if not t or len(t) > 150:
        return False
    if t.endswith("?"):
        return t[0].isupper() or t[0] in "¿\"'“‘("
    if len(t) > 70 or _SENT_END.search(t) or "\n" in text.strip():
        return False
    if re.match(r"(?i)(bron|last update|laatst bijgewerkt|https?:|www\.)", t):
        return False
    letters = sum(ch.isalpha() for ch in t)
    return letters >= 3 and (t[0].isupper() or t[0].isdigit()) and not re.search(r"\d[.,]\d{3}|%", t)


def _is_hard_wrapped(text: str) -> bool:
    """PDF-extracted text breaks lines inside paragraphs; exported web text has a line a paragraph."""
    lines = long_lines = 0
    for _, line in _iter_lines(text):
        if line.strip():
            lines += 1
            long_lines += len(line) > 110
    return bool(lines) and long_lines < 0.1 * lines


def _iter_lines(text: str):
    """(offset, line) of every line of the text, as text.split("\n") gives them, one at a time."""
    pos = 0
    while True:
        end = text.find("\n", pos)
        if end < 0:
            yield pos, text[pos:]
            return
        yield pos, text[pos:end]
        pos = end + 1


# segment_text reads a text this many lines at a time (each chunk ending at a blank line, where no block
# goes on): the lines of a 50 MB text are never all in memory at once
_CHUNK_LINES = 4096


def _line_chunks(text: str):
    """The text's lines (offset, line) in chunks that end at a blank line; a line "(Bron: ...) Het
    vertrek ..." is two lines, the source and the sentence after it."""
    chunk: list[tuple[int, str]] = []
    for pos, line in _iter_lines(text):
        m = re.match(r"\s*\(Bron:[^)]*\)\s*(?=\S)", line) if "Bron:" in line else None
        if m:
            chunk.append((pos, line[:m.end()].rstrip()))
            chunk.append((pos + m.end(), line[m.end():]))
        else:
            chunk.append((pos, line))
            if len(chunk) >= _CHUNK_LINES and not line.strip():
                yield chunk
                chunk = []
    if chunk:
        yield chunk


def segment_text(text: str, heading_starts: set[int] = frozenset(), hard_wrapped: bool | None = None,
                 offset: int = 0, page: int = 1) -> list[Block]:
    """Lines -> paragraph / list_item / table_row / heading blocks with offsets (+ `offset`).

    A paragraph is a run of lines between blank lines when the text is hard-wrapped (PDF text);
    otherwise every line is a paragraph of its own (Markdown and web text), except lines joined by a
    Markdown hard break (two trailing spaces). In hard-wrapped text a list item goes on over lines
    that start in lower case and ends at one that starts a new sentence ("o 4% uit Somalië" then
    "(Bron: ...)"). Headings are Markdown '#' lines, short lines without closing punctuation and
    questions ("Uit welke landen komen asielzoekers?"). Source lines "(Bron: ...)" stand alone.
    """
    if hard_wrapped is None:
        hard_wrapped = _is_hard_wrapped(text)
    blocks: list[Block] = []
    for lines in _line_chunks(text):
        _segment_lines(text, lines, heading_starts, hard_wrapped, offset, page, blocks)
    return blocks


def _segment_lines(text: str, lines: list[tuple[int, str]], heading_starts: set[int], hard_wrapped: bool,
                   offset: int, page: int, blocks: list[Block]) -> None:
    """segment_text on a chunk of lines that ends at a blank line (or the text's end): its blocks onto `blocks`."""
    text_rows = text_table_rows(lines)
    pipe_rows = pipe_table_rows(lines)       # Markdown pipe tables, with or without the outer pipes
    cur: list[tuple[int, str]] = []
    cur_kind = ""

    def flush():
        nonlocal cur, cur_kind
        if not cur:
            return
        s = cur[0][0] + (len(cur[0][1]) - len(cur[0][1].lstrip()))
        e = cur[-1][0] + len(cur[-1][1].rstrip())
        if e > s:
            kind = cur_kind
            if kind == "paragraph" and _looks_like_heading(text[s:e]):
                kind = "heading"
            blocks.append(Block(kind, offset + s, offset + e, page))
        cur, cur_kind = [], ""

    i = 0
    while i < len(lines):
        start, line = lines[i]
        i += 1
        if not line.strip():
            flush()
            continue
        if start in heading_starts:
            flush()
            cur, cur_kind = [(start, line)], "heading"
            flush()
            continue
        if is_pipe_rule(line):
            flush()          # the |---|---| line under a pipe table's header: no block
            continue
        if start in pipe_rows:      # a row of a pipe table (header over a |---| line, then its rows)
            flush()
            s_, e_ = start + len(line) - len(line.lstrip()), start + len(line.rstrip())
            blocks.append(Block("table_row", offset + s_, offset + e_, page,
                                cells=tuple((offset + a, offset + b) for a, b in pipe_rows[start])))
            continue
        if "\t" in line or _PIPE_ROW.match(line):
            flush()
            cur, cur_kind = [(start, line)], "table_row"
            flush()
            continue
        if start in text_rows:      # a row of a table written as plain text
            flush()
            s_, e_ = start + len(line) - len(line.lstrip()), start + len(line.rstrip())
            blocks.append(Block("table_row", offset + s_, offset + e_, page,
                                cells=tuple((offset + a, offset + b) for a, b in text_rows[start])))
            continue
        if _LIST_MARK.match(line):
            flush()
            cur, cur_kind = [(start, line)], "list_item"
            continue
        if _SOURCE_LINE.match(line):
            flush()
            cur, cur_kind = [(start, line)], "paragraph"
            flush()
            continue
        prev = cur[-1][1].rstrip() if cur else ""
        at_boundary = not cur or re.search(r"[.!?:;)]$", prev) or cur_kind == "heading"
        if at_boundary:
            # a heading line (or a question over at most two lines) standing on top of a paragraph
            q = [(start, line)]
            if not re.search(r"[.!?:;)]$", line.rstrip()) and i < len(lines) and lines[i][1].rstrip().endswith("?") \
                    and hard_wrapped and len(line) + len(lines[i][1]) < 150:
                q.append(lines[i])
            joined = " ".join(t for _, t in q)
            if _looks_like_heading(joined) and (joined.rstrip().endswith("?") or not hard_wrapped):
                flush()
                cur, cur_kind = q, "heading"
                flush()
                i += len(q) - 1
                continue
        if cur_kind == "list_item":
            if hard_wrapped and not re.match(r"\s*[a-zà-ÿ]", line):
                flush()
            elif not hard_wrapped and not prev.endswith("  ") and not cur[-1][1].endswith("  "):
                flush()
        elif cur and cur_kind == "paragraph" and not hard_wrapped and not cur[-1][1].endswith("  "):
            flush()
        if not cur:
            cur_kind = "paragraph"
        cur.append((start, line))
    flush()


def _with_headings(blocks: list[Block], text: str) -> list[Block]:
    """Each block with the text of the nearest heading above it (in place: a large text's blocks are
    not all there twice)."""
    heading = ""
    for i, b in enumerate(blocks):
        blocks[i] = dataclasses.replace(b, heading=heading)
        if b.kind == "heading":
            heading = " ".join(text[b.start:b.end].split())
    return blocks


# ---- PDF -----------------------------------------------------------------------------------

def _read_pdf(path: Path, data: bytes, edition: str | None) -> Document:
    """_read_pdf_here(path, data, edition). In a process that has not loaded the spaCy pipeline yet
    (`migstat extract x.pdf`), the PDF is read by a forked copy of this process (pipeline.forked: no
    other thread, two cores) while this one loads the pipeline that extraction needs next (spaCy's
    import and start-up take about as long as reading the 122 pages of the Staat van Migratie), so
    the two overlap. When the copy fails (an unreadable PDF), the PDF is read here: the Document and
    the errors are those of _read_pdf_here. A process whose pipeline is loaded (`run`, the tests after
    the first) reads it here."""
    from .language.nlp import nlp
    from .forked import in_fork

    job = None if nlp.cache_info().currsize else in_fork(_read_pdf_here, path, data, edition)
    if job is None:
        return _read_pdf_here(path, data, edition)
    try:
        nlp()
    finally:
        doc = job.result()
    return doc if doc is not None else _read_pdf_here(path, data, edition)


def _read_pdf_here(path: Path, data: bytes, edition: str | None) -> Document:
    """PDF blocks (pipeline.pdftext) laid out one after the other, each split into paragraphs,
    list items and headings by the same rules as PDF-extracted text."""
    from .pdftext import read_pdf

    parts: list[str] = []
    blocks: list[Block] = []
    page_starts: list[int] = []
    repairs: list[str] = []
    markers: list[tuple[int, str]] = []
    pos = 0
    for b in read_pdf(path, data):
        while len(page_starts) < b.page:
            page_starts.append(pos)
        stripped = b.text.strip("\n")
        lead = len(b.text) - len(b.text.lstrip("\n"))
        body, repaired_offsets, fixed = repair_mojibake(stripped, None)   # before offsets are laid out
        repairs.extend(f"page {b.page}, {r}" for r in fixed)
        if not body.strip():
            continue
        if b.is_table or b.is_heading:
            blocks.append(Block("table_row" if b.is_table else "heading", pos, pos + len(body), b.page))
        else:
            blocks.extend(segment_text(body, hard_wrapped=True, offset=pos, page=b.page))
        for off, mark in b.markers:
            # the block's dropped footnote markers, through the strip and a mojibake repair
            off = min(max(off - lead, 0), len(stripped))
            if repaired_offsets is not None:        # the block was repaired: map through the repair
                off = repaired_offsets.position(off)
            markers.append((pos + min(off, len(body)), mark))
        parts.append(body + "\n\n")
        pos += len(body) + 2
    text = "".join(parts)
    blocks = _joined_across_pages(blocks, text)
    doc = _finish(path, doc_id_of(data), "pdf", text, _with_headings(blocks, text), tuple(page_starts) or (0,),
                  edition, repairs, None)
    return dataclasses.replace(doc, markers=tuple(markers)) if markers else doc


def _joined_across_pages(blocks: list[Block], text: str) -> list[Block]:
    """A paragraph that a page break cut in two is one block again: the part on the next page starts in
    lower case and the part before it ends without closing punctuation ("In 2017, tot en" | "met
    januari, zijn zo'n 80 ...")."""
    out: list[Block] = []
    for b in blocks:
        prev = out[-1] if out else None
        if prev is not None and prev.kind == b.kind == "paragraph" and b.page == prev.page + 1 \
                and not re.search(r"[.!?:;]\s*$", text[prev.start:prev.end]) and re.match(r"[a-zà-ÿ]", text[b.start:b.end]):
            out[-1] = Block(prev.kind, prev.start, b.end, prev.page, prev.heading)
        else:
            out.append(b)
    return out


def _finish(path, doc_id, fmt, text, blocks, page_starts, edition, repairs, offsets) -> Document:
    if not text.strip():
        raise IngestError(path, "no text in the document")
    published = publication_date(path.name)
    if edition:
        if not re.fullmatch(r"(19|20)\d\d-(0[1-9]|1[0-2])", edition):
            raise IngestError(path, f"edition '{edition}' is not YYYY-MM")
        ed, basis = edition, "given"
        annual = edition.endswith("-12") and is_annual_report(text, int(edition[:4]))
    else:
        ed, basis, annual = infer_edition(text, published, name_month(path.name))
        if not ed:
            raise IngestError(path, "no edition month found in the text; give it with --edition YYYY-MM")
    return Document(
        doc_id=doc_id, source=display_path(path), fmt=fmt, text=text, blocks=tuple(blocks),
        page_starts=tuple(page_starts), edition=ed, edition_basis=basis, annual=annual,
        repairs=tuple(repairs), raw_offsets=offsets, published=published,
    )


def document_from_text(text: str, edition: str, source: str = "<text>", fmt: str = "txt") -> Document:
    """A Document from a string (rule examples, tests, notebooks)."""
    return _text_document(Path(source), doc_id_of(text.encode("utf-8")), clean_text(text, fmt), fmt, edition)
