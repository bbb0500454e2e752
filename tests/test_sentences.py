from chatbot.ingest.sentences import split_sentences


def texts(text: str, **kw) -> list[str]:
    return [text[s:e] for s, e in split_sentences(text, **kw)]


def test_splits_on_end_punctuation_and_keeps_spans_verbatim():
    text = "  It is rare. Is it serious? Yes!  "
    spans = split_sentences(text)
    assert [text[s:e] for s, e in spans] == ["It is rare.", "Is it serious?", "Yes!"]


def test_initials_and_abbreviations_do_not_end_sentences():
    assert texts("Reviewed by Stephanie S. Gardner, MD today. Next one.") == [
        "Reviewed by Stephanie S. Gardner, MD today.",
        "Next one.",
    ]
    assert texts("Use e.g. ice packs. Then rest.") == ["Use e.g. ice packs.", "Then rest."]


def test_one_word_label_stays_with_its_sentence():
    assert texts("Dystrophic. This is the most common cause.") == ["Dystrophic. This is the most common cause."]


def test_reference_marker_stays_with_sentence():
    assert texts("These include tumoral calcinosis.[1] Next.") == ["These include tumoral calcinosis.[1]", "Next."]


def test_flattened_mode_splits_lists_after_colons_and_glued_items():
    text = "It is most common on: FaceElbowsFingertips The lesions hurt."
    assert texts(text, flattened=True) == ["It is most common on:", "Face", "Elbows", "Fingertips", "The lesions hurt."]
    assert texts(text) == [text]
    assert texts("Calls via LinkedIn or DermNet work.", flattened=True) == ["Calls via LinkedIn or DermNet work."]


def test_offsets_are_absolute_within_a_window():
    text = "xxx First one. Second one. yyy"
    spans = split_sentences(text, 4, 26)
    assert [text[s:e] for s, e in spans] == ["First one.", "Second one."]
    assert spans[0][0] == 4
