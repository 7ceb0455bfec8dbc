"""A made-up news item in the IND style with phrasings the sample documents do not use
("was in februari 1.512, in januari waren dat er 1.620", "Turkije en Jemen (beide 87)",
"Syriërs vormden de grootste groep (48%)"): the rules are not fitted to the samples' words only."""
from conftest import ROOT
from pipeline.run.api import extract_document

EXPECTED = [  # (as written, metric, nationality, period_start, period_end, kind, value, qualifier)
    ("2.345", "asylum_inflow_total", "", "2019-02-01", "2019-02-28", "month", 2345, ""),
    ("2.601", "asylum_inflow_total", "", "2019-01-01", "2019-01-31", "month", 2601, ""),
    ("1.512", "asylum_first_applications", "", "2019-02-01", "2019-02-28", "month", 1512, ""),
    ("1.620", "asylum_first_applications", "", "2019-01-01", "2019-01-31", "month", 1620, ""),
    ("312", "asylum_first_applications", "SY", "2019-02-01", "2019-02-28", "month", 312, ""),
    ("201", "asylum_first_applications", "ER", "2019-02-01", "2019-02-28", "month", 201, ""),
    ("87", "asylum_first_applications", "TR", "2019-02-01", "2019-02-28", "month", 87, ""),
    ("87", "asylum_first_applications", "YE", "2019-02-01", "2019-02-28", "month", 87, ""),
    ("60", "asylum_first_applications", "DZ", "2019-02-01", "2019-02-28", "month", 60, ""),
    ("610", "family_reunification_arrivals", "", "2019-02-01", "2019-02-28", "month", 610, ""),
    ("48%", "family_reunification_share", "SY", "2019-02-01", "2019-02-28", "month", 48, ""),
    ("21%", "family_reunification_share", "ER", "2019-02-01", "2019-02-28", "month", 21, ""),
    ("95", "uam_applications", "", "2019-02-01", "2019-02-28", "month", 95, ""),
    ("180", "uam_applications", "", "2019-01-01", "2019-02-28", "ytd", 180, ""),
    ("5.430", "departures", "", "2019-01-01", "2019-02-28", "ytd", 5430, "circa"),
    ("2.100", "departures_independent", "", "2019-01-01", "2019-02-28", "ytd", 2100, ""),
    ("1.250", "departures_forced", "", "2019-01-01", "2019-02-28", "ytd", 1250, ""),
    ("61%", "departures_supervised_share", "", "2019-01-01", "2019-02-28", "ytd", 61, ""),
]


def test_unseen_phrasings():
    doc, result = extract_document(ROOT / "tests/fixtures/synthetic/asielinstroom-2019-02.txt")
    assert doc.edition == "2019-02"
    got = [(doc.text[o.char_start:o.char_end], o.metric, o.nationality, o.period_start, o.period_end, o.period_kind,
            o.value, o.qualifier) for o in result.observations]
    assert got == EXPECTED


def test_rank_lists_on_one_line_and_host_countries_are_not_statistics_or_nationalities():
    """Dashboard lines of the annual report: "1. Pools 2. Roemeens 3. Bulgars" ranks nationalities (no
    rows); "► Top 5 opvanglanden:" lists host countries (places, not nationalities)."""
    from pipeline.extraction import extract
    from pipeline.ingest import document_from_text
    text = ("► **Top 3** nationaliteiten (2022):  \n1. Pools 2. Roemeens 3. Bulgars\n\n"
            "► **Top 5** opvanglanden:\n\n- Iran - 3,4 mln\n- Turkije - 3,4 mln\n")
    obs = extract(document_from_text(text, "2023-12", fmt="md")).observations
    assert [(o.value, o.nationality) for o in obs] == [(3400000, ""), (3400000, "")]


def test_the_unit_after_a_coordination_holds_for_bare_numbers_only():
    """'respectievelijk 70 en 65 procent': the unit written last holds for the bare number before it; not for
    a count written with its scale word before a fraction in words ("1,1 duizend, de helft minder")."""
    from pipeline.language.numbers import find_numbers
    hits, _ = find_numbers("In 2013 was hun aantal 1,1 duizend, de helft minder.", 0, [])
    assert [(h.value, h.unit) for h in hits] == [(1100, "count"), (50, "percent")]
    hits, _ = find_numbers("Het aantal kwam in oktober uit op 3.190, 8% lager dan in september.", 0, [])
    assert [(h.value, h.unit) for h in hits] == [(3190, "count"), (8, "percent")]
    hits, _ = find_numbers("Dat was respectievelijk 70 en 65 procent.", 0, [])
    assert [(h.value, h.unit) for h in hits] == [(70, "percent"), (65, "percent")]
