from kb.extract.text import find_dateline, split_sentences


def test_sentences_keep_abbreviations_and_initials_together():
    text = (
        "Lt. Gen. Asim Malik met Mr. John R. Smith of the U.S. embassy on Monday. "
        "They discussed trade. Dr. Rao left at 5 p.m. Friday."
    )
    sentences = split_sentences(text, "text_en", "en")
    assert [s.text for s in sentences] == [
        "Lt. Gen. Asim Malik met Mr. John R. Smith of the U.S. embassy on Monday.",
        "They discussed trade.",
        "Dr. Rao left at 5 p.m. Friday.",
    ]


def test_sentence_offsets_index_into_the_field():
    text = "First line here.\n\nSecond paragraph. Third one!\nA heading"
    for sentence in split_sentences(text, "text_en", "en"):
        assert text[sentence.start : sentence.end] == sentence.text
    assert [s.paragraph for s in split_sentences(text, "text_en", "en")] == [0, 1, 1, 1]


def test_urdu_sentences_end_with_the_urdu_full_stop():
    text = "پاکستان اور جاپان نے ملاقات کی۔ دونوں نے اتفاق کیا۔"
    assert len(split_sentences(text, "text_ur", "ur")) == 2


def test_a_line_without_full_stops_is_cut_into_bounded_pieces():
    text = "word " * 5000
    sentences = split_sentences(text, "text_en", "en")
    assert len(sentences) > 1
    assert all(len(s.text) <= 1000 for s in sentences)


def test_dateline_with_date_and_agency():
    dateline = find_dateline("MANILA, Feb 3 (Kyodo) - The two ministers met.")
    assert dateline is not None
    assert dateline.city == "MANILA"
    assert dateline.date_text == "Feb 3"


def test_plain_sentence_has_no_dateline():
    assert find_dateline("According to officials: nothing changed.") is None


def test_agency_dateline_closed_by_a_slashed_agency_name():
    dateline = find_dateline("OSLO, March 3. /NTB/. The ministers met on Friday.")
    assert dateline is not None and dateline.date_text == "March 3"
    assert "OSLO, March 3. /NTB/. The ministers met on Friday."[dateline.end :].startswith("The")
