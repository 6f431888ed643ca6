"""Level 1: one child, the requester's identity checked by a code sent to their work email."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from referral_portal.audit.models import AuditAction, AuditEvent
from requests.information.models import Disclosure, InformationRequest, Status
from tests.information.factories import InformationRequestFactory

CHILD = {
    "child_first_name": "Amelia",
    "child_last_name": "Brightwater",
    "child_date_of_birth_0": "14",
    "child_date_of_birth_1": "3",
    "child_date_of_birth_2": "2015",
}


def start_level1(client, user, django_capture_on_commit_callbacks):
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/information-requests/new/1/", CHILD)
    return response


def sent_code() -> str:
    return re.search(r"\b(\d{6})\b", mail.outbox[-1].body).group(1)


def test_level_1_request_sends_a_code_to_the_work_email_and_the_code_confirms_it(
    client, people, django_capture_on_commit_callbacks
):
    response = start_level1(client, people.alice, django_capture_on_commit_callbacks)
    info = InformationRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/information-requests/{info.pk}/verify/"
    assert info.status == Status.AWAITING_VERIFICATION
    assert mail.outbox[-1].to == ["alice@schoola.example.org"]
    code = sent_code()
    assert code not in info.verification_code_hash  # only a hash is stored
    response = client.post(f"/information-requests/{info.pk}/verify/", {"code": code})
    assert response.status_code == 302
    info.refresh_from_db()
    assert info.status == Status.RECEIVED
    page = client.get(f"/information-requests/{info.pk}/").content.decode()
    assert "Received" in page


def test_a_wrong_code_says_how_many_tries_are_left_and_five_end_the_request(
    client, people, django_capture_on_commit_callbacks
):
    start_level1(client, people.alice, django_capture_on_commit_callbacks)
    info = InformationRequest.objects.get()
    wrong = "000000" if sent_code() != "000000" else "111111"
    response = client.post(f"/information-requests/{info.pk}/verify/", {"code": wrong})
    assert "You have 4 tries left" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/information-requests/{info.pk}/verify/", {"action": "resend"})
    wrong = "000000" if sent_code() != "000000" else "111111"
    response = client.post(f"/information-requests/{info.pk}/verify/", {"code": wrong})
    assert "You have 3 tries left" in response.content.decode()  # a new code is no reset
    for _ in range(3):
        response = client.post(f"/information-requests/{info.pk}/verify/", {"code": wrong})
    info.refresh_from_db()
    assert info.status == Status.VERIFICATION_FAILED
    response = client.post(
        f"/information-requests/{info.pk}/verify/", {"code": sent_code()}, follow=True
    )
    info.refresh_from_db()
    assert info.status == Status.VERIFICATION_FAILED
    assert "this request has ended" in response.content.decode()


def test_the_code_expires_after_15_minutes_and_a_new_code_can_be_sent(
    client, people, django_capture_on_commit_callbacks
):
    with time_machine.travel(dt.datetime(2026, 11, 23, 10, 0, tzinfo=dt.UTC), tick=False):
        start_level1(client, people.alice, django_capture_on_commit_callbacks)
    info = InformationRequest.objects.get()
    old = sent_code()
    with time_machine.travel(dt.datetime(2026, 11, 23, 10, 15, tzinfo=dt.UTC), tick=False):
        response = client.post(f"/information-requests/{info.pk}/verify/", {"code": old})
        assert "The code has expired" in response.content.decode()
        with django_capture_on_commit_callbacks(execute=True):
            client.post(f"/information-requests/{info.pk}/verify/", {"action": "resend"})
        client.post(f"/information-requests/{info.pk}/verify/", {"code": sent_code()})
    info.refresh_from_db()
    assert info.status == Status.RECEIVED


@pytest.mark.parametrize("code", ["", "12345", "abcdef", "1234567"])
def test_a_malformed_code_is_an_error_on_the_page_not_a_try(
    client, people, django_capture_on_commit_callbacks, code
):
    start_level1(client, people.alice, django_capture_on_commit_callbacks)
    info = InformationRequest.objects.get()
    response = client.post(f"/information-requests/{info.pk}/verify/", {"code": code})
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    info.refresh_from_db()
    assert info.verification_attempts == 0


def test_an_email_not_on_a_verified_domain_cannot_make_a_level_1_request(client, people):
    people.alice.email = "alice@gmail.example.com"
    people.alice.save()
    client.force_login(people.alice)
    page = client.get("/information-requests/new/1/").content.decode()
    assert "not on a verified domain" in page
    response = client.post("/information-requests/new/1/", CHILD)
    assert "not on a verified domain" in response.content.decode()
    assert not InformationRequest.objects.exists()


def test_level_1_form_keeps_what_was_typed_and_shows_errors(client, people):
    client.force_login(people.alice)
    response = client.post(
        "/information-requests/new/1/",
        {**CHILD, "child_last_name": "", "child_date_of_birth_1": "13"},
    )
    page = response.content.decode()
    assert "Enter the child&#x27;s last name" in page
    assert "must be a real date" in page
    assert 'value="Amelia"' in page


def claimed_level1(people):
    return InformationRequestFactory(created_by=people.alice, claimed_by=people.olga)


def test_officer_answers_known_and_allocated_and_the_requester_sees_it(
    client, people, django_capture_on_commit_callbacks, eager_tasks
):
    info = claimed_level1(people)
    client.force_login(people.olga)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/information-requests/{info.pk}/answer/",
            {
                "action": "answer",
                "confirm": "1",
                "answer-outcome": "known_allocated",
                "answer-worker_name": "Sam Social-Worker",
                "answer-worker_phone": "0121 000 0000",
                "answer-worker_email": "sam@example.org",
            },
        )
    assert response.status_code == 302
    disclosure = Disclosure.objects.get()
    assert disclosure.disclosed == {
        "outcome": "known_allocated",
        "worker_name": "Sam Social-Worker",
        "worker_phone": "0121 000 0000",
        "worker_email": "sam@example.org",
    }
    assert (disclosure.basis, disclosure.officer, disclosure.recipient) == (
        "identity_verified",
        people.olga,
        people.alice,
    )
    # The email carries a link only, never the child's details.
    message = mail.outbox[-1]
    assert message.to == [people.alice.email]
    assert f"/information-requests/{info.pk}/" in message.body
    assert "Amelia" not in message.body + message.subject
    assert "Sam" not in message.body
    client.force_login(people.alice)
    page = client.get(f"/information-requests/{info.pk}/").content.decode()
    assert "Known, with an allocated worker" in page
    assert "0121 000 0000" in page


def test_officer_cannot_disclose_level_2_fields_in_a_level_1_answer(client, people):
    info = claimed_level1(people)
    client.force_login(people.olga)
    client.post(
        f"/information-requests/{info.pk}/answer/",
        {
            "action": "answer",
            "confirm": "1",
            "answer-outcome": "known_closed",
            "answer-closed_on_0": "1",
            "answer-closed_on_1": "2",
            "answer-closed_on_2": "2024",
            "answer-involvement_reasons": "Neglect",
            "involvement_reasons": "Neglect",
            "answer-section_47": "yes",
        },
    )
    disclosure = Disclosure.objects.get()
    assert disclosure.disclosed == {"outcome": "known_closed", "closed_on": "2024-02-01"}
    client.force_login(people.alice)
    page = client.get(f"/information-requests/{info.pk}/").content.decode()
    assert "1 February 2024" not in page or "Neglect" not in page
    assert "Neglect" not in page


def test_officer_cannot_give_worker_details_with_no_record(client, people):
    info = claimed_level1(people)
    client.force_login(people.olga)
    response = client.post(
        f"/information-requests/{info.pk}/answer/",
        {
            "action": "answer",
            "confirm": "1",
            "answer-outcome": "no_record",
            "answer-worker_name": "Sam",
        },
    )
    assert response.status_code == 200
    assert "Leave this empty" in response.content.decode()
    assert not Disclosure.objects.exists()


def test_level_1_answer_needs_the_details_of_its_outcome(client, people):
    info = claimed_level1(people)
    client.force_login(people.olga)
    response = client.post(
        f"/information-requests/{info.pk}/answer/",
        {"action": "answer", "confirm": "1", "answer-outcome": "known_closed"},
    )
    assert "Enter the date the case was closed" in response.content.decode()
    assert not Disclosure.objects.exists()


def test_an_officer_must_claim_before_answering_and_two_cannot_claim_one_request(client, people):
    from tests.factories import UserFactory

    info = InformationRequestFactory(created_by=people.alice)
    other = UserFactory(role="officer", authority=people.home, agency=None)
    client.force_login(people.olga)
    response = client.post(
        f"/information-requests/{info.pk}/answer/",
        {"action": "answer", "confirm": "1", "answer-outcome": "no_record"},
    )
    assert "Claim this request" in response.content.decode()
    assert client.post(f"/information-requests/{info.pk}/claim/").status_code == 302
    client.force_login(other)
    response = client.post(f"/information-requests/{info.pk}/claim/", follow=True)
    assert "Another officer is already working on this request" in response.content.decode()
    info.refresh_from_db()
    assert info.claimed_by == people.olga


def test_queue_lists_the_authoritys_level_1_and_2_requests_oldest_first(client, people):
    now = timezone.now()
    newer = InformationRequestFactory(created_by=people.alice, received_at=now)
    older = InformationRequestFactory(
        created_by=people.bob, level=2, consent="written", received_at=now - dt.timedelta(hours=3)
    )
    zara_request = InformationRequestFactory(created_by=people.zara)  # another authority
    level3 = InformationRequestFactory(created_by=people.alice, level=3, status=Status.ROUTED)
    client.force_login(people.olga)
    page = client.get("/information-requests/queue/").content.decode()
    assert page.index(older.reference) < page.index(newer.reference)
    assert zara_request.reference not in page
    assert level3.reference not in page


def test_nobody_sees_another_authoritys_request_and_the_refusal_is_audited(client, people):
    info = InformationRequestFactory(created_by=people.alice)
    client.force_login(people.otto)
    assert client.get(f"/information-requests/{info.pk}/").status_code == 404
    assert client.get(f"/information-requests/{info.pk}/answer/").status_code == 404
    assert (
        AuditEvent.objects.filter(
            action=AuditAction.DENIED, object_id=str(info.pk), actor=people.otto
        ).count()
        == 2
    )


@pytest.mark.parametrize(
    ("persona", "level", "status"),
    [
        ("alice", 1, 200),
        ("lena", 1, 200),
        ("bob", 1, 404),
        ("zara", 1, 404),
        ("olga", 1, 200),
        ("mike", 1, 200),
        ("otto", 1, 404),
        ("dora", 1, 404),
        ("adam", 1, 404),
        ("olga", 3, 404),
        ("dora", 3, 200),
        ("alice", 3, 200),
    ],
)
def test_who_may_read_a_request(client, people, persona, level, status):
    info = InformationRequestFactory(
        created_by=people.alice, level=level, exemption="s47" if level == 3 else ""
    )
    client.force_login(getattr(people, persona))
    assert client.get(f"/information-requests/{info.pk}/").status_code == status
