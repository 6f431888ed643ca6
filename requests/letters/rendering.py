"""Rendering a letter to PDF with WeasyPrint, fetching nothing from outside.

LIBRARIES.md "WeasyPrint safely and fast": one URLFetcher subclass serving only our packaged
assets from memory and refusing every other URL; one FontConfiguration and parsed stylesheets
per process; ``pdf_variant="pdf/ua-1"`` for a tagged PDF with a title and a language.
"""

from __future__ import annotations

import atexit
import datetime as dt
import logging
import threading
from functools import cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from django.template.loader import render_to_string
from django.utils import timezone

from requests.letters.models import Letter, LetterKind

ASSETS_DIR = Path(__file__).resolve().parent / "assets"
FONTS_DIR = Path("/usr/share/fonts/truetype/liberation")
# Our own origin for packaged assets. ".invalid" never resolves (RFC 2606): even a bug that let
# a URL through to the network would reach nothing.
ASSET_ORIGIN = "https://assets.letters.invalid/"
LONDON = ZoneInfo("Europe/London")

# name -> (file, media type). Nothing outside this table is ever served.
ASSET_FILES: dict[str, tuple[Path, str]] = {
    "letter.css": (ASSETS_DIR / "letter.css", "text/css"),
    "large-print.css": (ASSETS_DIR / "large-print.css", "text/css"),
    "fonts/LiberationSans-Regular.ttf": (FONTS_DIR / "LiberationSans-Regular.ttf", "font/ttf"),
    "fonts/LiberationSans-Bold.ttf": (FONTS_DIR / "LiberationSans-Bold.ttf", "font/ttf"),
}

# Plain English for a parent or carer (issue 9 point 1), one sentence per outcome (003's list).
OUTCOME_PLAIN: dict[str, str] = {
    "advice": "We have given advice and told you about other services that can help.",
    "nfa": "We do not need to take any further action.",
    "mash": "We need to find out more before we decide what support is needed. "
    "We may ask other professionals who know your family.",
    "single_assessment": "A social worker will work with you to understand what your family "
    "needs. This is called a single assessment.",
    "s47": "We are worried about a child's safety. A social worker will make child protection "
    "enquiries (section 47 of the Children Act 1989).",
    "early_help": "We think early help would support your family, and we will put you in touch "
    "with the early help team.",
}
OUTCOME_EASY_READ: dict[str, str] = {
    "advice": "We gave advice. We told you about other people who can help.",
    "nfa": "We will not do anything more.",
    "mash": "We need to find out more. We may talk to people who know your family.",
    "single_assessment": "A social worker will meet you. They will find out what help you need.",
    "s47": "We are worried a child may not be safe. A social worker will find out more.",
    "early_help": "We think some extra help would be good for your family.",
}


class AssetFetcher:
    """Serves only ``ASSET_FILES`` from memory; refuses http, https, file, ftp, data, redirects.

    Records each refused URL (``refused``) so a test can prove nothing was fetched.
    """

    def __init__(self) -> None:
        from weasyprint.urls import URLFetcher

        class _Fetcher(URLFetcher):
            def __init__(inner) -> None:  # noqa: N805
                super().__init__(allowed_protocols=(), allow_redirects=False)

            def fetch(inner, url: str, headers: Any = None) -> Any:  # noqa: N805
                return self.fetch(url)

            def open(inner, url: Any, data: Any = None, timeout: Any = None) -> Any:  # noqa: N805
                return self.fetch(getattr(url, "full_url", url))

            def __call__(inner, url: str) -> Any:  # noqa: N805
                return self.fetch(url)

        self.weasy = _Fetcher()
        self.refused: list[str] = []
        self._lock = threading.Lock()

    def fetch(self, url: str) -> Any:
        from weasyprint.urls import URLFetcherResponse

        name = url[len(ASSET_ORIGIN) :] if url.startswith(ASSET_ORIGIN) else None
        if name is None or name not in ASSET_FILES:
            with self._lock:
                self.refused.append(url[:200])
            # A plain error: WeasyPrint leaves the resource out and goes on with the letter.
            raise ValueError("Letters load only their own packaged assets")
        body, media_type = _asset_bytes(name)
        return URLFetcherResponse(url, body=body, headers={"Content-Type": media_type})


@cache
def _asset_bytes(name: str) -> tuple[bytes, str]:
    path, media_type = ASSET_FILES[name]
    return path.read_bytes(), media_type


class _Renderer:
    """Per process: the fetcher, the font configuration and the parsed stylesheets."""

    def __init__(self) -> None:
        from weasyprint import CSS
        from weasyprint.text.fonts import FontConfiguration

        # WeasyPrint logs each rendering step at INFO: noise in a worker's log, and slower.
        logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
        self.fetcher = AssetFetcher()
        self.font_config = FontConfiguration()
        self.stylesheets: dict[bool, list[Any]] = {}
        for large in (False, True):
            names = ["letter.css"] + (["large-print.css"] if large else [])
            self.stylesheets[large] = [
                CSS(
                    string=_asset_bytes(name)[0].decode(),
                    base_url=ASSET_ORIGIN,
                    url_fetcher=self.fetcher.weasy,
                    font_config=self.font_config,
                )
                for name in names
            ]
        self.image_cache: dict[str, Any] = {}

    def render(self, html: str, *, large_print: bool) -> bytes:
        from weasyprint import HTML

        document = HTML(string=html, base_url=ASSET_ORIGIN, url_fetcher=self.fetcher.weasy)
        pdf = document.write_pdf(
            stylesheets=self.stylesheets[large_print],
            font_config=self.font_config,
            pdf_variant="pdf/ua-1",
            cache=self.image_cache,
        )
        assert pdf is not None
        return pdf


_renderer: _Renderer | None = None
_pid: int | None = None


def renderer() -> _Renderer:
    """The process's renderer (built on first use, again after a fork)."""
    import os

    global _renderer, _pid
    if _renderer is None or _pid != os.getpid():
        if _renderer is None:
            # Drop it before interpreter shutdown: FontConfiguration.__del__ needs modules
            # that are already gone by then and prints a TypeError.
            atexit.register(_forget_renderer)
        _renderer = _Renderer()
        _pid = os.getpid()
    return _renderer


def _forget_renderer() -> None:
    global _renderer
    _renderer = None


def front_door_details(authority: Any) -> dict[str, Any]:
    """The front door's number and weekly hours from the directory (seeded per authority)."""
    from contacts.selectors import directory_for

    entry = directory_for(authority).of_kind("front_door")
    if entry is None:
        return {"name": authority.front_door_name, "phone": "", "hours": []}
    return {"name": entry.name, "phone": entry.phone, "hours": group_days(entry.weekly_rows())}


def group_days(rows: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """("Monday", "08:30 to 17:00") x 4 -> ("Monday to Thursday", "08:30 to 17:00"); closed
    days are left out. Keeps a letter's "who to contact" short enough to stay on one page."""
    groups: list[list[str]] = []  # [first day, last day, hours], consecutive days
    for day, text in rows:
        if groups and groups[-1][2] == text:
            groups[-1][1] = day
        else:
            groups.append([day, day, text])
    return [
        (first if first == last else f"{first} to {last}", text)
        for first, last, text in groups
        if text != "Closed"
    ]


def letter_context(letter: Letter, *, today: dt.date | None = None) -> dict[str, Any]:
    from requests.models import ConcernCategory

    decision = letter.decision
    contact = letter.contact
    authority = letter.authority
    today = today or timezone.now().astimezone(LONDON).date()
    worries = [
        str(ConcernCategory(value).label)
        for value in contact.categories or []
        if value in ConcernCategory.values
    ]
    children = [f"{child.first_name} {child.last_name}" for child in contact.children.all()]
    kind_title = {
        LetterKind.PARENT: "What happens after you were referred to us",
        LetterKind.REFERRER: "Outcome of your Request for Support (copy)",
        LetterKind.PROFESSIONAL: "Outcome of our enquiries",
    }[LetterKind(letter.kind)]
    return {
        "letter": letter,
        "authority": authority,
        "authority_address_lines": [
            line.strip() for line in authority.address.splitlines() if line.strip()
        ],
        "recipient_address_lines": [
            line.strip() for line in letter.recipient_address.splitlines() if line.strip()
        ],
        "front_door": front_door_details(authority),
        "reference": contact.reference or "",
        "date": today,
        "title": f"{kind_title}: {contact.reference or ''}",
        "outcome_label": decision.get_outcome_display(),
        "outcome_plain": (OUTCOME_EASY_READ if letter.easy_read else OUTCOME_PLAIN).get(
            decision.outcome, ""
        ),
        "rationale": decision.rationale,
        "next_steps": decision.next_steps,
        "worries": worries,
        "children": children,
        "referrer_agency": contact.agency.name,
    }


TEMPLATES = {
    LetterKind.PARENT: "letters/pdf/parent.html",
    LetterKind.REFERRER: "letters/pdf/referrer.html",
    LetterKind.PROFESSIONAL: "letters/pdf/professional.html",
}


def letter_html(letter: Letter, *, today: dt.date | None = None) -> str:
    # Django's autoescaping is on for these templates: every field appears as typed, inert.
    return render_to_string(TEMPLATES[LetterKind(letter.kind)], letter_context(letter, today=today))


def letter_pdf(letter: Letter, *, today: dt.date | None = None) -> bytes:
    return renderer().render(letter_html(letter, today=today), large_print=letter.large_print)


def letters_pdf(letters: list[Letter]) -> bytes:
    """Several letters in one PDF, each starting on a new page (the post list's print-all)."""
    from weasyprint import HTML

    r = renderer()
    documents = []
    for letter in letters:
        html = letter_html(letter)
        documents.append(
            HTML(string=html, base_url=ASSET_ORIGIN, url_fetcher=r.fetcher.weasy).render(
                stylesheets=r.stylesheets[letter.large_print],
                font_config=r.font_config,
                pdf_variant="pdf/ua-1",
                cache=r.image_cache,
            )
        )
    if not documents:
        return b""
    pages = [page for document in documents for page in document.pages]
    pdf = documents[0].copy(pages).write_pdf(pdf_variant="pdf/ua-1")
    assert pdf is not None
    return pdf
