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
