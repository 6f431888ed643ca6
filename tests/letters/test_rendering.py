"""Letters as PDFs: the right words for each recipient, accessible, and fetching nothing."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from requests.letters import rendering
from requests.letters.models import LetterKind
from requests.letters.recipients import recipients_for_contact
from requests.letters.services import letter_build
from tests.letters.factories import awaiting_with_family
from tests.letters.helpers import pdf_fonts, pdf_text

pytestmark = pytest.mark.django_db

PROFESSIONAL = {"name": "Dr Pat Fiction", "agency": "Exampletown GP", "email": "pat@gp.example.org"}


def _letters(people, **kwargs):
    contact, decision = awaiting_with_family(people=people, **kwargs)
    return contact, {
        r.key: letter_build(decision=decision, recipient=r)
        for r in recipients_for_contact(contact=contact)
    }


def test_each_kind_of_letter_has_its_own_wording_with_name_reference_and_outcome(
    people, front_door
):
    from requests.triage.wording import REFERRER

    contact, letters = _letters(people, professionals=[PROFESSIONAL])
    texts = {letter.kind: pdf_text(rendering.letter_pdf(letter)) for letter in letters.values()}
    label = contact.decisions.get().get_outcome_display()
    for text in texts.values():
        assert contact.reference in text
        assert label in text
        assert "Home Council" in text and "1 Example Street" in text
        assert "Page 1 of" in text
        # The officer's rationale is internal: never printed in any letter.
        assert "home conditions need a full assessment" not in text
    parent = texts[LetterKind.PARENT]
    assert "Dear Jane Fictional" in parent
    assert "What we were told about" in parent and "Neglect" in parent
    assert "A social worker will contact you to arrange the assessment." in parent
    # the front door's number and hours, from the directory
    assert "0100 000 0001" in parent and "Monday to Friday 08:45 to 17:15" in parent
    referrer = texts[LetterKind.REFERRER]
    assert f"Dear {people.alice.full_name}" in referrer
    assert REFERRER["single_assessment"] in referrer
    assert "A social worker will contact you" not in referrer  # the family's text is theirs
    professional = texts[LetterKind.PROFESSIONAL]
    assert "Dear Dr Pat Fiction" in professional
    # Asked before the decision: said so, not "during our enquiries".
    assert "before deciding what to do" in professional
    assert "during our enquiries" not in professional and "Exampletown GP" in professional
    assert REFERRER["single_assessment"] in professional


def test_a_letter_is_a_tagged_pdf_with_a_title_and_language_and_embedded_liberation_fonts(
    people,
):
    contact, letters = _letters(people)
    pdf = rendering.letter_pdf(letters["referrer"])
    reader = PdfReader(io.BytesIO(pdf))
    catalog = reader.trailer["/Root"]
    assert bool(catalog["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in catalog
    assert str(catalog["/Lang"]).startswith("en")
    assert (
        reader.metadata.title == f"Outcome of your Request for Support (copy): {contact.reference}"
    )
    # A missing font falls back silently: prove the packaged ones are the ones embedded.
    assert pdf_fonts(pdf) == {"Letter-Sans", "Letter-Sans-Bold"}


def test_large_print_is_its_own_layout_and_an_interpreter_is_offered_in_the_language(people):
    _, letters = _letters(
        people,
        family=[
            {"full_name": "Standard Parent"},
            {
                "full_name": "Large Parent",
                "needs_large_print": True,
                "interpreter_language": "Polish",
                "needs_bsl": True,
            },
        ],
    )
    standard, large = (letter for letter in letters.values() if letter.kind == LetterKind.PARENT)
    standard_pdf, large_pdf = rendering.letter_pdf(standard), rendering.letter_pdf(large)
    pages = len(PdfReader(io.BytesIO(standard_pdf)).pages)
    assert len(PdfReader(io.BytesIO(large_pdf)).pages) > pages
    large_text = pdf_text(large_pdf)
    assert "If you would like an interpreter in Polish" in large_text
    assert "British Sign Language" in large_text
    assert "interpreter in" not in pdf_text(standard_pdf)
    # 18pt body text: the large-print stylesheet is applied, not only a bigger heading
    assert "font-size: 18pt" in rendering.ASSET_FILES["large-print.css"][0].read_text()


def test_an_easy_read_reader_gets_the_officers_easy_read_text(people):
    _, letters = _letters(
        people,
        family=[{"full_name": "Easy Parent", "needs_easy_read": True}, {"full_name": "Std"}],
        family_text_easy_read="We will find out more about what your family needs.",
    )
    easy, standard = (letter for letter in letters.values() if letter.kind == LetterKind.PARENT)
    text = pdf_text(rendering.letter_pdf(easy))
    assert "We will find out more about what your family needs." in text
    assert "A social worker will contact you to arrange" not in text
    assert "How to talk to us" in text
    standard_text = pdf_text(rendering.letter_pdf(standard))
    assert "A social worker will contact you to arrange the assessment." in standard_text
    assert "We will find out more about what your family needs." not in standard_text


HOSTILE = (
    '<img src="http://169.254.169.254/latest/meta-data/"> <script>alert(1)</script> '
    '<link rel="stylesheet" href="file:///etc/passwd"> '
    "<style>body{background:url(https://attacker.example/x.png)}</style> "
    '<iframe src="ftp://attacker.example/"></iframe> file:///etc/passwd & "quotes"'
)


def test_hostile_text_is_printed_as_typed_and_nothing_is_fetched(people, monkeypatch):
    import urllib.request

    opened: list[str] = []
    monkeypatch.setattr(urllib.request, "urlopen", lambda *a, **k: opened.append(str(a)))
    _, letters = _letters(people, family_text=HOSTILE + " url(file:///etc/shadow)")
    letter = next(letter for letter in letters.values() if letter.kind == LetterKind.PARENT)
    fetcher = rendering.renderer().fetcher
    refused_before = len(fetcher.refused)
    html = rendering.letter_html(letter)
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    text = pdf_text(rendering.letter_pdf(letter))
    assert "<script>alert(1)</script>" in text
    assert '<img src="http://169.254.169.254/latest/meta-data/">' in text
    assert "url(file:///etc/shadow)" in text
    assert "root:" not in text  # /etc/passwd was not read into the letter
    assert opened == []
    # the markup is text, so WeasyPrint never even asked for those URLs
    assert fetcher.refused[refused_before:] == []


@pytest.mark.parametrize(
    "url",
    [
        "http://example.org/logo.png",
        "https://attacker.example/x.css",
        "file:///etc/passwd",
        "ftp://attacker.example/x",
        "data:text/plain,hello",
        "https://assets.letters.invalid/../../etc/passwd",
        "https://assets.letters.invalid/fonts/../../../etc/passwd",
        "https://assets.letters.invalid.attacker.example/letter.css",
    ],
)
def test_the_fetcher_refuses_every_url_but_the_packaged_assets(url):
    fetcher = rendering.AssetFetcher()
    with pytest.raises(ValueError):
        fetcher.weasy.fetch(url)
    assert fetcher.refused == [url]
    served = fetcher.weasy.fetch(rendering.ASSET_ORIGIN + "letter.css")
    assert b"@page" in served.read()


def test_a_stylesheet_or_image_pointing_outside_is_refused_during_rendering(people):
    """Even markup reaching WeasyPrint (not our templates) cannot fetch: the fetcher refuses."""
    from weasyprint import CSS, HTML

    fetcher = rendering.AssetFetcher()
    html = (
        '<html lang="en"><head><title>t</title>'
        '<link rel="stylesheet" href="https://attacker.example/x.css"></head>'
        '<body><img src="file:///etc/passwd" alt="">'
        '<img src="http://127.0.0.1:1/redirect" alt=""><p>ok</p></body></html>'
    )
    css = CSS(
        string="p{background:url(ftp://attacker.example/p.png)}",
        url_fetcher=fetcher.weasy,
    )
    HTML(string=html, base_url=rendering.ASSET_ORIGIN, url_fetcher=fetcher.weasy).write_pdf(
        stylesheets=[css]
    )
    assert set(fetcher.refused) == {
        "https://attacker.example/x.css",
        "file:///etc/passwd",
        "http://127.0.0.1:1/redirect",
        "ftp://attacker.example/p.png",
    }


@pytest.mark.parametrize(
    ("rows", "grouped"),
    [
        (
            [("Monday", "08:30 to 17:00")] * 0
            + [(d, "08:30 to 17:00") for d in ("Monday", "Tuesday", "Wednesday", "Thursday")]
            + [("Friday", "08:30 to 16:30"), ("Saturday", "Closed"), ("Sunday", "Closed")],
            [("Monday to Thursday", "08:30 to 17:00"), ("Friday", "08:30 to 16:30")],
        ),
        (
            [("Monday", "09:00 to 17:00"), ("Tuesday", "Closed"), ("Wednesday", "09:00 to 17:00")],
            [("Monday", "09:00 to 17:00"), ("Wednesday", "09:00 to 17:00")],
        ),
        ([("Monday", "Closed")], []),
    ],
)
def test_opening_hours_are_grouped_for_the_letter(rows, grouped):
    assert rendering.group_days(rows) == grouped
