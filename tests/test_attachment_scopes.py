"""One test per scope behaviour of the attachment (rules/attachment.yaml `modifiers`), as medspaCy's
ConText tests its modifier scopes: direction, maximum scope, what ends a scope, brackets."""
import re

from pipeline.extraction import extract
from pipeline.ingest import document_from_text


def _att(text, edition="2020-10"):
    m = re.search(r"\[([^\]]+)\]", text)
    plain = text[:m.start()] + m.group(1) + text[m.end():]
    res = extract(document_from_text(plain, edition))
    (att,) = [a for a in res.attachments if a.number.start == m.start()]
    return att


def test_period_before_wins_over_period_after():
    att = _att("In september kwamen er [120] bij, meer dan in oktober.")
    assert att.periods[0].start == "2020-09-01" and att.period.how == "period.nearest_before"


def test_period_after_is_taken_when_none_stands_before():
    att = _att("[120] asielzoekers kwamen in september.")
    assert att.periods[0].start == "2020-09-01" and att.period.how in ("period.nearest_after", "period.own_after")


def test_period_after_stops_at_the_next_number():
    """'[120] ... en 80 in september': September is the 80's; the 120 takes the frame (the edition)."""
    att = _att("Er kwamen [120] Syriërs en 80 Eritreeërs in september.")
    assert att.periods[0].start == "2020-10-01" and att.period.how == "period.edition"


def test_period_after_stops_at_a_clause_end():
    att = _att("Er kwamen [120] asielzoekers; in september waren het er meer.")
    assert att.period.how == "period.edition"


def test_a_period_right_before_another_number_belongs_to_that_number():
    """'(16%, was in oktober 28%)': oktober stands right before 28%, so 16% does not take it."""
    att = _att("Afghanen staan op de eerste plaats ([16%], was in oktober 28%).", "2016-11")
    assert att.periods[0].start == "2016-11-01"


def test_a_comparison_base_is_no_ones_period_by_nearness():
    att = _att("Het aantal steeg met [20%] ten opzichte van september.")
    assert att.periods[0].start == "2020-10-01" and att.period.how == "period.edition"


def test_a_period_inside_a_bracket_is_not_seen_from_outside():
    att = _att("Het aantal (in september nog 300) bedroeg [250].")
    assert att.periods[0].start == "2020-10-01"


def test_a_number_in_a_bracket_looks_inside_its_bracket_first():
    att = _att("In oktober bedroeg het aantal 250 (september: [300]).")
    assert att.periods[0].start == "2020-09-01" and att.period.how == "period.colon"


def test_population_head_reaches_the_noun_right_after_the_number():
    att = _att("In oktober ontving de IND [1.407] eerste asielaanvragen.")
    assert att.population.value == "first_applications" and att.population.how == "population.head"


def test_population_head_does_not_reach_past_a_clause_word():
    """'N asielzoekers om een aanvraag in te dienen': the head noun is 'asielzoekers', not 'aanvraag'."""
    att = _att("In oktober meldden zich [800] asielzoekers om een aanvraag in te dienen.")
    assert att.population.how != "population.head"


def test_population_head_has_a_maximum_scope():
    att = _att("Er waren [500] personen uit veel verschillende landen met eerste asielaanvragen.")
    assert att.population.how != "population.head"


def test_population_nearest_before_wins_over_a_farther_one():
    att = _att("Het aantal eerste asielaanvragen daalde, het aantal nareizigers steeg tot [494].")
    assert att.population.value == "family_reunification"


def test_population_after_a_comma_is_not_the_head():
    att = _att("Hoewel het aantal eerste asielaanvragen afnam (oktober: [1.936]), is het aantal nareizigers gestegen.", "2016-11")
    assert att.population.value == "first_applications"


def test_a_population_in_a_bracket_is_not_seen_from_outside():
    att = _att("De totale asielinstroom (eerste asielaanvragen, herhaalde asielaanvragen en nareizigers) was [4.022].")
    assert att.population.value == "inflow_total"


def test_a_sentence_with_its_own_population_takes_none_from_the_frame():
    att = _att("Het aantal eerste asielaanvragen bedroeg 1407. In 2023 zijn [830] personen hervestigd.")
    assert att.population.value == "resettlement"


def test_a_sentence_without_population_takes_the_frames():
    att = _att("Het aantal eerste asielaanvragen bedroeg 1407. In september was dat [1489].")
    assert att.population.value == "first_applications" and att.population.how == "population.frame"


def test_a_bracket_of_several_figures_is_an_aside_for_the_nationality_after_it():
    """'(juni: 178; juli: 206) komt ... van Afghanen': the Afghans' figures are in their own bracket."""
    text = ("De geringe stijging in het aantal herhaalde asielaanvragen (juni: 178; juli: [206]) komt vooral voor "
            "rekening van Afghanen (juni: 41; juli: 70).")
    att = _att(text, "2017-07")
    assert att.nationalities.value == () and att.periods[0].start == "2017-07-01"
    assert _att(text.replace("[206]", "206").replace("juli: 70", "juli: [70]"), "2017-07").nationalities.value == ("AF",)


def test_a_single_bracketed_figure_still_sees_the_nationality_after_its_bracket():
    att = _att("In maart kwam een kwart van de asielverzoeken ([1 100]) van Syriërs.", "2020-03")
    assert att.nationalities.value == ("SY",)


def test_a_population_in_an_apposition_is_not_seen_from_outside():
    """', gezinsleden die na een asielzoeker ... komen,': the apposition describes the nareizigers; its
    'asielzoeker' is not what the number after it counts (rules/attachment.yaml `apposition`)."""
    att = _att("Het aantal nareizigers, gezinsleden die na een asielzoeker naar Nederland komen, nam toe tot [3 270].", "2024-06")
    assert att.population.value == "family_reunification"
    assert _att("Het aantal nareizigers, gezinsleden van een asielzoeker, nam toe tot [3 270].", "2024-06").population.value \
        == "asylum_seekers"          # no relative clause: no apposition, the nearest before wins as before


def test_a_nationality_in_an_apposition_is_not_seen_from_outside():
    """'1 200 asielzoekers, die vooral uit Syrië kwamen,': a description of the whole, not its breakdown."""
    att = _att("In juni vroegen [1 200] asielzoekers, die vooral uit Syrië kwamen, voor het eerst asiel aan.", "2024-06")
    assert att.nationalities.value == ()
    assert _att("In juni vroegen [1 200] asielzoekers uit Syrië voor het eerst asiel aan.", "2024-06").nationalities.value == ("SY",)


def test_a_period_in_an_apposition_is_seen_from_outside():
    att = _att("Het aantal nareizigers, die in maart 2023 naar Nederland kwamen, was [3 270].", "2023-06")
    assert (att.periods[0].start, att.periods[0].end) == ("2023-03-01", "2023-03-31")
    assert att.population.value == "family_reunification"


def test_the_change_before_a_level_does_not_hide_the_population_from_the_level():
    """'daalde met 15 procent tot 4.200': the change and the level are one quantity, so the amv named
    before the change refine the generic 'asiel aanvroeg' for the level too (not the frame's population)."""
    text = "Het aantal alleenstaande minderjarige vreemdelingen (amv) dat asiel aanvroeg, daalde met 15 procent tot [4.200]."
    assert _att(text, "2024-12").population.value == "uam"
    # another figure in between that is no change of the level still hides it
    other = _att("Het aantal amv dat asiel aanvroeg was 900, en in totaal vroegen [4.200] mensen asiel aan.", "2024-12")
    assert other.population.value != "uam"


def test_van_tot_without_a_period_after_the_first_figure_is_a_range_not_a_change_over_time():
    """'van N1 in P1 tot N2' is one quantity at two times (rules/attachment.yaml `from_to_after_own`);
    'een instroom van 47.000 tot 52.000 asielzoekers' is a range: the first is no earlier step of the second."""
    low = _att("Het kabinet rekent op een instroom van [47.000] tot 52.000 asielzoekers in 2024.", "2024-06")
    high = _att("Het kabinet rekent op een instroom van 47.000 tot [52.000] asielzoekers in 2024.", "2024-06")
    assert "from_to" not in low.explanation() + high.explanation()
    step = _att("Het aantal Turkse asielzoekers nam af van 1 640 in het tweede kwartaal tot [1 100].", "2024-09")
    assert step.nationalities.how == "nationality.from_to" and step.nationalities.value == ("TR",)


def test_a_share_and_the_count_in_brackets_after_its_nationality_are_both_that_nationalitys():
    text = "Ruim een derde van de eerste asielverzoeken kwam van Syriërs ([2 950])."
    assert _att(text, "2024-06").nationalities.value == ("SY",)
    share = _att("Ruim [een derde] van de eerste asielverzoeken kwam van Syriërs (2 950).", "2024-06")
    assert share.nationalities.value == ("SY",)
    # a list after the share: each bracket is its own member's, the share is no one's by nearness
    listed = _att("[40 procent] van de verzoeken kwam van Syriërs (1 200), Afghanen (800) en Turken (500).", "2024-06")
    assert listed.nationalities.value != ("SY",)


# --- the scopes are checked when the rules are loaded (pipeline/extraction/scope_rules.py) ----------

import pytest  # noqa: E402
import yaml  # noqa: E402

from conftest import ROOT  # noqa: E402
from pipeline.errors import RuleFileError  # noqa: E402
from pipeline.extraction.scope_rules import named_scopes_from, scopes, scopes_from  # noqa: E402

SHIPPED = (ROOT / "rules" / "attachment.yaml").read_text(encoding="utf-8")


def test_the_shipped_scopes_load_as_checked_records():
    period = scopes()["period"]
    assert period.directions == ("before", "after")
    assert period.scope("after").max == 60 and period.scope("after").stop == ("NUMBER", "CLAUSE")


def _refusal(old: str, new: str, read=scopes_from) -> str:
    assert SHIPPED.count(old) == 1, old
    text = SHIPPED.replace(old, new)
    with pytest.raises(RuleFileError) as e:
        read(yaml.safe_load(text), text=text)
    line = next(i for i, l in enumerate(text.splitlines(), 1) if new.split("{")[0].strip() in l and new.strip() in l)
    return str(e.value), line


def test_an_unknown_terminator_is_refused_with_its_file_line_and_field():
    msg, line = _refusal("after: {max: 60, stop: [NUMBER, CLAUSE]}", "after: {max: 60, stop: [NUMBER, CLAUS]}")
    assert msg.startswith(f"rules/attachment.yaml:{line}: modifiers.period.after.stop.1: ") and "NUMBER" in msg


def test_an_unknown_direction_is_refused_not_read_as_after():
    msg, line = _refusal("directions: [before, after]", "directions: [before, aftr]")
    assert msg.startswith(f"rules/attachment.yaml:{line}: modifiers.period: directions: 'aftr' is not a direction")


def test_a_direction_without_its_scope_is_refused():
    msg, _ = _refusal("    after: {max: 60, stop: [NUMBER, CLAUSE]}\n", "")
    assert "modifiers.period: directions: 'after' has no scope" in msg


def test_a_scope_must_reach_at_least_one_token():
    msg, line = _refusal("    head: {max: 4,", "    head: {max: 0,")
    assert msg.startswith(f"rules/attachment.yaml:{line}: modifiers.population.head.max: ")


def test_a_named_scope_is_checked_too():
    msg, line = _refusal("verb_before_head: {max: 4, stop: [NUMBER, PUNCT]}", "verb_before_head: {max: 4, stop: [COMMA]}",
                         read=named_scopes_from)
    assert msg.startswith(f"rules/attachment.yaml:{line}: named_scopes.verb_before_head.stop.0: ")


def test_a_category_that_opens_the_next_part_of_the_sentence_is_the_next_figures():
    """', aan studenten 12.700' / ', voor asielzoekers uit veilige landen ... 2 procent': the category after a
    figure behind a comma and a preposition belongs to the figure that follows it, not to the one before."""
    text = "Aan kennismigranten werden {} verblijfsvergunningen verleend, aan studenten {}."
    assert _att(text.format("[9.850]", "12.700"), "2013-12").category.value == "knowledge_talent"
    assert _att(text.format("9.850", "[12.700]"), "2013-12").category.value == "study"
    rates = ("Het inwilligingspercentage voor eerste asielaanvragen kwam uit op 66 procent. Voor Syrische asielzoekers "
             "lag het boven de {} procent, voor asielzoekers uit veilige landen van herkomst onder de {} procent.")
    assert _att(rates.format("[95]", "2"), "2016-12").category.value == ""
    assert _att(rates.format("95", "[2]"), "2016-12").category.value == "safe_country_of_origin"
    # a category after its own figure without such a comma stays its own ("7.140 voor kennismigranten, 5.420 voor studie")
    listed = "Het ging om 12.850 vergunningen voor gezinshereniging, 7.140 voor kennismigranten en [5.420] voor studie."
    assert _att(listed, "2016-06").category.value == "study"
