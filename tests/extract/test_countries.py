from kb.extract.countries import acronym_countries, find_acronym_mentions, find_countries


def codes(text, **kw):
    return [m.iso3 for m in find_countries(text, **kw)]


def test_names_demonyms_capitals_and_seats_of_government():
    text = "Kenyan officials met Brazil's envoy; Ottawa and the Kremlin said Washington agreed."
    assert codes(text) == ["KEN", "BRA", "CAN", "RUS", "USA"]


def test_us_only_in_upper_case():
    assert codes("The US and the U.S. Navy") == ["USA", "USA"]
    assert codes("Let us go") == []


def test_word_boundaries():
    assert codes("Indiana and Omaha are not countries") == []


def test_phrases_that_only_contain_a_country_are_blocked():
    assert codes("Patrols in the South China Sea and Latin American markets") == []


def test_country_names_that_are_people_names():
    assert codes("Michael Jordan scored while King Abdullah of Jordan watched") == ["JOR"]


def test_georgia_in_a_story_about_the_us_state():
    assert "GEO" not in codes("Voters in Georgia queued in Atlanta on Tuesday.")
    assert codes("Georgia and Armenia signed a border deal.") == ["GEO", "ARM"]


def test_urdu_names_in_urdu_text():
    assert codes("پاکستان اور جاپان", lang="ur") == ["PAK", "JPN"]


def test_acronym_defined_after_a_country_phrase_stands_for_that_country():
    text = "The Royal Thai Navy (RTN) hosted drills. Later, RTN ships sailed."
    mentions = find_countries(text)
    acronyms = acronym_countries(text, mentions)
    assert acronyms == {"RTN": "THA"}
    assert len(find_acronym_mentions(text, acronyms)) == 2
