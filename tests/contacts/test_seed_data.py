"""The directory the data migration loads: what the seeds say, and where it says it."""

from __future__ import annotations

import pytest

from contacts.models import ServiceKind
from contacts.selectors import service_for
from referral_portal.accounts.demo import AUTHORITIES
from referral_portal.accounts.models import Authority
from requests.demo import load_demo

# Each source by its title, as the directory page cites it (docs/sources.md).
S000, S001, S002, S004 = (
    "Safeguarding Concerns: Children's Advice & Support Service (CASS)",
    "Birmingham City Council corporate safeguarding policy",
    "Making an Information Request to Birmingham Children's Trust",
    "Multi Agency Levels of Need: Guidance to help support children, young people and families "
    "in Worcestershire (September 2017)",
)


@pytest.mark.parametrize(
    ("authority", "kind", "field", "value", "seed"),
    [
        ("birmingham", ServiceKind.FRONT_DOOR, "phone", "0121 303 1888", S000),
        ("birmingham", ServiceKind.OUT_OF_HOURS, "phone", "0121 675 4806", S000),
        ("birmingham", ServiceKind.ADULT_SOCIAL_CARE, "phone", "0121 303 1234", S001),
        ("birmingham", ServiceKind.ADULT_OUT_OF_HOURS, "phone", "0121 675 4806", S001),
        ("birmingham", ServiceKind.LADO, "email", "Ladoteam@birminghamchildrenstrust.co.uk", S001),
        ("birmingham", ServiceKind.EARLY_HELP, "name", "Early Help Support Team", S000),
        (
            "birmingham",
            ServiceKind.DISCLOSURE_TEAM,
            "email",
            "disclosureteam@birmingham.gov.uk",
            S002,
        ),
        ("birmingham", ServiceKind.PREVENT_CHANNEL, "name", "Prevent and Channel", S000),
        ("birmingham", ServiceKind.POLICE_EMERGENCY, "phone", "999", S000),
        ("worcestershire", ServiceKind.FRONT_DOOR, "phone", "01905 822666", S004),
        ("worcestershire", ServiceKind.OUT_OF_HOURS, "phone", "01905 768020", S004),
        (
            "worcestershire",
            ServiceKind.EARLY_HELP,
            "website",
            "http://www.worcestershire.gov.uk/earlyhelpfamilysupport",
            S004,
        ),
        ("worcestershire", ServiceKind.POLICE_EMERGENCY, "phone", "999", S004),
    ],
)
def test_seeded_service(seeded, authority, kind, field, value, seed):
    service = service_for(authority=getattr(seeded, authority), kind=kind)
    assert getattr(service, field) == value
    assert seed in service.source


@pytest.mark.parametrize(
    ("authority", "expected"),
    [
        ("birmingham", {(d, "08:45", "17:15") for d in range(4)} | {(4, "08:45", "16:15")}),
        ("worcestershire", {(d, "08:30", "17:00") for d in range(4)} | {(4, "08:30", "16:30")}),
    ],
)
def test_front_door_weekly_hours_are_the_seeds(seeded, authority, expected):
    service = service_for(authority=getattr(seeded, authority), kind=ServiceKind.FRONT_DOOR)
    rows = {(h.weekday, f"{h.opens:%H:%M}", f"{h.closes:%H:%M}") for h in service.hours.all()}
    assert rows == expected


def test_service_for_a_kind_the_area_lacks_is_none(seeded):
    assert service_for(authority=seeded.worcestershire, kind=ServiceKind.LADO) is None


def test_migration_authorities_match_the_demo_and_load_demo_still_works(seeded):
    for spec in AUTHORITIES:
        authority = Authority.objects.get(slug=spec["slug"])
        expected = {k: v for k, v in spec.items() if k != "address"}
        assert {k: getattr(authority, k) for k in expected} == expected
        assert authority.address == ""  # no source gives one; the demo's is plainly fictional
    load_demo()
    for spec in AUTHORITIES:
        assert Authority.objects.get(slug=spec["slug"]).address == spec["address"]
    assert Authority.objects.filter(slug__in=["birmingham", "worcestershire"]).count() == 2
    assert service_for(authority=seeded.birmingham, kind="front_door").phone == "0121 303 1888"
