"""Locust journeys for ``tests/bench/load.py`` (never run by hand: load.py runs it).

Runs in its own virtualenv (``.venv-load``, ``make load-deps``) from a copy in a temporary
folder, so neither the project's ``requests`` app nor ``tests/bench/queue.py`` shadows the
libraries Locust imports. It imports nothing from the project.

The people, by weight (the accounts come from the file named by ``LOAD_ACCOUNTS``, one account
per virtual user, so no two users share a session or a one-time code):
- anonymous visitors: the start page, choosing an area, who to call now, the levels-of-need
  guidance and tool;
- practitioners (no second step unless their authority asks for one): a Request for Support
  filled and sent page by page, their requests, and (Birmingham) a Level 1 information request;
- front-door officers (password and a TOTP code computed from their seeded key): the queue,
  take next, the contact record, consent/MASH, the decision proposed in its two steps;
- duty managers (the same two steps): decisions awaiting agreement agreed (their letters are
  created and sent by the worker), the outcome letters' page, the dashboard.

Each request is named by its page kind; a response that is not what a person would get (a 5xx,
an unexpected 4xx, a form shown again with its errors) is a failure whose message says which.
Which contact each officer took is appended to ``LOAD_CLAIMS`` (the bench checks no contact was
taken twice). Think time between pages: ``LOAD_WAIT_MIN``..``LOAD_WAIT_MAX`` seconds.
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import os
import random
import re
import struct
import threading
import time
from html import unescape
from html.parser import HTMLParser

from load_forms import EARLY_HELP, PAGES, child, info_child, level, person
from locust import HttpUser, between, events, task

ACCOUNTS = json.loads(open(os.environ["LOAD_ACCOUNTS"]).read())  # noqa: SIM115
CLAIMS = os.environ.get("LOAD_CLAIMS", "claims.jsonl")
WAIT = between(
    float(os.environ.get("LOAD_WAIT_MIN", "2")), float(os.environ.get("LOAD_WAIT_MAX", "6"))
)
_counters = {role: itertools.count() for role in ACCOUNTS}
_lock = threading.Lock()
# Every request, one line each: time, page kind, milliseconds, error ("" when all was well).
# load.py computes the figures from it over the measured window (after every user is in).
_log = open(os.environ.get("LOAD_REQUESTS", "requests.tsv"), "a", buffering=1)  # noqa: SIM115


@events.request.add_listener
def _record(request_type, name, response_time, response_length, exception=None, **kwargs):  # noqa: ANN001
    error = "" if exception is None else " ".join(str(exception).split())[:200]
    _log.write(f"{time.time():.3f}\t{name}\t{response_time:.1f}\t{error}\n")


def ready() -> None:
    """This user has signed in (or has no sign-in): the window starts when all have."""
    _log.write(f"{time.time():.3f}\t__ready__\t0\t\n")


def next_account(role: str) -> dict:
    pool = ACCOUNTS[role]
    return pool[next(_counters[role]) % len(pool)]


def totp(key_hex: str, *, step: int = 30, digits: int = 6) -> str:
    """RFC 6238 as django-otp's TOTPDevice computes it (SHA-1, t0 0, 30 s, 6 digits)."""
    counter = int(time.time()) // step
    mac = hmac.new(bytes.fromhex(key_hex), struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = mac[-1] & 0x0F
    code = (struct.unpack(">I", mac[offset : offset + 4])[0] & 0x7FFFFFFF) % 10**digits
    return str(code).zfill(digits)


class Forms(HTMLParser):
    """Every <form> of a page: action, method and its fields' current values."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._textarea: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        a = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "form":
            self.forms.append(
                {
                    "action": a.get("action", ""),
                    "method": a.get("method", "get").lower(),
                    "fields": [],
                    "names": set(),
                }
            )
            return
        if not self.forms:
            return
        form = self.forms[-1]
        name = a.get("name")
        if tag == "input" and name:
            form["names"].add(name)
            kind = a.get("type", "text").lower()
            if kind in {"radio", "checkbox"}:
                if "checked" in a:
                    form["fields"].append((name, a.get("value", "on")))
            elif kind not in {"submit", "button", "file"}:
                form["fields"].append((name, a.get("value", "")))
        elif tag == "textarea" and name:
            form["names"].add(name)
            self._textarea = name
            form["fields"].append((name, ""))
        elif tag == "select" and name:
            form["names"].add(name)
            self._select = name
        elif tag == "option" and self._select and "selected" in a:
            form["fields"].append((self._select, a.get("value", "")))

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data: str) -> None:
        if self._textarea and self.forms:
            fields = self.forms[-1]["fields"]
            name, value = fields[-1]
            fields[-1] = (name, value + data)


def forms_of(html: str) -> list[dict]:
    parser = Forms()
    parser.feed(html)
    return parser.forms


def form_with(html: str, field: str) -> dict | None:
    """The first POST form of the page having ``field``."""
    for form in forms_of(html):
        if form["method"] == "post" and field in form["names"]:
            return form
    return None


def form_to(html: str, action: str) -> dict | None:
    """The first POST form of the page whose action ends with ``action``."""
    for form in forms_of(html):
        if form["method"] == "post" and form["action"].split("?")[0].endswith(action):
            return form
    return None


def filled(form: dict, answers: dict) -> list[tuple[str, str]]:
    """The form's current values with ``answers`` replacing (or adding) fields."""
    data = [(k, v) for k, v in form["fields"] if k not in answers]
    for key, value in answers.items():
        for item in value if isinstance(value, list) else [value]:
            data.append((key, item))
    return data


ERROR_SUMMARY = re.compile(r'govuk-error-summary__list">(.*?)</ul>', re.S)


def refusal(html: str) -> str:
    found = ERROR_SUMMARY.search(html)
    if not found:
        return "form shown again"
    return (
        "form refused: " + " ".join(unescape(re.sub(r"<[^>]+>", " ", found.group(1))).split())[:160]
    )


class Portal(HttpUser):
    abstract = True
    wait_time = WAIT
    ok = True

    def page(
        self,
        name: str,
        url: str,
        *,
        method: str = "GET",
        data=None,
        expect=(200,),
        form_page: str = "",
    ):
        """One request named by its page kind; returns the response (or None on failure)."""
        with self.client.request(
            method, url, data=data, name=name, allow_redirects=False, catch_response=True
        ) as response:
            code = response.status_code
            if code >= 500 or code == 0:
                response.failure(f"server error {code}")
                return None
            if code not in expect:
                if code == 302 and "/accounts/sign-in/" in response.headers.get("Location", ""):
                    self.ok = False  # signed out (idle, or the session ended): sign in again
                    response.failure("signed out: sent to the sign-in page")
                elif code == 200 and method == "POST":
                    response.failure(refusal(response.text))
                elif code == 429:
                    response.failure("rate limited 429")
                else:
                    where = response.headers.get("Location", "").split("?")[0]
                    response.failure(
                        f"unexpected {code} (wanted {'/'.join(map(str, expect))}) {where}".strip()
                    )
                return None
            response.success()
            return response

    def follow(self, name: str, response) -> object:
        location = response.headers.get("Location", "")
        return self.page(name, location) if location else None

    def post_form(
        self,
        name: str,
        url: str,
        page_html: str,
        field: str,
        answers: dict,
        expect=(302,),
        action: str = "",
    ):
        form = form_to(page_html, action) if action else form_with(page_html, field)
        if form is None:
            self.fail_event(name, f"no form {action or 'with ' + field}")
            return None
        action = form["action"] or url
        return self.page(name, action, method="POST", data=filled(form, answers), expect=expect)

    def fail_event(self, name: str, message: str) -> None:
        events.request.fire(
            request_type="CHECK",
            name=name,
            response_time=0,
            response_length=0,
            exception=Exception(message),
            context={},
        )

    def sign_in(self, account: dict) -> bool:
        self.client.cookies.clear()
        got = self.page("sign in: page", "/accounts/sign-in/")
        if got is None:
            return False
        posted = self.post_form(
            "sign in: password",
            "/accounts/sign-in/",
            got.text,
            "password",
            {"username": account["email"], "password": account["password"]},
        )
        if posted is None:
            return False
        if not account.get("totp"):
            return True
        location = "/accounts/two-factor/"
        page = self.page("sign in: two-factor page", location)
        if page is None:
            return False
        done = self.post_form(
            "sign in: two-factor code", location, page.text, "code", {"code": totp(account["totp"])}
        )
        return done is not None

    def signed_in_start(self, role: str) -> None:
        self.account = next_account(role)
        self.ok = self.sign_in(self.account)
        ready()


class Anonymous(Portal):
    weight = int(os.environ.get("LOAD_WEIGHT_ANONYMOUS", "25"))

    def on_start(self) -> None:
        self.area = random.choice(["birmingham", "worcestershire"])
        ready()

    @task
    def who_to_call(self) -> None:
        home = self.page("public: start page", "/")
        if home is None:
            return
        chooser = self.page("public: choose area", "/authority/?next=/contacts/")
        if chooser is not None:
            chosen = self.post_form(
                "public: choose area",
                "/authority/",
                chooser.text,
                "authority",
                {"authority": self.area, "next": "/contacts/"},
            )
            if chosen is not None:
                self.follow("public: who to call", chosen)
        self.page("public: levels of need", "/thresholds/")
        # Worcestershire's guidance is in the portal; Birmingham's is its own document (the
        # start page links to it).
        if self.area == "worcestershire":
            self.page("public: levels of need guide", f"/thresholds/{self.area}/")
            self.page("public: levels of need tool", f"/thresholds/{self.area}/assess/")


class Practitioner(Portal):
    weight = int(os.environ.get("LOAD_WEIGHT_PRACTITIONER", "45"))

    def on_start(self) -> None:
        self.signed_in_start("practitioner")

    @task(4)
    def request_for_support(self) -> None:
        if not self.ok:
            self.ok = self.sign_in(self.account)
            return
        start = self.page("rfs: start", "/requests-for-support/start/")
        if start is None:
            return
        began = self.post_form(
            "rfs: start",
            "/requests-for-support/start/",
            start.text,
            "immediate_danger",
            {"immediate_danger": "no"},
        )
        if began is None:
            return
        base = began.headers["Location"]
        if not re.search(r"/requests-for-support/\d+/$", base):
            self.fail_event("rfs: start", f"unexpected redirect {base}")
            return
        self.page("rfs: task list", base)
        sections = [
            ("children/add/", child(), "first_name"),
            ("people/add/", person(), "full_name"),
        ]
        sections += [(f"{slug}/", answers, next(iter(answers))) for slug, answers in PAGES.items()]
        sections.append(("level-of-need/", level(self.account["authority"]), "level_reason"))
        for path, answers, field in sections:
            shown = self.page("rfs: section page", base + path)
            if shown is None:
                return
            if path == "people/add/":
                # "Do they have parental responsibility for ...?" once per child of the request.
                form = form_with(shown.text, field)
                answers = {
                    **answers,
                    **{
                        n: "yes"
                        for n in (form or {}).get("names", ())
                        if n.startswith("parental_responsibility_")
                    },
                }
            saved = self.post_form("rfs: section save", base + path, shown.text, field, answers)
            if saved is None:
                return
            if "early-help" in saved.headers.get("Location", ""):
                url = saved.headers["Location"]
                page = self.page("rfs: section page", url)
                if (
                    page is None
                    or self.post_form(
                        "rfs: section save", url, page.text, "early_help_confirmed", EARLY_HELP
                    )
                    is None
                ):
                    return
        self.page("rfs: task list", base)
        check = self.page("rfs: check answers", base + "check/")
        if check is None:
            return
        sent = self.post_form(
            "rfs: accept and send",
            base + "check/",
            check.text,
            "declaration",
            {"declaration": "on"},
        )
        if sent is not None:
            self.follow("rfs: sent confirmation", sent)

    @task(1)
    def my_requests(self) -> None:
        if self.ok:
            self.page("rfs: my requests", "/requests-for-support/mine/")

    @task(1)
    def information_request(self) -> None:
        if not self.ok or self.account["authority"] != "birmingham":
            return
        shown = self.page("info: new level 1", "/information-requests/new/1/")
        if shown is None:
            return
        self.post_form(
            "info: send level 1",
            "/information-requests/new/1/",
            shown.text,
            "child_first_name",
            info_child(),
        )
        self.page("info: my requests", "/information-requests/")


class Officer(Portal):
    weight = int(os.environ.get("LOAD_WEIGHT_OFFICER", "20"))

    def on_start(self) -> None:
        self.signed_in_start("officer")

    @task
    def triage_one(self) -> None:
        if not self.ok:
            self.ok = self.sign_in(self.account)
            return
        queue = self.page("triage: queue", "/triage/")
        if queue is None:
            return
        taken = self.post_form(
            "triage: take next", "/triage/", queue.text, "", {}, action="/triage/next/"
        )
        if taken is None:
            return
        record_url = taken.headers["Location"]
        found = re.search(r"/triage/contacts/(\d+)/", record_url)
        if not found:
            return  # nothing unclaimed: the queue again next time
        pk = found.group(1)
        with _lock, open(CLAIMS, "a") as claims:
            claims.write(json.dumps({"officer": self.account["email"], "contact": int(pk)}) + "\n")
        if self.page("triage: contact record", record_url) is None:
            return
        base = f"/triage/contacts/{pk}/"
        gathering = self.page("triage: consent and MASH page", base + "gathering/")
        if gathering is None:
            return
        if (
            self.post_form(
                "triage: consent and MASH save",
                base + "gathering/",
                gathering.text,
                "consent_to_gather",
                {
                    "consent_to_gather": "given",
                    "mash": "concluded",
                    "mash_summary": "Checks made with partner agencies (load test).",
                },
            )
            is None
        ):
            return
        outcome = random.choice(["advice", "nfa", "single_assessment"])
        step = self.page("triage: decision page", base + f"decision/?outcome={outcome}&step=1")
        if step is None:
            return
        if "needs immediate action" in step.text:
            # Sent with immediate danger (or marked so): what was done, by whom and when first.
            gathering = self.page("triage: consent and MASH page", base + "gathering/")
            if (
                gathering is None
                or self.post_form(
                    "triage: consent and MASH save",
                    base + "gathering/",
                    gathering.text,
                    "consent_to_gather",
                    {
                        "immediate_action_taken": "Police welfare check (load test).",
                        "immediate_action_by": "Duty worker",
                        "immediate_action_on_0": time.strftime("%d"),
                        "immediate_action_on_1": time.strftime("%m"),
                        "immediate_action_on_2": time.strftime("%Y"),
                        "immediate_action_time": "09:00",
                    },
                )
                is None
            ):
                return
            step = self.page("triage: decision page", base + f"decision/?outcome={outcome}&step=1")
            if step is None:
                return
        self.post_form(
            "triage: propose decision",
            base + "decision/",
            step.text,
            "rationale",
            {"outcome": outcome, "rationale": "Load test rationale: seen, checked, decided."},
        )


class Manager(Portal):
    weight = int(os.environ.get("LOAD_WEIGHT_MANAGER", "10"))

    def on_start(self) -> None:
        self.signed_in_start("manager")

    @task(3)
    def agree(self) -> None:
        if not self.ok:
            self.ok = self.sign_in(self.account)
            return
        waiting = self.page("manager: approvals", "/triage/approvals/")
        if waiting is None:
            return
        decisions = sorted(
            set(re.findall(r'href="(/triage/approvals/decisions/\d+/)"', waiting.text))
        )
        if not decisions:
            return
        url = random.choice(decisions)
        review = self.page("manager: decision review", url)
        if review is None:
            return
        answers = {"answer": "agree"}
        if "letters_reason" in review.text:
            answers["letters_reason"] = (
                "Agreed for the load test: the officer will confirm by phone."
            )
        agreed = self.post_form(
            "manager: agree decision", url, review.text, "answer", answers, expect=(302,)
        )
        if agreed is None:
            return
        found = re.search(r"/triage/contacts/(\d+)/", agreed.headers.get("Location", ""))
        if found:
            self.page("manager: outcome letters", f"/letters/contact/{found.group(1)}/recipients/")

    @task(1)
    def dashboard(self) -> None:
        if self.ok:
            self.page("manager: dashboard", "/dashboard/")
