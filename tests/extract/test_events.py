import pytest

from kb.extract.events import find_triggers, rank, status_of, topic_of


def main_trigger(sentence):
    return sorted(find_triggers(sentence), key=rank)[0]


@pytest.mark.parametrize(
    ("sentence", "event_type"),
    [
        ("The two premiers held a telephone conversation on Monday.", "call"),
        ("The ministers spoke by phone about the harvest.", "call"),
        ("They met via video link to review the plan.", "call"),
        ("The president visited Hanoi last month.", "visit"),
        ("The envoy called on the prime minister at his office.", "meeting"),
        ("The sides held the fourth round of strategic dialogue in Oslo.", "talks"),
        ("Chile lauded Peru's handling of the dispute.", "praise"),
        ("The minister expressed deep appreciation for Ghana's support.", "praise"),
        ("Both sides agreed to deepen cooperation in agriculture.", "cooperation_pledge"),
        ("Naval drills were conducted off the coast by both fleets.", "military_exercise"),
        ("Norway donated 20 ambulances to Moldova.", "aid"),
        ("Ottawa imposed fresh sanctions on three banks.", "sanction"),
        ("Lisbon summoned the ambassador to lodge a complaint.", "protest"),
        ("The ministry condemned the attack on the consulate.", "criticism"),
        ("Kenya and Uganda signed an accord on fisheries.", "agreement_signed"),
    ],
)
def test_trigger_types(sentence, event_type):
    assert main_trigger(sentence).type == event_type


@pytest.mark.parametrize(
    ("sentence", "event_type"),
    [
        ("The premiers held restricted and delegation-level talks at the palace.", "talks"),
        ("Papers were swapped following bilateral talks between the two presidents.", "talks"),
        ("The two kings held a tête-à-tête before lunch.", "meeting"),
        (
            "After a one-on-one meeting between the two leaders, aides spoke to the press.",
            "meeting",
        ),
        ("The emir greeted the chancellor and his delegation on their arrival.", "visit"),
        ("Both governments agreed to set up a joint council on ports.", "cooperation_pledge"),
        ("The leaders adopted a joint document on maritime security.", "agreement_signed"),
        ("Chile sent rescue teams to Ecuador after the floods.", "aid"),
        ("Oslo came to Riga's rescue when the fuel ran out.", "aid"),
        ("Peru recalled its ambassador from Quito in protest.", "protest"),
        ("The king conferred the country's highest honour on the visiting premier.", "praise"),
        ("The two presidents jointly inaugurated a new bridge by video.", "other"),
        ("They witnessed the launch of a shared payment card.", "other"),
        ("Lima broke off diplomatic relations with Caracas in 2019.", "other"),
        ("Ambassadors were exchanged at the end of the month.", "other"),
        ("Riga had already come to Vilnius's rescue in the spring.", "aid"),
        ("The border between the two provinces reopened to lorries on Friday.", "other"),
        ("Norway sent police and medical personnel to Suva after the storm.", "other"),
        ("The island switched diplomatic recognition to Beijing.", "other"),
    ],
)
def test_diplomatic_vocabulary_beyond_the_common_verbs(sentence, event_type):
    assert main_trigger(sentence).type == event_type


def test_a_call_that_includes_an_agreement_to_cooperate_is_a_call():
    sentence = "In a phone call, the leaders agreed to strengthen trade ties."
    assert main_trigger(sentence).type == "call"


def test_a_noun_pointing_back_at_an_event_is_not_a_new_trigger():
    assert [h.type for h in find_triggers("During the video conference, nothing was said.")] == []


@pytest.mark.parametrize(
    ("sentence", "status"),
    [
        ("The foreign minister will visit Seoul next week.", "planned"),
        ("The king is expected to hold talks with the emir.", "planned"),
        ("Officials denied that the two sides signed a pact.", "denied"),
        ("The ministry rejected reports that the two navies held drills.", "denied"),
        ("The prime minister visited Seoul on Monday.", "occurred"),
        ("It should be noted that in 2015, the two states signed a treaty.", "occurred"),
    ],
)
def test_modality(sentence, status):
    assert status_of(sentence, main_trigger(sentence)) == status


def test_topic_is_the_most_named_field():
    assert topic_of("joint naval exercises and military training") == "defence"
    assert topic_of("tariffs and exports and trade") == "trade"
    assert topic_of("nothing relevant") is None


@pytest.mark.parametrize(
    ("sentence", "event_type"),
    [
        ("The two leaders witnessed the exchange of four memoranda.", "agreement_signed"),
        ("The ministers concurred to further deepen trade ties.", "cooperation_pledge"),
        ("Later the emir hosted a working dinner for the delegations.", "meeting"),
        ("The Storting ratified the treaty by a wide margin.", "other"),
        ("The senate approved Norway's accession on Friday.", "other"),
        ("The chancellor welcomed the decision, calling it fair.", "statement"),
        ("She flew in from Rome late on Monday.", "visit"),
        ("He hosted the king at the palace for a state visit.", "visit"),
        ("The sides agreed to reopen consulates in both capitals.", "cooperation_pledge"),
        ("The two leaders agreed at their summit on Friday to resume flights.", "meeting"),
    ],
)
def test_more_of_the_vocabulary_of_diplomacy(sentence, event_type):
    assert main_trigger(sentence).type == event_type


def test_a_denial_later_in_the_sentence_governs_it():
    sentence = (
        "The envoy, who said he had attended the talks, wrote that no such meeting took place."
    )
    (hit,) = [h for h in find_triggers(sentence) if h.type == "talks"]
    assert status_of(sentence, hit) == "denied"


def test_a_recalled_encounter_is_marked_as_needing_a_date():
    (hit,) = find_triggers("It was their first talk since their meeting in Lisbon in May.")
    assert hit.recalled and hit.type == "meeting"


@pytest.mark.parametrize(
    ("sentence", "event_type"),
    [
        ("The two cabinets adopted a joint action plan on river transport.", "agreement_signed"),
        ("The two governments met for their annual consultations in Oslo.", "talks"),
        ("The emir greeted the president at the start of a three-day visit.", "visit"),
        ("Lima and Quito restored diplomatic relations in 1999.", "other"),
        ("The minister inaugurated the new embassy in Accra.", "other"),
        ("The leaders directed their officials to draft a trade pact.", "cooperation_pledge"),
        ("The negotiators initialled the text of the accord.", "other"),
        ("The presidents signed a joint declaration on fisheries.", "agreement_signed"),
        ("The ministers issued a joint statement after the talks.", "statement"),
    ],
)
def test_more_trigger_shapes(sentence, event_type):
    assert main_trigger(sentence).type == event_type


def test_a_means_aside_does_not_hide_a_plan():
    sentence = "The two leaders are due to open, by video link, a new power line."
    assert status_of(sentence, main_trigger(sentence)) == "planned"


def test_a_text_still_to_be_signed_is_planned():
    sentence = "The border treaty still has to be signed by both parliaments."
    assert status_of(sentence, main_trigger(sentence)) == "planned"


def test_travelling_to_a_place_is_a_visit():
    assert main_trigger("Last week a Malian delegation travelled to Dakar.").type == "visit"


def test_a_named_dialogue_is_a_talks_trigger():
    hits = find_triggers("The pact was agreed at the Annual Strategic Dialogue in Lima.")
    assert [h.type for h in hits] == ["talks"]


def test_remembering_and_conferring_with_colleagues_are_not_protest_or_praise():
    types = {h.type for h in find_triggers("The minister recalled his first trip and conferred")}
    assert not types & {"protest", "praise"}
    assert "praise" not in {h.type for h in find_triggers("The envoys conferred with aides.")}
