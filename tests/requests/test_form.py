"""The Request for Support's pages: start, each page's validation, drafts, check and send."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core import mail

from requests.models import Contact, ContactStatus, ReferenceCounter
from tests.requests.helpers import CHILD, PAGES, PERSON, fill_everything, pr_answers

pytestmark = pytest.mark.django_db


def _start(client) -> Contact:
    response = client.post("/requests-for-support/start/", {"immediate_danger": "no"})
    assert response.status_code == 302
    return Contact.objects.latest("pk")


def test_the_first_question_must_be_answered(alice_client):
    response = alice_client.post("/requests-for-support/start/", {})
    assert response.status_code == 200
    assert "Select yes if a child is in immediate danger" in response.content.decode()
    assert not Contact.objects.exists()


def test_a_child_in_immediate_danger_sees_999_and_the_front_door_first(alice_client, people):
    response = alice_client.post(
        "/requests-for-support/start/", {"immediate_danger": "yes"}, follow=True
    )
    page = response.content.decode()
    assert "Call 999 now" in page
    assert people.home.front_door_name.replace("'", "&#x27;") in page or "call" in page
    assert "You can still complete this Request for Support afterwards" in page
    contact = Contact.objects.get()
    assert contact.immediate_danger and contact.status == ContactStatus.DRAFT


def test_no_immediate_danger_leads_to_the_task_list_with_the_referrer_prefilled(
    alice_client, people
):
    people.alice.job_title = "Class teacher"
    people.alice.save()
    response = alice_client.post(
        "/requests-for-support/start/", {"immediate_danger": "no"}, follow=True
    )
    page = response.content.decode()
    assert (
        "You have completed 0 of 11 sections" in page
    )  # the optional attachments not counted (D15)
    assert "Not yet started" in page and "In progress" in page  # role known, phone not
    contact = Contact.objects.get()
    assert contact.referrer_email == people.alice.email
    assert contact.referrer_role == "Class teacher"


@pytest.mark.parametrize(
    ("slug", "data", "message"),
    [
        ("referrer", {"referrer_role": "", "referrer_phone": "1"}, "Enter your role"),
        ("referrer", {"referrer_role": "x", "referrer_phone": ""}, "Enter a phone number"),
        (
            "referrer",
            {"referrer_role": "x", "referrer_phone": "1", "referrer_email": "nope"},
            "Enter an email address in the correct format",
        ),
        ("concerns", {}, "Select at least one category of concern or need"),
        (
            "concerns",
            {"categories": ["made-up"]},
            "Select a category of concern or need from the list",
        ),
        (
            "concerns",
            {"categories": ["neglect"]},
            "Select yes if you have discussed this with your safeguarding lead",
        ),
        ("worries", {"future_danger": "x"}, "Enter what has happened to the child (past harm)"),
        ("worries", {"past_harm": "x"}, "Enter what you are worried could happen"),
        ("working-well", {"existing_safety": "x"}, "Enter the family&#x27;s existing strengths"),
        ("next-steps", {}, "Enter what needs to happen"),
        ("safety-scale", {"safety_scale_reason": "x"}, "Select a number from 0 to 10"),
        ("safety-scale", {"safety_scale": "11", "safety_scale_reason": "x"}, "Select a number"),
        ("safety-scale", {"safety_scale": "3"}, "Enter why you chose this number"),
        ("childs-voice", {"child_heard_how": "x"}, "Enter what the child has said"),
        ("consent", {}, "Select whether the parents consented, refused, or consent was not"),
        ("consent", {"consent": "given"}, "Select whether the child consented"),
        ("consent", {"consent": "refused"}, "Enter what the parents said"),
        ("consent", {"consent": "not_sought"}, "Select why consent was not sought or not"),
        (
            "consent",
            {"consent": "not_sought", "consent_not_sought_reason": "significant_harm"},
            "Explain why you considered that it would pose a risk to the child to seek consent",
        ),
        ("worries", {"past_harm": "x" * 5001, "future_danger": "y"}, "Past harm must be 5,000"),
    ],
)
def test_each_page_says_what_is_wrong_and_keeps_what_was_typed(alice_client, slug, data, message):
    contact = _start(alice_client)
    if slug == "worries":  # past harm is asked for a category of harm
        Contact.objects.filter(pk=contact.pk).update(categories=["neglect"])
    response = alice_client.post(f"/requests-for-support/{contact.pk}/{slug}/", data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page and message in page
    for name, value in data.items():
        if isinstance(value, str) and value and len(value) < 100 and name != "safety_scale":
            assert value in page


def test_what_was_typed_on_a_refused_page_is_kept_in_the_draft_after_signing_out(client, people):
    client.force_login(people.alice)
    contact = _start(client)
    Contact.objects.filter(pk=contact.pk).update(categories=["physical"])
    client.post(
        f"/requests-for-support/{contact.pk}/worries/",
        {"past_harm": "Bruise on the left arm, seen on Monday", "future_danger": ""},
    )
    client.logout()
    client.force_login(people.alice)
    page = client.get(f"/requests-for-support/{contact.pk}/worries/").content.decode()
    assert "Bruise on the left arm, seen on Monday" in page
    assert "Enter what you are worried could happen" in page
    tasks = client.get(f"/requests-for-support/{contact.pk}/").content.decode()
    assert "In progress" in tasks


def test_a_saved_page_shows_as_completed_and_drafts_list_it(alice_client):
    contact = _start(alice_client)
    response = alice_client.post(
        f"/requests-for-support/{contact.pk}/next-steps/", {"needs_to_happen": "An assessment"}
    )
    assert response.status_code == 302
    tasks = alice_client.get(f"/requests-for-support/{contact.pk}/").content.decode()
    assert (
        "You have completed 1 of 11 sections" in tasks
    )  # the step; the optional files not counted
    drafts = alice_client.get("/requests-for-support/drafts/").content.decode()
    assert "No child added yet" in drafts


@time_machine.travel(dt.datetime(2026, 11, 23, 12, 0, tzinfo=dt.UTC), tick=False)
@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"date_of_birth_0": "", "date_of_birth_1": "", "date_of_birth_2": ""},
            "date_of_birth",
            "Enter the child&#x27;s date of birth",
        ),
        (
            {"date_of_birth_0": "24", "date_of_birth_1": "11", "date_of_birth_2": "2026"},
            "date_of_birth",
            "Date of birth must be in the past",
        ),
        (
            {"date_of_birth_0": "31", "date_of_birth_1": "2", "date_of_birth_2": "2020"},
            "date_of_birth",
            "Date of birth must be a real date",
        ),
        (
            {
                "unborn": "yes",
                "expected_due_date_0": "1",
                "expected_due_date_1": "10",
                "expected_due_date_2": "2027",
            },
            "expected_due_date",
            "Expected due date must be within the next 10 months",
        ),
        (
            {
                "unborn": "yes",
                "expected_due_date_0": "1",
                "expected_due_date_1": "1",
                "expected_due_date_2": "2026",
            },
            "expected_due_date",
            "Expected due date must be today or in the future",
        ),
        ({"unborn": "yes"}, "expected_due_date", "Enter the expected due date"),
        ({"first_name": ""}, "first_name", "Enter the child&#x27;s first name"),
        ({"sex": ""}, "sex", "Select the child&#x27;s sex, or not known"),
    ],
)
def test_child_dates_follow_the_rules(alice_client, changes, field, message):
    contact = _start(alice_client)
    response = alice_client.post(
        f"/requests-for-support/{contact.pk}/children/add/", {**CHILD, **changes}
    )
    page = response.content.decode()
    assert response.status_code == 200 and message in page
    assert f'href="#id_{field}' in page
    assert not contact.children.exists()


@time_machine.travel(dt.datetime(2026, 11, 23, 12, 0, tzinfo=dt.UTC), tick=False)
def test_an_unborn_child_due_within_10_months_is_added(alice_client):
    contact = _start(alice_client)
    data = {
        **CHILD,
        "unborn": "yes",
        "expected_due_date_0": "20",
        "expected_due_date_1": "9",
        "expected_due_date_2": "2027",
    }
    response = alice_client.post(f"/requests-for-support/{contact.pk}/children/add/", data)
    assert response.status_code == 302
    child = contact.children.get()
    assert child.expected_due_date == dt.date(2027, 9, 20) and child.date_of_birth is None


def test_people_keep_their_communication_needs(alice_client):
    contact = _start(alice_client)
    alice_client.post(f"/requests-for-support/{contact.pk}/children/add/", CHILD)
    alice_client.post(
        f"/requests-for-support/{contact.pk}/people/add/",
        {
            **PERSON,
            **pr_answers(contact.pk),
            "needs_bsl": "on",
            "address_unsafe": "on",
            "address": "Refuge",
        },
    )
    person = contact.people.get()
    assert person.interpreter_language == "Polish"
    assert person.needs_bsl and person.needs_large_print and not person.needs_easy_read
    assert person.address_unsafe and person.has_pr
    page = alice_client.get(f"/requests-for-support/{contact.pk}/people/").content.decode()
    assert "address unsafe for letters" in page


def test_one_child_one_parental_responsibility_question(alice_client):
    """With one child the person page asks one question, naming the child."""
    contact = _start(alice_client)
    alice_client.post(f"/requests-for-support/{contact.pk}/children/add/", CHILD)
    form = alice_client.get(f"/requests-for-support/{contact.pk}/people/add/").content.decode()
    assert form.count("Do they have parental responsibility for") == 1
    assert "Do they have parental responsibility for Ada Testchild?" in form
    assert "Answer for each child" not in form
    response = alice_client.post(f"/requests-for-support/{contact.pk}/people/add/", PERSON)
    page = response.content.decode()
    assert "Select whether the person has parental responsibility for Ada Testchild" in page
    assert 'value="Grace Testparent"' in page  # nothing typed lost
    assert not contact.people.exists()


def test_half_siblings_parental_responsibility_is_declared_per_child(alice_client):
    """Issue 17 point 1: the referrer says, child by child, whom each person holds PR for; the
    check-your-answers page, the people page and the section's status follow it."""
    contact = _start(alice_client)
    base = f"/requests-for-support/{contact.pk}/"
    alice_client.post(base + "children/add/", CHILD)
    alice_client.post(base + "children/add/", {**CHILD, "first_name": "Bo"})
    ada, bo = contact.children.order_by("pk")
    form = alice_client.get(base + "people/add/").content.decode()
    assert "Do they have parental responsibility for Ada Testchild?" in form
    assert "Do they have parental responsibility for Bo Testchild?" in form
    assert "Answer for each child: children in one family can have different parents" in form
    # Only one child answered: the other's message, beside its question.
    response = alice_client.post(
        base + "people/add/",
        {**PERSON, "full_name": "Tom Father", f"parental_responsibility_{ada.pk}": "yes"},
    )
    page = response.content.decode()
    assert "Select whether the person has parental responsibility for Bo Testchild" in page
    assert "Select whether the person has parental responsibility for Ada Testchild" not in page
    assert not contact.people.exists()
    response = alice_client.post(
        base + "people/add/",
        {
            **PERSON,
            "full_name": "Tom Father",
            "relationship": "Father of Ada",
            f"parental_responsibility_{ada.pk}": "yes",
            f"parental_responsibility_{bo.pk}": "no",
        },
    )
    assert response.status_code == 302
    father = contact.people.get()
    assert {d.child_id: d.parental_responsibility for d in father.declared_pr.all()} == {
        ada.pk: "yes",
        bo.pk: "no",
    }
    check = alice_client.get(base + "check/").content.decode()
    assert "Parental responsibility for Ada Testchild: yes" in check
    assert "Parental responsibility for Bo Testchild: no" in check
    # The change page starts from the answers given.
    change = alice_client.get(base + f"people/{father.pk}/").content.decode()
    assert _checked(change, f"parental_responsibility_{bo.pk}", "no")
    # A child added after the person: not answered, and the section is not complete.
    alice_client.post(base + "children/add/", {**CHILD, "first_name": "Cy"})
    cy = contact.children.order_by("pk").last()
    people = alice_client.get(base + "people/").content.decode()
    assert "Parental responsibility for Cy Testchild: <strong>not answered</strong>" in people
    tasks = alice_client.get(base).content.decode()
    assert "Household and parental responsibility" in tasks
    assert "In progress" in tasks
    alice_client.post(
        base + f"people/{father.pk}/",
        {
            **PERSON,
            "full_name": "Tom Father",
            "relationship": "Father of Ada",
            f"parental_responsibility_{ada.pk}": "yes",
            f"parental_responsibility_{bo.pk}": "no",
            f"parental_responsibility_{cy.pk}": "not_known",
        },
    )
    assert father.declared_pr.get(child=cy).parental_responsibility == "not_known"
    assert "In progress" not in alice_client.get(base).content.decode()


def _checked(html: str, name: str, value: str) -> bool:
    """Whether the radio ``name`` = ``value`` is checked in ``html``."""
    import re

    for tag in re.findall(r"<input[^>]*>", html):
        if f'name="{name}"' in tag and f'value="{value}"' in tag:
            return "checked" in tag
    return False


def test_the_referrer_can_name_the_alleged_source_of_harm(alice_client):
    """Issue 17 point 4: the front door then holds letters to the family by default."""
    contact = _start(alice_client)
    form = alice_client.get(f"/requests-for-support/{contact.pk}/people/add/").content.decode()
    assert "This person is alleged to have caused the harm you are worried about" in form
    alice_client.post(f"/requests-for-support/{contact.pk}/children/add/", CHILD)
    alice_client.post(
        f"/requests-for-support/{contact.pk}/people/add/",
        {**PERSON, **pr_answers(contact.pk), "alleged_source_of_harm": "on"},
    )
    assert contact.people.get().alleged_source_of_harm
    check = alice_client.get(f"/requests-for-support/{contact.pk}/check/").content.decode()
    assert "Alleged to have caused the harm" in check


def test_choosing_radicalisation_shows_the_prevent_route(alice_client):
    contact = _start(alice_client)
    response = alice_client.post(
        f"/requests-for-support/{contact.pk}/concerns/",
        {**PAGES["concerns"], "categories": ["radicalisation"]},
        follow=True,
    )
    assert "Prevent and Channel" in response.content.decode()


def test_an_incomplete_request_cannot_be_sent(alice_client):
    contact = _start(alice_client)
    response = alice_client.post(
        f"/requests-for-support/{contact.pk}/check/", {"declaration": "on"}
    )
    assert "Complete every section before you send" in response.content.decode()
    contact.refresh_from_db()
    assert contact.status == ContactStatus.DRAFT and contact.reference is None


@time_machine.travel(dt.datetime(2026, 11, 23, 10, 30, tzinfo=dt.UTC), tick=False)
def test_sending_gives_a_reference_a_due_time_and_an_acknowledgement(
    alice_client, people, in_process, django_capture_on_commit_callbacks
):
    contact = _start(alice_client)
    fill_everything(alice_client, contact.pk)
    check = alice_client.get(f"/requests-for-support/{contact.pk}/check/").content.decode()
    assert "Grace Testparent" in check and "Interpreter: Polish" in check
    assert "?return=check" in check
    with django_capture_on_commit_callbacks(execute=True):
        response = alice_client.post(
            f"/requests-for-support/{contact.pk}/check/", {"declaration": "on"}, follow=True
        )
    page = response.content.decode()
    assert "Request for Support sent" in page and "HOM-2026-000001" in page
    assert "We are sending you a confirmation email with this reference" in page
    contact.refresh_from_db()
    assert contact.status == ContactStatus.RECEIVED
    assert contact.submitted_at == dt.datetime(2026, 11, 23, 10, 30, tzinfo=dt.UTC)
    assert contact.due_at == dt.datetime(2026, 11, 24, 10, 30, tzinfo=dt.UTC)
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == [people.alice.email]
    assert "HOM-2026-000001" in email.subject and "HOM-2026-000001" in email.body
    assert f"/requests-for-support/{contact.pk}/status/" in email.body
    for personal in ("Ada", "Testchild", "Grace", "hungry", "2016"):
        assert personal not in email.body and personal not in email.subject


def test_a_double_click_or_resubmitted_post_makes_one_contact(
    alice_client, in_process, django_capture_on_commit_callbacks
):
    contact = _start(alice_client)
    fill_everything(alice_client, contact.pk)
    with django_capture_on_commit_callbacks(execute=True):
        first = alice_client.post(
            f"/requests-for-support/{contact.pk}/check/", {"declaration": "on"}
        )
        second = alice_client.post(
            f"/requests-for-support/{contact.pk}/check/", {"declaration": "on"}
        )
    assert first.status_code == 302 and second.status_code == 302
    assert Contact.objects.exclude(status=ContactStatus.DRAFT).count() == 1
    assert ReferenceCounter.objects.get().last == 1
    assert len(mail.outbox) == 1


def test_sending_reads_the_draft_once_and_writes_in_one_statement(alice_client, people, settings):
    """The "Accept and send" POST goes straight to the submission: one locked read of the
    draft with its children and their possible matches (shared by completeness, the links and
    the queue entry), the reference, and every row written in one statement; the send is
    audited as the change, not also as a view of a page that was not shown."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from referral_portal.audit.models import AuditAction, AuditEvent
    from tests.requests.factories import CompleteDraftFactory

    settings.DATABASE_PREPARED_STATEMENTS = False  # the statements' text, not EXECUTE name
    draft = CompleteDraftFactory(created_by=people.alice)
    with CaptureQueriesContext(connection) as queries:
        response = alice_client.post(
            f"/requests-for-support/{draft.pk}/check/", {"declaration": "on"}
        )
    assert response.status_code == 302 and response.url.endswith(f"/{draft.pk}/sent/")
    sqls = [" ".join(q["sql"].split()) for q in queries.captured_queries]
    selects = [sql for sql in sqls if sql.startswith("SELECT")]
    contact_reads = [sql for sql in selects if 'FROM "requests_contact"' in sql]
    assert len(contact_reads) == 1 and 'LEFT JOIN "requests_child"' in contact_reads[0]
    others = [sql for sql in selects if sql not in contact_reads]
    assert not any('"requests_child"' in sql for sql in others)  # read with the draft
    writes = [sql for sql in sqls if not sql.startswith(("SELECT", "SAVEPOINT", "RELEASE"))]
    # The reference counter (made on the year's first reference), then the rest: at once on
    # PostgreSQL, one ORM write each elsewhere (SQLite, a first run).
    rest = [sql for sql in writes if '"requests_referencecounter"' not in sql]
    if connection.vendor == "postgresql":
        assert len(rest) == 1, [sql[:60] for sql in rest]
    written = " ".join(rest)
    for table in ("requests_contact", "triage_triage", "triage_queueentry", "audit_auditevent"):
        assert f'"{table}"' in written
    assert "dashboard_contactfigure" in written
    events = AuditEvent.objects.filter(object_type="requests.contact", object_id=str(draft.pk))
    assert list(events.values_list("action", flat=True)) == [AuditAction.UPDATE]


def test_on_postgresql_the_sends_statements_are_prepared_once_per_connection(alice_client, people):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.requests.factories import CompleteDraftFactory

    if connection.vendor != "postgresql":
        pytest.skip("prepared statements are PostgreSQL's; SQLite runs the text each time")
    sent = []
    for _ in range(3):
        draft = CompleteDraftFactory(created_by=people.alice)
        with CaptureQueriesContext(connection) as queries:
            response = alice_client.post(
                f"/requests-for-support/{draft.pk}/check/", {"declaration": "on"}
            )
        assert response.status_code == 302
        sent.append([q["sql"].split(" ", 1)[0] for q in queries.captured_queries])
        draft.refresh_from_db()
        assert draft.status == ContactStatus.RECEIVED and draft.queue_entry.reference
    # The first send on a connection may prepare the read and the write; later ones do not.
    assert all("PREPARE" not in words for words in sent[1:])
    assert [words.count("EXECUTE") for words in sent[1:]] == [2, 2]


def test_the_declaration_must_be_confirmed(alice_client):
    contact = _start(alice_client)
    fill_everything(alice_client, contact.pk)
    response = alice_client.post(f"/requests-for-support/{contact.pk}/check/", {})
    assert "Confirm the declaration to send your request" in response.content.decode()


def test_a_sent_request_can_no_longer_be_changed(alice_client):
    contact = _start(alice_client)
    fill_everything(alice_client, contact.pk)
    alice_client.post(f"/requests-for-support/{contact.pk}/check/", {"declaration": "on"})
    response = alice_client.post(
        f"/requests-for-support/{contact.pk}/worries/", {"past_harm": "new", "future_danger": "x"}
    )
    assert response.status_code == 302 and response.url.endswith("/status/")
    contact.refresh_from_db()
    assert contact.past_harm == PAGES["worries"]["past_harm"]
