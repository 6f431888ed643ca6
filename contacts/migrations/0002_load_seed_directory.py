"""Load the Birmingham and Worcestershire directory from their published sources.

Each row names the source it comes from by title and section (docs/sources.md). Only what the
sources say is recorded: where a source gives an email address but no number (LADO, Disclosure
Team) the number stays empty. The authorities are created if missing, with the same values as
referral_portal/accounts/demo.py AUTHORITIES except the postal address, which no source gives
(left empty for an administrator), so the directory exists on a bare migrate and load_demo's
update_or_create still finds them by slug.
"""

from __future__ import annotations

import datetime as dt

from django.db import migrations

S000 = "Safeguarding Concerns: Children's Advice & Support Service (CASS), Birmingham web page"
S001 = "Birmingham City Council corporate safeguarding policy"
S002 = (
    "Birmingham Children's Trust, Making an Information Request to Birmingham Children's Trust "
    "\u2013 Partner Agencies only, Information Request Level 3"
)
S004 = (
    "Multi Agency Levels of Need: Guidance to help support children, young people and families "
    "in Worcestershire (September 2017), Appendix 2 - Safeguarding Children's Social Care Pathway"
)

AUTHORITIES = [
    {
        "slug": "birmingham",
        "name": "Birmingham Children's Trust",
        "code": "BHM",
        "front_door_name": "Children's Advice & Support Service (CASS)",
        "front_door_short_name": "CASS",
        "address": "",  # no source gives a postal address; an administrator records it
    },
    {
        "slug": "worcestershire",
        "name": "Worcestershire",
        "code": "WOR",
        "front_door_name": "Family Front Door",
        "front_door_short_name": "Family Front Door",
        "address": "",
    },
]


def t(text: str) -> dt.time:
    return dt.time.fromisoformat(text)


# Seed 000: "Monday – Thursday: 8:45am – 5:15pm / Friday: 8:45am – 4:15pm".
CASS_HOURS = [(day, t("08:45"), t("17:15")) for day in range(4)] + [(4, t("08:45"), t("16:15"))]
# Seed 004 Appendix 2: "8.30am-5.00pm – Monday to Thursday / 8.30am-4.30pm – Friday".
FFD_HOURS = [(day, t("08:30"), t("17:00")) for day in range(4)] + [(4, t("08:30"), t("16:30"))]

SERVICES = {
    "birmingham": [
        {
            "kind": "front_door",
            "name": "Children's Advice & Support Service (CASS)",
            "short_name": "CASS",
            "phone": "0121 303 1888",
            "website": "https://www.birminghamchildrenstrust.co.uk/report-a-concern",
            "availability": "hours",
            "notes": (
                "If you suspect or believe that a child is suffering or is likely to suffer "
                "significant harm or any form of mistreatment or abuse, report your concerns "
                "immediately to CASS. If there is no immediate danger, complete a Request for "
                "Support form as soon as possible. Level 1 information requests by telephone: "
                "0121 303 1888 option 2 option 2 (Making an Information Request, Level 1)."
            ),
            "source": f"{S000}; {S001}, section 1 Important Contact Numbers",
            "hours": CASS_HOURS,
        },
        {
            "kind": "out_of_hours",
            "name": "Emergency out-of-hours (children's social care)",
            "short_name": "Out-of-hours team",
            "phone": "0121 675 4806",
            "availability": "when_front_door_closed",
            "notes": "Outside CASS office hours, including weekends. The portal treats bank "
            "holidays as out of hours too: the published hours do not mention them.",
            "source": f"{S000}; {S001}, section 1 Important Contact Numbers",
        },
        {
            "kind": "adult_social_care",
            "name": "Adult Social Care Services",
            "short_name": "Adult Social Care",
            "phone": "0121 303 1234",
            "email": "CSAdultSocialCare@birmingham.gov.uk",
            "availability": "not_stated",
            "notes": "For an adult who lives in the Birmingham area with care and support needs.",
            "source": f"{S001}, sections 1 and 12",
        },
        {
            "kind": "adult_out_of_hours",
            "name": "Adult Social Care out of hours",
            "short_name": "Adult out-of-hours",
            "phone": "0121 675 4806",
            "email": "AMHPoutofhours@birmingham.gov.uk",
            "availability": "not_stated",
            "notes": (
                "Outside office hours. The email address is the out-of-hours Approved Mental "
                "Health Professional (AMHP) service."
            ),
            "source": f"{S001}, sections 1 and 12",
        },
        {
            "kind": "lado",
            "name": "Local Authority Designated Officer (LADO)",
            "short_name": "LADO",
            "email": "Ladoteam@birminghamchildrenstrust.co.uk",
            "availability": "not_stated",
            "notes": (
                "Concerns or allegations about a member of staff's conduct towards a child or "
                "young person. The policy gives an email address only."
            ),
            "source": f"{S001}, section 12",
        },
        {
            "kind": "early_help",
            "name": "Early Help Support Team",
            "short_name": "Early Help Support Team",
            "phone": "0121 303 1888",
            "availability": "not_stated",
            "notes": (
                "Supports lead professionals and practitioners in completing an Early Help "
                "Assessment and advises on when a multi-agency 'Our Family Plan' can or should "
                "be used."
            ),
            "source": S000,
        },
        {
            "kind": "disclosure_team",
            "name": "Disclosure Team",
            "short_name": "Disclosure Team",
            "email": "disclosureteam@birmingham.gov.uk",
            "availability": "not_stated",
            "notes": (
                "Level 3 information requests: more detailed information held on a child's "
                "record when an agency is involved in court proceedings or Section 47 "
                "investigations."
            ),
            "source": S002,
        },
        {
            "kind": "prevent_channel",
            "name": "Prevent and Channel",
            "short_name": "Prevent",
            "website": (
                "https://assets.publishing.service.gov.uk/media/64f8498efdc5d10014fce6d1/"
                "14.258_HO_Prevent_Duty_Guidance_v5c.pdf"
            ),
            "availability": "not_stated",
            "notes": (
                "The Prevent Guidance and Assessment Support explains the threshold referral "
                "pathway for Channel and Children's Services, with questions to help explore "
                "concerns about vulnerability to radicalisation. The web address is the Home "
                "Office Prevent duty guidance, listed in Birmingham City Council's safeguarding "
                "policy."
            ),
            "source": f"{S000}, Additional Resources; {S001}",
        },
        {
            "kind": "police_emergency",
            "name": "Emergency services: police or ambulance",
            "short_name": "999",
            "phone": "999",
            "availability": "always",
            "notes": "If a child or adult is in immediate danger, always call the police.",
            "source": f"{S000}; {S001}, section 6.1",
        },
    ],
    "worcestershire": [
        {
            "kind": "front_door",
            "name": "Family Front Door",
            "short_name": "Family Front Door",
            "phone": "01905 822666",
            "website": (
                "http://www.worcestershire.gov.uk/info/20641/"
                "are_you_a_professional_and_worried_about_child"
            ),
            "availability": "hours",
            "notes": (
                "New safeguarding concerns about a child, or a child who may need specialist "
                "support from children's social care. The web address is the online referral "
                "to Children's Social Care; forms and guidance are at "
                "www.worcestershire.gov.uk/safeguardingchildren. The Family Front Door is a "
                "point of referral and advice: do not pass intelligence through this route."
            ),
            "source": S004,
            "hours": FFD_HOURS,
        },
        {
            "kind": "out_of_hours",
            "name": "Out of hours (children's social care)",
            "short_name": "Out-of-hours team",
            "phone": "01905 768020",
            "availability": "when_front_door_closed",
            "notes": "Out of hours or at weekends.",
            "source": S004,
        },
        {
            "kind": "early_help",
            "name": "Early Help in Worcestershire",
            "short_name": "Early Help",
            "website": "http://www.worcestershire.gov.uk/earlyhelpfamilysupport",
            "availability": "not_stated",
            "notes": (
                "Early Help Assessment: www.worcestershire.gov.uk/eha. Appendix 3 of the Levels "
                "of Need guidance explains how to contact a Community Social Worker for advice."
            ),
            "source": S004.replace("Appendix 2 - Safeguarding Children's Social Care Pathway", "")
            + "7 Early Help in Worcestershire and Appendix 3",
        },
        {
            "kind": "police_emergency",
            "name": "Emergency services: police or ambulance",
            "short_name": "999",
            "phone": "999",
            "availability": "always",
            "notes": "In an emergency always dial 999.",
            "source": S004,
        },
    ],
}


def load(apps, schema_editor):
    Authority = apps.get_model("accounts", "Authority")
    Service = apps.get_model("contacts", "Service")
    OpeningHours = apps.get_model("contacts", "OpeningHours")
    for spec in AUTHORITIES:
        authority, _ = Authority.objects.get_or_create(
            slug=spec["slug"], defaults={k: v for k, v in spec.items() if k != "slug"}
        )
        for row in SERVICES[spec["slug"]]:
            fields = {k: v for k, v in row.items() if k not in ("kind", "hours")}
            service, created = Service.objects.get_or_create(
                authority=authority, kind=row["kind"], defaults=fields
            )
            if created:
                for weekday, opens, closes in row.get("hours", []):
                    OpeningHours.objects.create(
                        service=service, weekday=weekday, opens=opens, closes=closes
                    )
    # Historical models send no signals the cache listens to: clear the cached directories.
    from django.core.cache import cache

    cache.delete_many([f"contacts:directory:v1:{spec['slug']}" for spec in AUTHORITIES])


def unload(apps, schema_editor):
    Service = apps.get_model("contacts", "Service")
    for slug, rows in SERVICES.items():
        Service.objects.filter(authority__slug=slug, kind__in=[r["kind"] for r in rows]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("contacts", "0001_directory"),
    ]

    operations = [migrations.RunPython(load, unload)]
