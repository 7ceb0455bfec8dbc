"""A text file's bytes decoded (decode_text): the encoding by byte-order mark, the NUL bytes of
UTF-16, strict UTF-8, else the West-European code page charset-normalizer finds readable; what is no
text is refused with a one-line IngestError naming the reason."""
from __future__ import annotations

from pathlib import Path

from ..errors import IngestError


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
