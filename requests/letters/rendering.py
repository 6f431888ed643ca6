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
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from django.template.loader import render_to_string
from django.utils import timezone

from requests.letters.models import Letter, LetterKind

if TYPE_CHECKING:
    from referral_portal.accounts.models import Authority
    from requests.triage.models import Decision

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


class AssetFetcher:
    """Serves only ``ASSET_FILES`` from memory; refuses http, https, file, ftp, data, redirects.

    Records each refused URL (``refused``) so a test can prove nothing was fetched.
    """

    def __init__(self) -> None:
        from weasyprint.urls import URLFetcher

        class _Fetcher(URLFetcher):  # type: ignore[misc]  # weasyprint has no type information
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
        return bytes(pdf)  # weasyprint has no type information


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


def front_door_details(authority: Authority) -> dict[str, Any]:
    """The front door's number and weekly hours, and the out-of-hours number, from the directory
    (seeded per authority from its own sources). Nothing here is typed into a template."""
    from contacts.selectors import directory_for

    directory = directory_for(authority)
    entry = directory.of_kind("front_door")
    out_of_hours = directory.of_kind("out_of_hours")
    details: dict[str, Any] = {
        "name": authority.front_door_name,
        "phone": "",
        "email": "",
        "hours": [],
        "out_of_hours_name": "",
        "out_of_hours_phone": "",
    }
    if entry is not None:
        details.update(
            name=entry.name,
            phone=entry.phone,
            email=entry.email,
            hours=group_days(entry.weekly_rows()),
        )
    if out_of_hours is not None and out_of_hours.phone:
        details.update(out_of_hours_name=out_of_hours.name, out_of_hours_phone=out_of_hours.phone)
    return details


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


def family_text(decision: Decision, *, easy_read: bool) -> str:
    """What we tell the family: the officer's text, or for a decision recorded before there was
    one, the standard wording of its outcome (003) followed by what it said happens next."""
    from requests.triage.wording import FAMILY, FAMILY_EASY_READ

    if easy_read:
        return decision.family_text_easy_read.strip() or FAMILY_EASY_READ.get(decision.outcome, "")
    if decision.family_text.strip():
        return decision.family_text.strip()
    return "\n\n".join(t for t in (FAMILY.get(decision.outcome, ""), decision.next_steps) if t)


def referrer_text(decision: Decision) -> str:
    """What we tell the referrer and the professionals contacted (same fallback)."""
    from requests.triage.wording import REFERRER

    if decision.referrer_text.strip():
        return decision.referrer_text.strip()
    return "\n\n".join(t for t in (REFERRER.get(decision.outcome, ""), decision.next_steps) if t)


def pr_letters_going(letter: Letter) -> int:
    """How many people with PR are (or, in a preview, would be) sent this decision's letter
    now: the referrer's copy says so only when it is true (issue 17 point 5)."""
    from requests.letters.models import LetterStatus, RecipientHold
    from requests.letters.recipients import recipients_for_contact
    from requests.letters.services import hold_for

    decision = letter.decision
    made = Letter.objects.filter(decision=decision, kind=LetterKind.PARENT)
    if decision.status == "agreed" and made.exists():
        return made.exclude(status__in=[LetterStatus.HELD, LetterStatus.FAILED]).count()
    holds = {h.recipient_key: h for h in RecipientHold.objects.filter(contact=letter.contact)}
    return sum(
        1
        for r in recipients_for_contact(contact=letter.contact, outcome=decision.outcome)
        if r.kind == LetterKind.PARENT and r.deliverable and not hold_for(r, holds)
    )


def _and_list(names: list[str]) -> str:
    """ "Sam", "Sam and Lily", "Sam, Lily and Ava"."""
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


def letter_context(letter: Letter, *, today: dt.date | None = None) -> dict[str, Any]:
    """Everything a letter prints. The officer's rationale is NOT here: it is internal and never
    printed in any letter (issue 17 point 3)."""
    from requests.letters.recipients import one_line
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
    if letter.kind == LetterKind.PARENT:
        # Only the children this person holds parental responsibility for.
        children = [one_line(name) for name in letter.children or []]
    else:
        children = [one_line(f"{c.first_name} {c.last_name}") for c in contact.children.all()]
    kind_title = {
        LetterKind.PARENT: "What happens after you were referred to us",
        LetterKind.REFERRER: "Outcome of your Request for Support (copy)",
        LetterKind.PROFESSIONAL: "Outcome of our enquiries",
    }[LetterKind(letter.kind)]
    context: dict[str, Any] = {
        "letter": letter,
        "recipient_name": one_line(letter.recipient_name),
        "asked_before_decision": _asked_before_decision(letter),
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
        "worries": worries,
        "children": children,
        "children_text": _and_list(children),
        "referrer_agency": one_line(contact.agency.name),
    }
    if letter.kind == LetterKind.PARENT:
        context["what_we_tell_you"] = family_text(decision, easy_read=letter.easy_read)
    else:
        context["what_we_tell_you"] = referrer_text(decision)
    if letter.kind == LetterKind.REFERRER:
        context["pr_letters_going"] = pr_letters_going(letter)
    return context


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
    return bytes(pdf)  # weasyprint has no type information


def _asked_before_decision(letter: Letter) -> bool:
    """A professional the front door asked before the decision (not in further enquiries)."""
    kind, _, pk = letter.recipient_key.partition(":")
    if kind != "professional" or not pk.isdigit():
        return False
    professional = letter.contact.professionals_contacted.filter(pk=int(pk)).first()
    return professional is not None and not professional.during_enquiries
