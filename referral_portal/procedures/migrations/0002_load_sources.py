"""Each authority's procedures from its own published sources (referral_portal.procedures.sources).

Loaded for the authorities that exist (the directory's migration creates Birmingham and
Worcestershire on a bare migrate); rows already there are left as their administrator set them.
"""

from __future__ import annotations

from django.db import migrations


def load(apps, schema_editor):
    from referral_portal.procedures.sources import PROCEDURES

    Authority = apps.get_model("accounts", "Authority")
    Procedure = apps.get_model("procedures", "Procedure")
    for slug, procedures in PROCEDURES.items():
        authority = Authority.objects.filter(slug=slug).first()
        if authority is None:
            continue
        for kind, values in procedures.items():
            Procedure.objects.get_or_create(authority=authority, kind=kind, defaults=values)


class Migration(migrations.Migration):
    dependencies = [
        ("procedures", "0001_procedures"),
        ("contacts", "0002_load_seed_directory"),
    ]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
