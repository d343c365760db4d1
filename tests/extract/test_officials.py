import pytest

from kb.extract.countries import find_countries
from kb.extract.officials import OfficialRegistry, find_officials


def officials(sentence, acronyms=None):
    return [
        (o.name, o.title, o.country)
        for o in find_officials(sentence, find_countries(sentence), acronyms)
    ]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "Kenyan Foreign Minister Alfred Mutua arrived in Rome.",
            ("Alfred Mutua", "Foreign Minister", "KEN"),
        ),
        (
            "Minister of Foreign Affairs of Norway Anniken Huitfeldt spoke first.",
            ("Anniken Huitfeldt", "Minister of Foreign Affairs", "NOR"),
        ),
        (
            "Lee Hsien Loong, Singapore's prime minister, attended.",
            ("Lee Hsien Loong", "prime minister", "SGP"),
        ),
        (
            "Chief of Naval Staff (CNS) Admiral Karim Nasser inspected the fleet.",
            ("Karim Nasser", "Chief of Naval Staff", None),
        ),
        (
            "The Danish Ambassador to Chile Ole Hansen presented his credentials.",
            ("Ole Hansen", "Ambassador", "DNK"),
        ),
        (
            "Defence Minister of Japan HAMADA Yasukazu received him.",
            ("HAMADA Yasukazu", "Defence Minister", "JPN"),
        ),
        (
            "Joining were Hon. Maria T. Reyes, Jr., Secretary of Energy of the Philippines.",
            ("Maria T. Reyes, Jr.", "Secretary of Energy", "PHL"),
        ),
        (
            "Brazil's foreign minister, Mauro Vieira, said the plan was ready.",
            ("Mauro Vieira", "foreign minister", "BRA"),
        ),
        (
            "The Italian premier will call her Greek counterpart Nikos Dendias soon.",
            ("Nikos Dendias", "counterpart", "GRC"),
        ),
    ],
)
def test_official_shapes(sentence, expected):
    assert expected in officials(sentence)


def test_acronym_in_the_title_is_kept():
    (mention,) = find_officials(
        "Chief of Naval Staff (CNS) Admiral Karim Nasser inspected the fleet.", []
    )
    assert mention.acronym == "CNS"


def test_names_without_a_title_are_not_officials():
    assert officials("The winning goal was scored by Omar Haddad in extra time.") == []


def test_unnamed_role_holder_is_not_invented():
    assert officials("The Canadian Ambassador also appreciated the effort.") == []


def test_surname_and_acronym_mentions_resolve_to_the_same_person():
    registry = OfficialRegistry()
    (first,) = find_officials("Chief of Naval Staff (CNS) Admiral Karim Nasser spoke.", [])
    person = registry.add(first, 0)
    assert registry.resolve("Nasser") is person
    assert registry.resolve("Admiral Nasser") is person
    assert registry.by_alias("CNS") is person
    assert registry.resolve("Karim Haddad") is None


def test_post_nominal_letters_are_not_part_of_the_name():
    assert (
        officials("He welcomed the Rt Hon Jane Harper MP, Home Secretary, to the talks.")[0][0]
        == "Jane Harper"
    )


def test_plural_title_gives_each_listed_name_the_post():
    found = officials("The accord was signed by Presidents Ana Costa and Luis Prado in Lima.")
    assert [(name, title) for name, title, _ in found] == [
        ("Ana Costa", "President"),
        ("Luis Prado", "President"),
    ]


def test_counterpart_is_not_kept_as_a_title():
    found = officials("Premier Tomas Berg met his Danish counterpart Mette Lund in Oslo.")
    assert ("Mette Lund", "counterpart", "DNK") in found  # the pipeline fills Berg's post in


def test_a_post_that_names_its_country():
    from kb.extract.officials import country_of_title

    assert country_of_title("Secretary of State") == "USA"
    assert country_of_title("Secretary of State for Defence") == "GBR"
    assert country_of_title("External Affairs Minister") == "IND"
    assert country_of_title("Foreign Minister") is None


def test_spokespeople_are_told_apart_from_officials_who_also_speak():
    from kb.extract.officials import is_spokesperson

    assert is_spokesperson("foreign ministry spokeswoman")
    assert not is_spokesperson("Additional Secretary and spokesperson of the Foreign Office")


def test_later_mention_by_post_and_by_family_name_first():
    registry = OfficialRegistry()
    for sentence, index in [
        ("President Park Min-jun met Crown Prince Faisal Al Thani.", 1),
    ]:
        for mention in find_officials(sentence, find_countries(sentence)):
            registry.add(mention, index)
    assert registry.by_role("crown prince", 2).name == "Faisal Al Thani"
    assert registry.by_role("minister", 2) is None
    assert "Park" in registry.surname_keys()


def test_then_title_names_the_office_held_at_the_time():
    assert officials("In 2010 he met then-President Evo Morales in La Paz.") == [
        ("Evo Morales", "President", None)
    ]


def test_an_initial_without_a_full_stop_belongs_to_the_name():
    assert officials("Foreign Minister K Shanmugam arrived in Oslo.")[0][0] == "K Shanmugam"


def test_a_time_word_before_an_apposition_is_not_a_name():
    assert officials("Tomorrow, the Foreign Minister will open the new consulate.") == []


def test_a_plural_title_shared_by_names_with_their_countries():
    assert officials(
        "Foreign Ministers Ana Silva of Portugal and Marek Novak of Slovakia met in Lisbon."
    ) == [
        ("Ana Silva", "Foreign Minister", "PRT"),
        ("Marek Novak", "Foreign Minister", "SVK"),
    ]


def test_south_asian_honorifics_are_not_part_of_the_name():
    assert officials("President Smt. Asha Verma welcomed the delegation.") == [
        ("Asha Verma", "President", None)
    ]
    assert officials("Prime Minister Shri Ravi Menon opened the summit.") == [
        ("Ravi Menon", "Prime Minister", None)
    ]


def test_a_counterpart_named_after_a_comma():
    assert officials("The envoy was met by his Chilean counterpart, Rosa Diaz Vera.") == [
        ("Rosa Diaz Vera", "counterpart", "CHL")
    ]
