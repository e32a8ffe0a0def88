import pytest

from sammen.inputs.language import Detection, detect_language


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Vi trenger flere benker ved lekeplassen og bedre belysning på stien.", "nb"),
        ("Jeg mener det er for lite å gjøre for ungdom på kveldstid her.", "nb"),
        ("Eg meiner at vi treng fleire benkar ved leikeplassen og betre lys på stien.", "nn"),
        ("Kva kan kommunen gjere for at ungdommen ikkje skal kjede seg om kvelden?", "nn"),
        ("We need more benches and better lighting on the path to the school.", "en"),
        ("Waxaan u baahanahay kuraas badan iyo iftiin wanaagsan oo ku yaal jidka.", "so"),
        ("نحتاج إلى المزيد من المقاعد والإضاءة في الحديقة", "ar"),
        ("Potrzebujemy więcej ławek i lepszego oświetlenia w parku.", "pl"),
    ],
)
def test_language_is_read_from_the_text(text, language):
    assert detect_language(text, fallback="en") == Detection(language, "text")


@pytest.mark.parametrize("text", ["Hei", "Benker!", "ok ok", "", "   ", "123 456 789"])
def test_very_short_text_falls_back_to_the_page_language_and_says_so(text):
    detection = detect_language(text, fallback="nn")
    assert detection.language == "nn"
    assert detection.guessed_from_page


@pytest.mark.parametrize(
    ("code", "name"), [("nb", "norsk bokmål"), ("so", "somali"), ("pl", "polsk"), ("xx", "xx")]
)
def test_language_has_a_norwegian_name_or_its_code(code, name):
    assert Detection(code, "text").name == name
