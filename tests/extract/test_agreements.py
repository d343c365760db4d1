from kb.extract.agreements import find_agreements, sentence_status
from kb.extract.countries import find_countries


def names(sentence):
    return [(a.name, a.kind) for a in find_agreements(sentence, find_countries(sentence))]


def test_capitalised_name_with_its_subject():
    assert names("Norway and Iceland signed the Agreement on Fisheries Cooperation in Oslo.") == [
        ("Agreement on Fisheries Cooperation", "agreement")
    ]


def test_lower_case_mou_with_acronym_and_subject():
    (mou,) = find_agreements(
        "Chile and Peru on Monday signed a memorandum of understanding (MoU) on mining and energy.",
        [],
    )
    assert mou.name == "Memorandum of understanding on mining and energy"
    assert mou.kind == "mou"
    assert mou.aliases == ["MoU"]


def test_country_compound_names_and_quoted_aliases():
    (treaty,) = find_agreements(
        'They signed the Treaty of Amity between Ghana and Togo ("the Ghana-Togo Amity Treaty").',
        [],
    )
    assert treaty.name == "Treaty of Amity between Ghana and Togo"
    assert treaty.aliases == ["Ghana-Togo Amity Treaty"]


def test_lists_of_mous_become_one_agreement_each():
    assert names(
        "The two sides signed three MoUs on tourism, health and culture, officials said."
    ) == [
        ("MoU on tourism", "mou"),
        ("MoU on health", "mou"),
        ("MoU on culture", "mou"),
    ]


def test_anaphor_points_back():
    (mention,) = find_agreements("This Treaty was signed in 1972.", [])
    assert mention.anaphor


def test_a_bare_agreement_without_status_or_name_is_not_an_agreement():
    assert names("The two sides reached an understanding and agreed to talk.") == []


def test_statuses():
    assert sentence_status("The accord entered into force in 1999.") == "ratified"
    assert sentence_status("The two states renewed the currency swap agreement.") == "renewed"
    assert sentence_status("A draft treaty is under negotiation.") == "proposed"
    assert sentence_status("They signed the protocol.") == "signed"
