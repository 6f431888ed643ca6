"""Name each service's source by its title and section (never a file), and drop what no source
says: "Refer through CASS" for Prevent, bank holidays stated as published closures, and the
name "Worcestershire Children First" (no source names it; the guidance names Worcestershire's
Family Front Door). Rows an administrator has changed since are left alone: only the values
the first load wrote are replaced."""

from __future__ import annotations

import importlib

from django.db import migrations

OLD_SOURCES = {
    "seeds/000_47cb0c6f89a1a9e1.txt (Birmingham Safeguarding Concerns: CASS)": "S000",
    "seeds/001_6807da3d1bd3f0b8.txt (Birmingham City Council safeguarding policy)": "S001",
    "seeds/002_47e0bc41261e8d23.txt (Information requests to Birmingham Children's Trust)": "S002",
}
OLD_S004 = "seeds/004_23d9d1637ed5247b.txt (Worcestershire Levels of Need, Appendix 2)"
OLD_NOTES = {
    "Level 1 information requests: 0121 303 1888 option 2 (seed 002).": (
        "Level 1 information requests by telephone: 0121 303 1888 option 2 option 2 (Making an "
        "Information Request, Level 1)."
    ),
    "Outside CASS office hours, including weekends and bank holidays.": (
        "Outside CASS office hours, including weekends. The portal treats bank holidays as out "
        "of hours too: the published hours do not mention them."
    ),
    "The seed gives an email address only.": "The policy gives an email address only.",
    " Refer through CASS.": "",
    "The web address is the Home Office Prevent duty guidance (seed 001).": (
        "The web address is the Home Office Prevent duty guidance, listed in Birmingham City "
        "Council's safeguarding policy."
    ),
}


def update(apps, schema_editor):
    first = importlib.import_module("contacts.migrations.0002_load_seed_directory")
    Authority = apps.get_model("accounts", "Authority")
    Service = apps.get_model("contacts", "Service")
    Authority.objects.filter(slug="worcestershire", name="Worcestershire Children First").update(
        name="Worcestershire"
    )
    for service in Service.objects.filter(authority__slug__in=["birmingham", "worcestershire"]):
        source, notes = service.source, service.notes
        for old, name in OLD_SOURCES.items():
            new = getattr(first, name)
            source = source.replace(old + " section", new + ", section")
            source = source.replace(old + " Additional", new + ", Additional")
            source = source.replace(old, new)
        if source == f"{OLD_S004} Appendix 3":
            source = (
                first.S004.replace("Appendix 2 - Safeguarding Children's Social Care Pathway", "")
                + "7 Early Help in Worcestershire and Appendix 3"
            )
        source = source.replace(OLD_S004, first.S004)
        for old, new in OLD_NOTES.items():
            notes = notes.replace(old, new)
        if (source, notes) != (service.source, service.notes):
            service.source, service.notes = source, notes
            service.save(update_fields=["source", "notes"])
    # Historical models send no signals the cache listens to: clear the cached directories.
    from django.core.cache import cache

    cache.delete_many(
        [f"contacts:directory:v1:{slug}" for slug in ("birmingham", "worcestershire")]
    )


class Migration(migrations.Migration):
    dependencies = [("contacts", "0002_load_seed_directory")]

    operations = [migrations.RunPython(update, migrations.RunPython.noop)]
