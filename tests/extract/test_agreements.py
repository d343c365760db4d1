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


def test_small_words_inside_a_capitalised_name_and_its_acronym():
    (found,) = find_agreements(
        "They revived the General Security of Military Information Agreement (GSOMIA).", []
    )
    assert found.name == "General Security of Military Information Agreement"
    assert found.aliases == ["GSOMIA"]


def test_capitalised_words_before_a_lower_case_head():
    assert names("Both sides extended the New START treaty.") == [("New START treaty", "treaty")]


def test_lower_case_description_after_a_determiner():
    assert names("They signed a maritime security agreement in Manila.") == [
        ("Maritime security agreement", "agreement")
    ]
    # "this important security agreement" points back at one already named: no new name.
    found = find_agreements("The signing of this important security agreement was welcomed.", [])
    assert all(a.anaphor for a in found)


def test_a_list_of_subjects_after_a_comma_stays_in_the_name():
    (found,) = find_agreements(
        "They signed an agreement on cultural, scientific, sports and youth exchanges in 2004.", []
    )
    assert found.name == "Agreement on cultural, scientific, sports and youth exchanges"


def test_several_mous_listed_one_by_one():
    sentence = (
        "The ministers witnessed the exchange of a memorandum of understanding on fisheries, "
        "a memorandum of understanding on ports and a memorandum of understanding on tourism."
    )
    assert [n for n, _ in names(sentence)] == [
        "Memorandum of understanding on fisheries",
        "Memorandum of understanding on ports",
        "Memorandum of understanding on tourism",
    ]


def test_an_enumerated_list_after_a_colon():
    sentence = (
        "The sides signed two memoranda of understanding: one between the two customs services "
        "on sharing cargo data, and a second on training diplomats."
    )
    assert [n for n, _ in names(sentence)] == [
        "MoU on sharing cargo data",
        "MoU on training diplomats",
    ]


def test_a_weekday_is_not_the_subject_of_a_list():
    assert names("The two countries signed three MoUs on Saturday.") == []
    assert names("They signed a memorandum of understanding on fisheries on Tuesday.") == [
        ("Memorandum of understanding on fisheries", "mou")
    ]


def test_a_description_in_apposition_is_the_same_agreement():
    found = find_agreements(
        "He said the Open Skies Accord, the aviation pact the two states signed in 2011, holds.",
        [],
    )
    assert [a.name for a in found] == ["Open Skies Accord"]
    assert "Aviation pact" in found[0].aliases


def test_reviving_an_agreement_renews_it():
    assert sentence_status("The two sides agreed to revive a trade pact signed in 1999.") == (
        "renewed"
    )


def test_an_mou_acronym_takes_its_lower_case_subject():
    assert names("The two banks also have an MoU on cooperation in mobile payments.") == [
        ("MoU on cooperation in mobile payments", "mou")
    ]


def test_an_mou_between_two_bodies_keeps_both_sides():
    found = names("An MoU between the Ghana Revenue Authority and the Customs Board was signed.")
    assert found[0][0].startswith("MoU between the Ghana Revenue Authority and the Customs Board")


def test_a_quantity_stays_inside_the_subject():
    assert names("Officials signed an MoU on the supply of 500 tonnes of rice by sea.") == [
        ("MoU on the supply of 500 tonnes of rice", "mou")
    ]


def test_an_organisation_named_after_a_treaty_is_not_an_agreement():
    sentence = "Chile hosted a session of the Pacific Fisheries Treaty Organization (PFTO) today."
    assert names(sentence) == []


def test_a_text_still_to_be_signed_is_only_proposed():
    assert sentence_status("The border treaty still has to be signed and ratified.") == "proposed"
    assert sentence_status("The accord is yet to be ratified by parliament.") == "proposed"


def test_initialling_a_text_is_not_signing_it():
    assert sentence_status("The two negotiators initialled the draft accord.") == "other"


def test_lower_case_joint_declaration_and_action_plan_name_texts():
    assert names("Peru and Chile signed a joint declaration on water rights.") == [
        ("Joint declaration on water rights", "other")
    ]
    assert names("The cabinets adopted a Peruvian-Chilean action plan for the border.") == [
        ("Peruvian-Chilean action plan for the border", "other")
    ]


def test_a_description_renamed_by_the_texts_own_name_is_one_agreement():
    found = find_agreements(
        "They adopted a new framework for maritime cooperation, the Coral Sea Accord on Fisheries.",
        [],
    )
    assert [a.name for a in found] == ["Coral Sea Accord on Fisheries"]
    assert found[0].aliases == ["Framework for maritime cooperation"]
    found = find_agreements(
        "The framework for ties between them remains the Treaty of Friendship.", []
    )
    assert [a.name for a in found] == ["Treaty of Friendship"]


def test_a_count_of_memoranda_names_none_of_them():
    sentence = "Officials exchanged four memoranda of understanding in the presence of the leaders."
    assert names(sentence) == []


def test_memoranda_listed_by_their_subjects_after_a_colon():
    sentence = "Oslo signed two memoranda: on wind power, and on port management."
    assert names(sentence) == [("MoU on wind power", "mou"), ("MoU on port management", "mou")]
