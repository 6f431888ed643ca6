"""Sign-in, self-registration, confirmation, approval and each role's home page."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import TestCase
from django.urls import reverse

from referral_portal.accounts.models import User, UserStatus
from tests.factories import PASSWORD


def test_wrong_password_gives_the_same_message_as_an_unknown_email(client, people):
    wrong = client.post(
        reverse("accounts:login"), {"username": "olga@home.example.org", "password": "nope"}
    )
    unknown = client.post(
        reverse("accounts:login"), {"username": "nobody@home.example.org", "password": "nope"}
    )
    for response in (wrong, unknown):
        assert response.status_code == 200
        body = response.content.decode()
        assert "There is a problem" in body
        assert "Enter a correct email address and password" in body
    # What was typed is kept (bar the password).
    assert 'value="nobody@home.example.org"' in unknown.content.decode()


def test_empty_sign_in_form_says_what_is_missing_beside_each_field(client, db):
    body = client.post(reverse("accounts:login"), {"username": "", "password": ""}).content.decode()
    assert 'href="#id_username">Enter your email address' in body
    assert 'id="id_password-error"' in body and "Enter your password" in body


def test_sign_in_lands_on_the_role_home_page(client, people):
    response = client.post(
        reverse("accounts:login"),
        {"username": "OLGA@home.example.org", "password": PASSWORD},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("home")
    assert "Olga" in response.content.decode() or people.olga.full_name in response.content.decode()


@pytest.mark.parametrize(
    ("persona", "expected", "absent"),
    [
        ("mike", ["Audit trail"], ["Registrations to approve"]),
        ("adam", ["Registrations to approve", "Administration"], ["Audit trail"]),
    ],
)
def test_home_page_shows_the_roles_next_actions(client, people, persona, expected, absent):
    client.force_login(getattr(people, persona))
    body = client.get(reverse("home")).content.decode()
    for text in expected:
        assert text in body
    for text in absent:
        assert text not in body


def _signs_in(client, email, password):
    response = client.post(reverse("accounts:login"), {"username": email, "password": password})
    return response.status_code == 302


def _register(client, people, email):
    # The emails go after commit: run the on-commit callbacks as a real request would.
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(
            reverse("accounts:register", args=[people.home.slug]),
            {
                "full_name": "Nell Newcomer",
                "email": email,
                "job_title": "Teacher",
                "agency": people.school.pk,
                "password": "a-long-and-unusual-passphrase",
            },
        )


def test_registration_on_a_verified_domain_is_confirmed_by_a_single_use_link(client, people):
    domain = people.school.domains.get().domain
    response = _register(client, people, f"nell@{domain}")
    assert "We have sent a link" in response.content.decode()
    user = User.objects.get(email=f"nell@{domain}")
    assert user.status == UserStatus.AWAITING_CONFIRMATION
    assert len(mail.outbox) == 1
    link = re.search(r"http://\S+/accounts/confirm/\S+/", mail.outbox[0].body).group(0)
    path = link.split("8000", 1)[-1] if "8000" in link else link
    first = client.get(path)
    assert first.status_code == 200 and "Email address confirmed" in first.content.decode()
    user.refresh_from_db()
    assert user.status == UserStatus.ACTIVE
    second = client.get(path)
    assert "Your email address is already confirmed" in second.content.decode()
    assert _signs_in(client, user.email, "a-long-and-unusual-passphrase")


def test_registration_elsewhere_waits_for_the_authority_administrator(client, people):
    _register(client, people, "nell@gmail.example.com")
    user = User.objects.get(email="nell@gmail.example.com")
    assert user.status == UserStatus.AWAITING_APPROVAL
    assert not _signs_in(client, user.email, "a-long-and-unusual-passphrase")
    # The other authority's administrator cannot see or decide it.
    from referral_portal.accounts.models import Role
    from tests.factories import UserFactory

    away_admin = UserFactory(role=Role.ADMIN, authority=people.away, agency=None)
    client.force_login(away_admin)
    assert client.post(reverse("accounts:registration_approve", args=[user.pk])).status_code == 404
    client.force_login(people.adam)
    assert (
        "nell@gmail.example.com" in client.get(reverse("accounts:registrations")).content.decode()
    )
    response = client.post(reverse("accounts:registration_refuse", args=[user.pk]), {"reason": ""})
    assert "Enter the reason for refusing the registration" in response.content.decode()
    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(
            reverse("accounts:registration_refuse", args=[user.pk]),
            {"reason": "Not a known practitioner"},
        )
    user.refresh_from_db()
    assert user.status == UserStatus.REFUSED
    assert "Not a known practitioner" in mail.outbox[-1].body


def test_administrator_approves_a_waiting_registration(client, people):
    _register(client, people, "nell@gmail.example.com")
    user = User.objects.get(email="nell@gmail.example.com")
    client.force_login(people.adam)
    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(reverse("accounts:registration_approve", args=[user.pk]))
    user.refresh_from_db()
    assert user.status == UserStatus.ACTIVE
    assert "approved" in mail.outbox[-1].subject


def test_registration_errors_keep_what_was_typed(client, people):
    response = client.post(
        reverse("accounts:register", args=[people.home.slug]),
        {
            "full_name": "Nell Newcomer",
            "email": "not-an-email",
            "job_title": "",
            "agency": "",
            "password": "short",
        },
    )
    body = response.content.decode()
    assert 'value="Nell Newcomer"' in body
    assert "Enter an email address in the correct format" in body
    assert "Enter your job title" in body
    assert "Choose your agency" in body
    assert "This password is too short" in body


def test_registration_with_an_existing_email_answers_as_a_new_one_and_tells_the_owner(
    client, people
):
    """Review L6: the form said "already exists" for any address, staff included."""
    from referral_portal.outbox.models import Email

    existing = _register(client, people, people.alice.email).content.decode()
    new = _register(client, people, "nell@schoola.example.org").content.decode()
    assert "already exists" not in existing
    strip = re.compile(r'name="csrfmiddlewaretoken" value="\w+"|[\w.]+@[\w.]+')
    assert strip.sub("", existing) == strip.sub("", new)
    told = Email.objects.get(kind="already_registered")
    assert told.to == people.alice.email
    assert User.objects.filter(email=people.alice.email).count() == 1


def test_slowed_after_failures_with_no_hint_the_account_exists(client, people):
    """Per-account limits are in tests/security/test_sign_in_limits.py."""
    answers = []
    for email in ("olga@home.example.org", "nobody@home.example.org"):
        for _ in range(5):
            client.post(reverse("accounts:login"), {"username": email, "password": "wrong"})
        response = client.post(reverse("accounts:login"), {"username": email, "password": PASSWORD})
        assert response.status_code == 200
        page = re.sub(r'name="csrfmiddlewaretoken" value="\w+"', "", response.content.decode())
        answers.append(page.replace(email, ""))
    assert "Too many failed attempts: wait" in answers[0]
    assert answers[0] == answers[1]


def test_visitor_chooses_an_authority_and_it_is_remembered(client, people):
    response = client.post(reverse("choose_authority"), {"authority": "away"})
    assert response.status_code == 302 and response.cookies["portal_authority"].value == "away"
    assert "Away Council" in client.get(reverse("home")).content.decode()
    response = client.post(reverse("choose_authority"), {"authority": "nowhere"})
    assert "Choose the area the child lives in" in response.content.decode()


def test_demo_data_loads_twice_without_change(db):
    from requests.demo import load_demo

    first = load_demo()
    count = User.objects.count()
    second = load_demo()
    assert first == second and User.objects.count() == count
    roles = {login.role for login in first}
    assert roles == {
        "Practitioner",
        "Agency safeguarding lead",
        "Front-door officer",
        "Duty manager",
        "Disclosure Team",
        "Administrator",
    }


def test_sign_out_everywhere_ends_every_session_of_the_user_only(client, people):
    from django.test import Client

    laptop, phone, colleague = Client(), Client(), Client()
    for device, user in ((laptop, people.olga), (phone, people.olga), (colleague, people.mike)):
        device.force_login(user)
        assert device.get(reverse("accounts:profile")).status_code == 200
    response = laptop.post(reverse("accounts:sign_out_everywhere"), follow=True)
    assert "You have been signed out on every device" in response.content.decode()
    assert phone.get(reverse("accounts:profile")).status_code == 302
    assert laptop.get(reverse("accounts:profile")).status_code == 302
    assert colleague.get(reverse("accounts:profile")).status_code == 200
