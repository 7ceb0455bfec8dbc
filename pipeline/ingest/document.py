"""The Document made from a reader's text and blocks (make_document): refused when it has no text; its
edition given (checked as YYYY-MM) or inferred from the text, whether it is an annual report, its
publication date from the file's name or its dateline, and its source as the tables write it."""
from __future__ import annotations

import re

from ..errors import IngestError
from ..language.editions import dateline_date, infer_edition, is_annual_report, name_month, publication_date
from ..model import Document
from .identity import display_path


def make_document(path, doc_id, fmt, text, blocks, page_starts, edition, repairs, offsets) -> Document:
    if not text.strip():
        raise IngestError(path, "no text in the document")
    published = publication_date(path.name) or dateline_date(text)
    if edition:
        if not re.fullmatch(r"(19|20)\d\d-(0[1-9]|1[0-2])", edition):
            raise IngestError(path, f"edition '{edition}' is not YYYY-MM")
        ed, basis = edition, "given"
        annual = edition.endswith("-12") and is_annual_report(text, int(edition[:4]), published)
    else:
        ed, basis, annual = infer_edition(text, published, name_month(path.name))
        if not ed:
            raise IngestError(path, "no edition month found in the text; give it with --edition YYYY-MM")
    return Document(
        doc_id=doc_id, source=display_path(path), fmt=fmt, text=text, blocks=tuple(blocks),
        page_starts=tuple(page_starts), edition=ed, edition_basis=basis, annual=annual,
        repairs=tuple(repairs), raw_offsets=offsets, published=published,
    )
