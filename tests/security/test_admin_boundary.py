"""The Django admin's tenant boundary (review H1): an authority's administrator, given every
permission the README says they need, sees and changes only their own authority's rows,
cannot make themselves superuser, cannot set a retention period below the floor, and every
change to agencies, domains, the directory, frameworks and retention is audited."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from referral_portal.accounts.admin_scope import AuthorityScopedAdmin, row_values
from referral_portal.accounts.models import Agency, AgencyDomain, User
from referral_portal.audit.models import AuditEvent
from referral_portal.rights.models import RecordType, RetentionPolicy


@pytest.fixture
def tenants(people: Any) -> SimpleNamespace:
    """Both authorities with one of every admin-managed row, and the home administrator
    (adam) given every model permission, as an operator following the README would."""
    from referral_portal.audit.models import AuditAction
    from referral_portal.audit.services import audit_record
    from tests.contacts.factories import ServiceFactory
    from tests.thresholds.factories import AssessmentFactory, small_framework

    rows: dict[str, dict[str, Any]] = {"home": {}, "away": {}}
    for side, authority, agency, user in (
        ("home", people.home, people.school, people.olga),
        ("away", people.away, people.away_agency, people.otto),
    ):
        framework = small_framework(authority=authority)
        level = framework.levels.first()
        domain = framework.domains.first()
        area = domain.areas.first()
        rows[side] = {
            "authority": authority,
            "agency": agency,
            "user": user,
            "service": ServiceFactory(authority=authority),
            "retentionpolicy": RetentionPolicy.objects.create(
                authority=authority, record_type=RecordType.DECIDED_CONTACT, days=2000
            ),
            "auditevent": audit_record(
                actor=user, action=AuditAction.VIEW, object_type="test.row", object_id=side
            ),
            "framework": framework,
            "level": level,
            "domain": domain,
            "area": area,
            "indicator": area.indicators.first(),
            "assessment": AssessmentFactory(framework=framework),
        }
    adam = people.adam
    adam.is_staff = True
    adam.save()
    # Every permission there is: the boundary must hold whatever an operator grants.
    adam.user_permissions.set(Permission.objects.all())
    adam = User.objects.get(pk=adam.pk)  # fresh permission cache
    return SimpleNamespace(rows=rows, adam=adam, people=people)


@pytest.fixture
def admin_client(client: Any, tenants: SimpleNamespace) -> Any:
    client.force_login(tenants.adam)
    return client


def _scoped_models() -> list[str]:
    from django.contrib import admin

    return sorted(
        model._meta.model_name
        for model, model_admin in admin.site._registry.items()
        if isinstance(model_admin, AuthorityScopedAdmin)
    )


SCOPED = [
    "agency",
    "area",
    "assessment",
    "auditevent",
    "authority",
    "domain",
    "framework",
    "indicator",
    "level",
    "retentionpolicy",
    "service",
    "user",
]


def _url(obj: Any, view: str) -> str:
    meta = obj._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_{view}", args=[obj.pk])


def test_every_model_in_the_admin_is_scoped_or_for_operators_only(admin_client):
    """A model registered without a scope (groups, two-factor devices, API tokens, sign-in
    attempts) is closed to an authority's administrator even with its permissions."""
    from django.contrib import admin

    assert _scoped_models() == SCOPED
    for model, model_admin in admin.site._registry.items():
        if isinstance(model_admin, AuthorityScopedAdmin):
            continue
        meta = model._meta
        response = admin_client.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist"))
        assert response.status_code == 403, meta.label
    index = admin_client.get("/admin/").content.decode()
    assert "Agencies" in index
    assert "Groups" not in index
    assert "TOTP devices" not in index


@pytest.mark.parametrize("model_name", SCOPED)
def test_another_authoritys_rows_cannot_be_seen_changed_or_deleted(
    admin_client, tenants, model_name
):
    """One cross-authority test per admin model: the away row is not listed, its change page
    and its delete page answer "not found", and posting to them changes nothing."""
    home, away = tenants.rows["home"][model_name], tenants.rows["away"][model_name]
    meta = away._meta
    listing = admin_client.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist"))
    assert listing.status_code == 200
    assert _url(away, "change") not in listing.content.decode()
    if model_name not in {"auditevent"}:
        assert admin_client.get(_url(home, "change")).status_code == 200

    stored = row_values(type(away).objects.get(pk=away.pk))
    page = admin_client.get(_url(away, "change"))
    assert page.status_code == 302 and page["Location"] == reverse("admin:index")
    admin_client.post(_url(away, "change"), {"name": "Taken over", "days": "0"})
    admin_client.post(_url(away, "delete"), {"post": "yes"})
    assert row_values(type(away).objects.get(pk=away.pk)) == stored


def test_review_h1_step1_no_verified_domain_for_another_authoritys_agency(admin_client, tenants):
    """H1 step 1: an inline domain posted onto Worcestershire's agency does not land."""
    away = tenants.people.away_agency
    data = {
        "name": away.name,
        "agency_type": away.agency_type,
        "authority": away.authority_id,
        "domains-TOTAL_FORMS": "1",
        "domains-INITIAL_FORMS": "0",
        "domains-0-domain": "gmail-demo.example.com",
        "domains-0-verified": "on",
    }
    admin_client.post(_url(away, "change"), data)
    assert not AgencyDomain.objects.filter(domain="gmail-demo.example.com").exists()

    # Nor by adding a new agency under the other authority: not one of the choices.
    response = admin_client.post(
        reverse("admin:accounts_agency_add"),
        {**data, "name": "Trojan", "authority": away.authority_id},
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Agency.objects.filter(name="Trojan").exists()


def test_a_domain_added_to_an_own_agency_is_audited_with_its_values(admin_client, tenants):
    school = tenants.people.school
    data = {
        "name": school.name,
        "agency_type": school.agency_type,
        "authority": school.authority_id,
        "domains-TOTAL_FORMS": "1",
        "domains-INITIAL_FORMS": "0",
        "domains-0-domain": "newdomain.example.org",
        "domains-0-verified": "on",
    }
    response = admin_client.post(_url(school, "change"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    domain = AgencyDomain.objects.get(domain="newdomain.example.org")
    event = AuditEvent.objects.get(object_type="accounts.agencydomain", object_id=str(domain.pk))
    assert event.action == "create"
    assert event.actor == tenants.adam
    assert event.authority_id == tenants.people.home.pk
    assert event.changes["after"]["domain"] == "newdomain.example.org"
    assert event.changes["after"]["verified"] is True


def test_review_h1_step2_an_administrator_cannot_make_themselves_superuser(admin_client, tenants):
    adam = tenants.adam
    page = admin_client.get(_url(adam, "change")).content.decode()
    assert 'name="is_superuser"' not in page
    assert 'name="groups"' not in page
    assert 'name="user_permissions"' not in page
    assert 'name="is_staff"' not in page
    data = {
        "email": adam.email,
        "full_name": adam.full_name,
        "role": adam.role,
        "authority": adam.authority_id,
        "status": adam.status,
        "is_superuser": "on",
        "is_staff": "on",
    }
    response = admin_client.post(_url(adam, "change"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    adam.refresh_from_db()
    assert adam.is_superuser is False
    assert not adam.groups.exists()


def test_an_administrator_cannot_move_a_person_to_another_authority(admin_client, tenants):
    olga = tenants.people.olga
    data = {
        "email": olga.email,
        "full_name": olga.full_name,
        "role": olga.role,
        "authority": tenants.people.away.pk,
        "status": olga.status,
    }
    response = admin_client.post(_url(olga, "change"), data)
    assert "Select a valid choice" in response.content.decode()
    olga.refresh_from_db()
    assert olga.authority_id == tenants.people.home.pk


def test_an_administrator_does_not_see_operators(admin_client, tenants):
    root = User.objects.create_superuser("root@platform.example.org", "x" * 20)
    root.authority = tenants.people.home
    root.save()
    assert admin_client.get(_url(root, "change")).status_code == 302


def test_review_h1_step3_no_retention_for_another_authority_and_none_below_the_floor(
    admin_client, tenants
):
    """H1 step 3: authority=Worcestershire, days=0 is refused; so is 0 days for one's own."""
    from referral_portal.rights.services import retention_days

    RetentionPolicy.objects.all().delete()
    add = reverse("admin:rights_retentionpolicy_add")
    away = admin_client.post(
        add, {"authority": tenants.people.away.pk, "record_type": "decided_contact", "days": "0"}
    )
    assert away.status_code == 200
    assert "Select a valid choice" in away.content.decode()
    home = admin_client.post(
        add, {"authority": tenants.people.home.pk, "record_type": "decided_contact", "days": "0"}
    )
    assert home.status_code == 200
    assert "A retention period must be at least 365 days" in home.content.decode()
    assert not RetentionPolicy.objects.exists()
    # The nightly job never applies less than the floor, whatever is stored.
    RetentionPolicy.objects.create(
        authority=tenants.people.away, record_type="decided_contact", days=0
    )
    assert retention_days(authority=tenants.people.away, record_type="decided_contact") == 365


def test_a_retention_change_is_audited_with_before_and_after(admin_client, tenants):
    policy = tenants.rows["home"]["retentionpolicy"]
    response = admin_client.post(
        _url(policy, "change"),
        {"authority": policy.authority_id, "record_type": policy.record_type, "days": "800"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    event = AuditEvent.objects.get(object_type="rights.retentionpolicy", action="update")
    assert event.changes["before"] == {"days": 2000}
    assert event.changes["after"] == {"days": 800}
    assert event.authority_id == tenants.people.home.pk


def test_review_h1_step4_the_audit_trail_of_another_authority_is_not_shown(admin_client, tenants):
    away = tenants.people.away
    page = admin_client.get(
        reverse("admin:audit_auditevent_changelist"), {"authority_id": away.pk}
    ).content.decode()
    assert tenants.people.otto.email not in page
    everything = admin_client.get(reverse("admin:audit_auditevent_changelist")).content.decode()
    assert tenants.people.olga.email in everything
    assert tenants.people.otto.email not in everything


def test_a_directory_change_is_audited_with_before_and_after(admin_client, tenants):
    service = tenants.rows["home"]["service"]
    data = {
        "authority": service.authority_id,
        "kind": service.kind,
        "name": service.name,
        "short_name": service.short_name,
        "phone": "01632 960999",
        "email": service.email,
        "website": service.website,
        "notes": service.notes,
        "availability": service.availability,
        "source": service.source,
        "hours-TOTAL_FORMS": "0",
        "hours-INITIAL_FORMS": "0",
        "one_off_days-TOTAL_FORMS": "0",
        "one_off_days-INITIAL_FORMS": "0",
    }
    response = admin_client.post(_url(service, "change"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    event = AuditEvent.objects.get(object_type="contacts.service", action="update")
    assert event.changes["before"] == {"phone": "01632 960000"}
    assert event.changes["after"] == {"phone": "01632 960999"}
    # Not one of the choices: a service for the other authority.
    add = admin_client.post(
        reverse("admin:contacts_service_add"),
        {**data, "authority": tenants.people.away.pk, "kind": "lado", "name": "Trojan"},
    )
    assert "Select a valid choice" in add.content.decode()


def test_a_framework_edit_is_audited_with_before_and_after(admin_client, tenants):
    indicator = tenants.rows["home"]["indicator"]
    response = admin_client.post(
        _url(indicator, "change"),
        {
            "area": indicator.area_id,
            "level": indicator.level,
            "text": "Changed wording",
            "position": indicator.position,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    event = AuditEvent.objects.get(object_type="thresholds.indicator", action="update")
    assert event.changes["before"]["text"] == indicator.text
    assert event.changes["after"]["text"] == "Changed wording"
    assert event.authority_id == tenants.people.home.pk
    # The other authority's areas are not among the choices.
    away_area = tenants.rows["away"]["area"]
    refused = admin_client.post(
        reverse("admin:thresholds_indicator_add"),
        {"area": away_area.pk, "level": 1, "text": "Planted", "position": 0},
    )
    assert "Select a valid choice" in refused.content.decode()


def test_an_operator_still_sees_every_authority(client, tenants):
    root = User.objects.create_superuser("root@platform.example.org", "x" * 20)
    client.force_login(root)
    listing = client.get(reverse("admin:accounts_agency_changelist")).content.decode()
    assert tenants.people.away_agency.name in listing
    assert tenants.people.school.name in listing
