"""Everything extraction builds once per process — the rule files read and checked, their patterns
compiled, the nationality matchers, the period vocabulary — built now, by extracting a short text that
has a figure of each part (prose, a table, a list). `migstat extract x.pdf` calls it while a forked copy
of the process reads the PDF (ingest's `meanwhile`): that time is spent waiting anyway."""
from __future__ import annotations

from ..ingest import document_from_text

_TEXT = """Asielinstroom in maart 2020

In maart 2020 dienden 1.200 asielzoekers een eerste asielaanvraag in, 25% van hen kwam uit Syrië. Het
inwilligingspercentage was 60%. In dezelfde periode vertrokken 900 vreemdelingen.

Tabel 1 Eerste asielaanvragen naar nationaliteit, 2019-2020

Nationaliteit\t2019\t2020
Syrië\t3.100\t2.800
Totaal\t9.200\t8.400

- Eritrea: 150 (beide minder dan 5)
"""


def warm_up() -> None:
    from . import extract       # (the stage itself: this module is one of its parts)
    extract(document_from_text(_TEXT, "2020-03"))
