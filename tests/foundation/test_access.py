"""Role scoping: who sees which child's record, for every role against its own and others'."""

from __future__ import annotations

import pytest
from django.http import Http404

from referral_portal.accounts.access import can_view_child_record
from referral_portal.audit.models import AuditAction, AuditEvent
from requests.selectors import contacts_for_user, get_contact_for_user
from tests.factories import ContactFactory

# persona -> which of the four contacts they may see
EXPECTED = {
    "alice": {"alices"},  # a practitioner: only what she submitted
    "bob": {"bobs"},  # another agency's practitioner in the same authority
    "lena": {"alices", "colleagues"},  # safeguarding lead: the whole agency
    "olga": {"alices", "bobs", "colleagues"},  # officer: the authority
    "mike": {"alices", "bobs", "colleagues"},  # manager: the authority
    "dora": set(),  # Disclosure Team: only Level 3 requests, no contacts
    "adam": set(),  # administrator: people and directory, not children
    "otto": {"aways"},  # the other authority's officer sees only the other authority
    "zara": {"aways"},
}


@pytest.fixture
def contacts(people):
    from referral_portal.accounts.models import Role
    from tests.factories import UserFactory

    colleague = UserFactory(
        email="carl@schoola.example.org", role=Role.PRACTITIONER, agency=people.school
    )
    return {
        "alices": ContactFactory(created_by=people.alice),
        "colleagues": ContactFactory(created_by=colleague),
        "bobs": ContactFactory(created_by=people.bob),
        "aways": ContactFactory(created_by=people.zara),
    }


@pytest.mark.parametrize("persona", sorted(EXPECTED))
def test_each_role_sees_exactly_its_own_records(people, contacts, persona):
    user = getattr(people, persona)
    visible = set(contacts_for_user(user=user).values_list("pk", flat=True))
    assert visible == {contacts[name].pk for name in EXPECTED[persona]}
    for name, contact in contacts.items():
        assert can_view_child_record(user, contact) is (name in EXPECTED[persona])


def test_nobody_signed_out_sees_anything(people, contacts):
    from django.contrib.auth.models import AnonymousUser

    assert not contacts_for_user(user=AnonymousUser()).exists()


def test_deactivated_user_sees_nothing(people, contacts):
    people.olga.status = "deactivated"
    people.olga.save()
    assert not contacts_for_user(user=people.olga).exists()


def test_another_authoritys_record_is_not_found_and_the_attempt_is_audited(people, contacts):
    with pytest.raises(Http404):
        get_contact_for_user(user=people.otto, pk=contacts["alices"].pk)
    event = AuditEvent.objects.get(action=AuditAction.DENIED)
    assert event.actor == people.otto
    assert event.object_id == str(contacts["alices"].pk)


def test_viewing_a_record_is_audited(people, contacts):
    contact = get_contact_for_user(user=people.olga, pk=contacts["bobs"].pk)
    assert contact == contacts["bobs"]
    event = AuditEvent.objects.get(action=AuditAction.VIEW)
    assert (event.actor, event.object_type, event.authority_id) == (
        people.olga,
        "requests.contact",
        people.home.pk,
    )


# --- the one get_<thing>_for_user ----------------------------------------------------------


@pytest.mark.django_db
def test_get_for_user_answers_not_found_and_audits_the_refusal_for_a_record_out_of_scope():
    from django.http import Http404

    from referral_portal.accounts.access import get_for_user
    from referral_portal.accounts.models import Authority
    from referral_portal.audit.models import AuditAction, AuditEvent

    authority = Authority.objects.order_by("pk").first()
    with pytest.raises(Http404, match="No such authority"):
        get_for_user(
            Authority.objects.filter(pk=authority.pk),
            user=None,
            object_id=authority.pk,
            may_see=lambda record: False,
            not_found="No such authority",
        )
    refused = AuditEvent.objects.get(action=AuditAction.DENIED)
    assert (refused.object_type, refused.object_id) == ("accounts.authority", str(authority.pk))


@pytest.mark.django_db
def test_get_for_user_audits_the_view_of_a_record_in_scope_unless_told_not_to():
    from referral_portal.accounts.access import get_for_user
    from referral_portal.accounts.models import Authority
    from referral_portal.audit.models import AuditAction, AuditEvent

    authority = Authority.objects.order_by("pk").first()
    found = get_for_user(
        Authority.objects.filter(pk=authority.pk),
        user=None,
        object_id=authority.pk,
        not_found="No such authority",
    )
    assert found == authority
    assert AuditEvent.objects.filter(action=AuditAction.VIEW).count() == 1
    seen = []
    get_for_user(
        Authority.objects.filter(pk=authority.pk),
        user=None,
        object_id=authority.pk,
        not_found="No such authority",
        audit_view=seen.append,
    )
    assert seen == [authority] and AuditEvent.objects.filter(action=AuditAction.VIEW).count() == 1
