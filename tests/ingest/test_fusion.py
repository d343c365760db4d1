"""The fusion rules on their own: type families, keys, dates, agreement and official names."""

from __future__ import annotations

from datetime import date

import pytest

from kb.ingest import fusion


def test_meeting_talks_and_visit_share_a_family_and_other_types_keep_their_own() -> None:
    assert {fusion.type_family(t) for t in ("meeting", "talks", "visit")} == {"meet"}
    assert fusion.type_family("call") == "call"
    assert fusion.type_family("agreement_signed") == "agreement_signed"


def test_event_keys_ignore_country_order_and_keep_denials_apart() -> None:
    assert fusion.event_fusion_key("visit", ["PAK", "JPN"]) == fusion.event_fusion_key(
        "talks", ["JPN", "PAK", "JPN"]
    )
    assert fusion.event_fusion_key("visit", ["PAK"], "denied") != fusion.event_fusion_key(
        "visit", ["PAK"]
    )


@pytest.mark.parametrize(
    ("a", "a_precision", "b", "b_precision", "compatible"),
    [
        (date(2019, 1, 1), "year", date(2019, 6, 18), "day", True),
        (date(2019, 6, 18), "day", date(2019, 1, 1), "year", True),
        (date(2019, 6, 1), "month", date(2019, 6, 30), "day", True),
        (date(2019, 6, 1), "month", date(2019, 7, 1), "day", False),
        (date(2019, 6, 18), "day", date(2019, 6, 19), "day", False),
        (date(2019, 1, 1), "year", date(2020, 1, 1), "year", False),
        (date(2020, 2, 1), "month", date(2020, 2, 29), "day", True),
    ],
)
def test_dates_are_compatible_when_one_period_holds_the_other(
    a: date, a_precision: str, b: date, b_precision: str, compatible: bool
) -> None:
    assert fusion.dates_compatible(a, a_precision, b, b_precision) is compatible


def test_day_is_more_precise_than_month_and_year_and_a_missing_date() -> None:
    assert fusion.more_precise("day", "month") and fusion.more_precise("month", "year")
    assert fusion.more_precise("year", None)
    assert not fusion.more_precise("year", "day")


@pytest.mark.parametrize(
    "name",
    [
        "Memorandum of Understanding on Defense Cooperation and Exchange",
        "memorandum of understanding (MoU) on defence cooperation and exchanges",
        "MoU on Defence Co-operation and Exchanges",
        "Pakistan-Japan memorandum of understanding on defence exchange and cooperation",
    ],
)
def test_spellings_of_one_agreement_normalise_alike(name: str) -> None:
    tokens = fusion.agreement_name_tokens(name, ["PAK", "JPN"])
    assert tokens == ("cooperation", "defence", "exchange", "mou")


def test_agreement_names_match_when_equal_or_contained_but_not_on_one_word() -> None:
    full = ("cooperation", "defence", "exchange", "mou")
    assert fusion.agreement_names_match(full, ("cooperation", "defence", "mou"))
    assert not fusion.agreement_names_match(full, ("mou",))
    assert not fusion.agreement_names_match(("cable", "mou"), ("motorway", "mou"))


@pytest.mark.parametrize(
    ("name", "tokens"),
    [
        ("Gen Bajwa", ("bajwa",)),
        ("General Qamar Javed Bajwa", ("qamar", "javed", "bajwa")),
        ("COAS Qamar Bajwa", ("qamar", "bajwa")),
        ("Chief of Army Staff (COAS) Gen. Qamar Javed Bajwa", ("qamar", "javed", "bajwa")),
        ("Defence Minister Taro Kono", ("taro", "kono")),
        ("Dr. Arif Alvi", ("arif", "alvi")),
    ],
)
def test_titles_and_ranks_are_not_part_of_a_name(name: str, tokens: tuple[str, ...]) -> None:
    assert fusion.official_name_tokens(name) == tokens


def test_display_name_keeps_the_written_form_without_titles() -> None:
    assert fusion.official_display_name("Gen. Qamar Javed Bajwa") == "Qamar Javed Bajwa"
    assert fusion.official_display_name("Prime Minister") == "Prime Minister"


def test_a_name_fits_by_surname_or_by_containing_the_other() -> None:
    known = ("qamar", "javed", "bajwa")
    assert fusion.official_name_fits(("bajwa",), known)
    assert fusion.official_name_fits(("qamar", "bajwa"), known)
    assert not fusion.official_name_fits(("qamar",), known)  # a first name alone is not enough
    assert not fusion.official_name_fits(("asim", "bajwa"), known)


def test_match_official_needs_exactly_one_candidate() -> None:
    nawaz = fusion.OfficialCandidate(1, (("nawaz", "sharif"),))
    shehbaz = fusion.OfficialCandidate(2, (("shehbaz", "sharif"),))
    assert fusion.match_official(("sharif",), [nawaz, shehbaz]) is None
    assert fusion.match_official(("shehbaz", "sharif"), [nawaz, shehbaz]) is shehbaz
    assert fusion.match_official(("sharif",), [nawaz]) is nawaz


def test_normalised_sentences_ignore_case_punctuation_and_quotes() -> None:
    assert fusion.normalise_sentence(
        "Japan praised  Pakistan’s role."
    ) == fusion.normalise_sentence("japan praised pakistan's role")
