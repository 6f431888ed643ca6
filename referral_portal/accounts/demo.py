"""Demo accounts: two authorities, agencies of each type, one user per role.

The fictional families are added by ``requests/demo.py`` (``manage.py load_demo``, the command
of the app at the top, which loads these first). Every person here is invented. Idempotent: running it twice changes
nothing the second time (rows are found by natural keys and updated in place).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from referral_portal.accounts.models import (
    Agency,
    AgencyDomain,
    AgencyType,
    Authority,
    Role,
    User,
    UserStatus,
)

DEMO_PASSWORD = "demo-portal-password-2026"  # noqa: S105  # nosec B105

AUTHORITIES = [
    {
        "slug": "birmingham",
        "name": "Birmingham Children's Trust",
        "code": "BHM",
        "front_door_name": "Children's Advice & Support Service (CASS)",
        "front_door_short_name": "CASS",
        # Plainly fictional: no source document gives the authority's postal address.
        "address": "Demo address, not a real one\n1 Fictional Street\nExampletown\nEX0 0AA",
    },
    {
        "slug": "worcestershire",
        "name": "Worcestershire",
        "code": "WOR",
        "front_door_name": "Family Front Door",
        "front_door_short_name": "Family Front Door",
        "address": "Demo address, not a real one\n2 Fictional Street\nExampletown\nEX0 0AB",
    },
]

# (name, type, domain) per authority. The domains are reserved example domains, not real ones.
AGENCIES = {
    "birmingham": [
        ("Elmwood Primary School", AgencyType.SCHOOL, "elmwood-primary.example.org"),
        ("Little Acorns Nursery", AgencyType.EARLY_YEARS, "littleacorns.example.org"),
        ("Northfield Health Visiting Team", AgencyType.HEALTH, "northfield-health.example.org"),
        ("Lakeside GP Practice", AgencyType.GP, "lakeside-gp.example.org"),
        ("West Midlands Police (demo)", AgencyType.POLICE, "police-demo.example.org"),
        ("Probation Service (demo)", AgencyType.PROBATION, "probation-demo.example.org"),
        ("Riverside Housing Association", AgencyType.HOUSING, "riverside-housing.example.org"),
        ("Brighter Futures Youth Project", AgencyType.VOLUNTARY, "brighter-futures.example.org"),
    ],
    "worcestershire": [
        ("Hillcrest High School", AgencyType.SCHOOL, "hillcrest-high.example.org"),
        ("Meadow Lane Surgery", AgencyType.GP, "meadowlane-surgery.example.org"),
        ("County Health Visiting Service", AgencyType.HEALTH, "county-health.example.org"),
        ("West Mercia Police (demo)", AgencyType.POLICE, "westmercia-demo.example.org"),
        ("Severn Housing", AgencyType.HOUSING, "severn-housing.example.org"),
        ("Family Support Network", AgencyType.VOLUNTARY, "family-support.example.org"),
    ],
}

STAFF = [
    (Role.OFFICER, "officer", "Olivia Officer"),
    (Role.MANAGER, "manager", "Marcus Manager"),
    (Role.DISCLOSURE, "disclosure", "Dina Disclosure"),
    (Role.ADMIN, "admin", "Adam Administrator"),
]


# Only Birmingham's sources give it a Disclosure Team ("Making an Information Request to
# Birmingham Children's Trust", Information Request Level 3); no Worcestershire source does.
DISCLOSURE_TEAMS = frozenset({"birmingham"})


@dataclass(frozen=True)
class Login:
    email: str
    role: str
    authority: str


@transaction.atomic
def load_demo_accounts() -> list[Login]:
    """The authorities, agencies and users (idempotent)."""
    logins: list[Login] = []
    for spec in AUTHORITIES:
        authority, _ = Authority.objects.update_or_create(slug=spec["slug"], defaults=spec)
        agencies = []
        for name, agency_type, domain in AGENCIES[authority.slug]:
            agency, _ = Agency.objects.update_or_create(
                authority=authority, name=name, defaults={"agency_type": agency_type}
            )
            AgencyDomain.objects.update_or_create(
                agency=agency, domain=domain, defaults={"verified": True}
            )
            agencies.append((agency, domain))
        school, school_domain = agencies[0]
        people = [
            (Role.PRACTITIONER, f"practitioner@{school_domain}", "Priya Practitioner", school),
            (Role.SAFEGUARDING_LEAD, f"lead@{school_domain}", "Sam Safeguarding-Lead", school),
        ]
        for role, email, full_name, agency in people:
            logins.append(_user(email, full_name, role, agency=agency, authority=authority))
        for role, local, full_name in STAFF:
            if role == Role.DISCLOSURE and authority.slug not in DISCLOSURE_TEAMS:
                continue
            email = f"{local}@{authority.slug}.demo.example.org"
            logins.append(_user(email, full_name, role, agency=None, authority=authority))
    return logins


def demo_school(authority: Authority) -> Agency:
    """The authority's demo school, whose practitioner makes the demo families' requests."""
    return Agency.objects.get(authority=authority, name=AGENCIES[authority.slug][0][0])


def _user(
    email: str, full_name: str, role: str, *, agency: Agency | None, authority: Authority
) -> Login:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(
            email,
            DEMO_PASSWORD,
            full_name=full_name,
            role=role,
            agency=agency,
            authority=authority,
            status=UserStatus.ACTIVE,
            email_confirmed_at=timezone.now(),
            job_title="Demo user",
            is_staff=(role == Role.ADMIN),
        )
    if user.needs_two_factor:
        _demo_authenticator(user)
    return Login(email=email, role=str(Role(role).label), authority=authority.name)


def _demo_authenticator(user: User) -> None:
    """Staff need two-factor sign-in: give demo staff an authenticator whose codes
    `manage.py demo_code <email>` prints (in DEBUG only), so the demo works without a phone."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.get_or_create(
        user=user, confirmed=True, defaults={"name": "Demo authenticator"}
    )
