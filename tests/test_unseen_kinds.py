"""Made-up items of every kind of report (tests/fixtures/synthetic/README.md), in phrasings the real
documents do not use: each gives exactly the core rows a reader takes from it (judged by hand from the
text and spec/observations.md's conventions), and nothing is invented from forecasts, stocks,
capacities, parts of a group or shares within one nationality."""
import pytest

from conftest import ROOT
from pipeline.run.api import extract_document

SYN = ROOT / "tests/fixtures/synthetic"
Q2, Q3, Y23 = ("2024-04-01", "2024-06-30"), ("2024-07-01", "2024-09-30"), ("2023-01-01", "2023-12-31")
Y24, SEP24 = ("2024-01-01", "2024-12-31"), ("2024-09-01", "2024-09-30")

CASES = {  # file: (edition, [(value, metric, nationality, (period_start, period_end)), ...]; compared as multisets)
    "cbs-asielverzoeken-2024-Q2.txt": ("2024-06", [
        (8420, "asylum_first_applications", "", Q2),
        (9380, "asylum_first_applications", "", ("2024-01-01", "2024-03-31")),      # "toen het er 9 380 waren"
        (33.33, "asylum_first_applications_share", "SY", Q2),                        # "Ruim een derde ... Syriërs (2 950)"
        (2950, "asylum_first_applications", "SY", Q2),
        (1010, "asylum_first_applications", "TR", Q2),
        (560, "asylum_first_applications", "YE", Q2),
        (3270, "family_reunification_arrivals", "", Q2),                             # "nareizigers, gezinsleden die na een asielzoeker ..."
    ]),
    "cbs-asielzoekers-2023-jaar.txt": ("2023-12", [
        (38290, "asylum_first_applications", "", Y23),
        (40, "asylum_first_applications_share", "SY", Y23),                          # "Twee op de vijf"
        (12, "asylum_first_applications_share", "TR", Y23),
        (9700, "family_reunification_arrivals", "", Y23),
        (45, "family_reunification_share", "SY", Y23),
        (20, "family_reunification_share", "ER", Y23),
    ]),   # not: "Onder de Syrische asielzoekers was dat 35 procent" (within the group), "48 duizend asielzoekers en nareizigers"
    "cbs-asielverzoeken-2024-Q3.txt": ("2024-09", [
        (9140, "asylum_first_applications", "", Q3),
        (2380, "family_reunification_arrivals", "", Q3),
        (3170, "asylum_first_applications", "SY", Q3),
        (33.33, "asylum_first_applications_share", "SY", Q3),
        (1050, "family_reunification_arrivals", "SY", Q3),
        (1640, "asylum_first_applications", "TR", Q2),                               # "van 1 640 in het tweede kwartaal tot 1 100"
        (1100, "asylum_first_applications", "TR", Q3),
        (9380, "asylum_first_applications", "", ("2024-01-01", "2024-03-31")),       # the table "(x 1 000)"
        (2100, "family_reunification_arrivals", "", ("2024-01-01", "2024-03-31")),
        (10360, "asylum_first_applications", "", Q2),
        (2610, "family_reunification_arrivals", "", Q2),
        (9140, "asylum_first_applications", "", Q3),
        (2380, "family_reunification_arrivals", "", Q3),
    ]),
    "jenv-persbericht-opvang-2024-10.txt": ("2024-10", [                              # forecasts, reception, stocks: none
        (38600, "asylum_inflow_total", "", ("2024-01-01", "2024-09-30")),
        (9200, "family_reunification_arrivals", "", ("2024-01-01", "2024-09-30")),
    ]),
    "ind-asielinstroom-2024-jaar.txt": ("2024-12", [
        (44400, "asylum_inflow_total", "", Y24),
        (31900, "asylum_first_applications", "", Y24),
        (48500, "asylum_inflow_total", "", ("2023-01-01", "2023-12-31")),             # "In 2023 waren dit er nog 48.500"
        (11100, "family_reunification_arrivals", "", ("2023-01-01", "2023-12-31")),
        (9800, "family_reunification_arrivals", "", Y24),
        (11700, "asylum_first_applications", "SY", Y24),
        (3100, "asylum_first_applications", "TR", Y24),
        (2000, "asylum_first_applications", "ER", Y24),
        (4200, "uam_applications", "", Y24),                                          # "daalde met 15 procent tot 4.200"
        (36000, "asylum_first_decisions", "", Y24),
        (66, "asylum_grant_rate", "", Y24),
        (71, "asylum_grant_rate", "", ("2023-01-01", "2023-12-31")),
    ]),   # not: the 46.000 applications still with the IND at the end of the year (a stock)
    "kamerbrief-asielinstroom-2024-06.txt": ("2024-06", [                             # forecasts, places, terms: none
        (17500, "asylum_inflow_total", "", ("2023-01-01", "2023-05-31")),
    ]),   # the 15.000 of "was ... met circa 15.000 asielaanvragen lager dan" is missed (rules/attachment.yaml not_supported)
    "kamervragen-antwoorden-2024-03.txt": ("2024-03", [
        (13030, "asylum_first_applications", "SY", Y23),
        (11900, "asylum_first_decisions", "SY", Y23),                                # "op 11.900 ... beslist"
        (96, "asylum_grant_rate", "SY", Y23),                                         # "daarvan is 96 procent ingewilligd"
        (5510, "uam_applications", "", Y23),
    ]),   # not: the amv's share of all first applications, "Ruim driekwart van hen was 15 jaar of ouder", the 9.800 in noodopvang
    "kerncijfers-2024-09.txt": ("2024-09", [
        (4650, "asylum_inflow_total", "", SEP24),
        (3300, "asylum_first_applications", "", SEP24),
        (140, "asylum_repeat_applications", "", SEP24),
        (1210, "family_reunification_arrivals", "", SEP24),
        (51300, "asylum_inflow_total", "", ("2023-10-01", "2024-09-30")),
        (31, "asylum_first_applications_share", "SY", SEP24),                         # a list under a lead-in
        (9, "asylum_first_applications_share", "TR", SEP24),
        (7, "asylum_first_applications_share", "ER", SEP24),
        (53, "asylum_first_applications_share", "OTHER", SEP24),                      # "De overige 53%"
        (58, "family_reunification_share", "SY", SEP24),
    ]),
    "coa-bezetting-2023.txt": ("2023-12", [                                          # residents, locations: none
        (9900, "family_reunification_arrivals", "", Y23),
    ]),   # not: the shares of residents by nationality (no flow), "38 procent minderjarig"
    "dtv-vertrek-2023.txt": ("2023-12", [
        (28430, "departures", "", Y23),
        (3210, "departures_independent", "", Y23),
        (4680, "departures_forced", "", Y23),
        (1230, "criminal_alien_departures", "", Y23),
        (81, "criminal_alien_departures_supervised_share", "", Y23),
        (77, "criminal_alien_departures_supervised_share", "", ("2022-01-01", "2022-12-31")),   # "In 2022 was dat 77%"
    ]),   # not: "De overige 20.540 vreemdelingen" (a rest, no nationality), cases in progress, people in reception
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_made_up_items_of_every_kind_give_their_core_rows(name):
    edition, expected = CASES[name]
    _, result = extract_document(SYN / name, edition)
    got = [(o.value, o.metric, o.nationality, (o.period_start, o.period_end)) for o in result.observations if o.metric]
    assert sorted(got, key=repr) == sorted(expected, key=repr)
