"""Authority administrators add and deactivate staff of their own authority only."""

from __future__ import annotations

import re

from django.core import mail
from django.test import TestCase
from django.urls import reverse

from referral_portal.accounts.models import Role, User, UserStatus


def test_administrator_adds_an_officer_who_sets_a_password_from_a_single_use_link(client, people):
    client.force_login(people.adam)
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(
            reverse("accounts:people_add"),
            {"full_name": "Owen New", "email": "owen@home.example.org", "role": "officer"},
        )
    assert response.status_code == 302
    owen = User.objects.get(email="owen@home.example.org")
    assert (owen.role, owen.authority_id) == (Role.OFFICER, people.home.pk)
    assert not owen.has_usable_password()
    link = re.search(r"/accounts/password-reset/\S+/", mail.outbox[-1].body).group(0)
    client.logout()
    form_page = client.get(link, follow=True)
    assert "Choose a new password" in form_page.content.decode()
    done = client.post(
        form_page.redirect_chain[-1][0],
        {
            "new_password1": "owens-long-new-passphrase",
            "new_password2": "owens-long-new-passphrase",
        },
    )
    assert done.status_code == 302
    assert client.get(link, follow=True).content.decode().count("This link does not work") == 1


def test_add_staff_form_says_what_is_missing(client, people):
    client.force_login(people.adam)
    body = client.post(
        reverse("accounts:people_add"), {"full_name": "", "email": people.olga.email}
    ).content.decode()
    assert "Enter their full name" in body
    assert "Someone already has an account with this email address" in body
    assert "Choose their role" in body


def test_administrator_deactivates_but_not_another_authoritys_people(client, people):
    client.force_login(people.adam)
    client.post(reverse("accounts:people_deactivate", args=[people.olga.pk]))
    people.olga.refresh_from_db()
    assert people.olga.status == UserStatus.DEACTIVATED
    assert (
        client.post(reverse("accounts:people_deactivate", args=[people.otto.pk])).status_code == 404
    )
    people.otto.refresh_from_db()
    assert people.otto.status == UserStatus.ACTIVE
    body = client.get(reverse("accounts:people")).content.decode()
    assert people.otto.email not in body and people.alice.email in body


def test_only_administrators_add_or_deactivate_and_managers_only_see_the_list(client, people):
    client.force_login(people.mike)
    assert client.get(reverse("accounts:people")).status_code == 200
    assert client.get(reverse("accounts:people_add")).status_code == 403
    assert (
        client.post(reverse("accounts:people_deactivate", args=[people.olga.pk])).status_code == 403
    )
    for persona in ("olga", "alice", "dora"):
        client.force_login(getattr(people, persona))
        assert client.get(reverse("accounts:people")).status_code == 403
