"""The response aim's extension as data (003, Time Scales), for the rows loaded from the sources.

A row its administrator already gave an extension keeps it; rows of other sources are left alone.
"""

from __future__ import annotations

from django.db import migrations

INITIAL_CONTACT_TITLE = "What to expect: Initial Contact with Children and Family Services"


def add(apps, schema_editor):
    from referral_portal.procedures.sources import EXTENSION_003

    Procedure = apps.get_model("procedures", "Procedure")
    for row in Procedure.objects.filter(kind="response_aim", source_title=INITIAL_CONTACT_TITLE):
        details = dict(row.details or {})
        if "extension" not in details:
            details["extension"] = EXTENSION_003
            row.details = details
            row.save(update_fields=["details"])


class Migration(migrations.Migration):
    dependencies = [("procedures", "0002_load_sources")]

    operations = [migrations.RunPython(add, migrations.RunPython.noop)]
