"""Worcestershire's own name for a referral at Level 4 (Multi Agency Levels of Need, section 3
and Appendix 2: "the Referral to Children's Social Care"), on its levels-of-need row.

A row whose administrator already named the form keeps it.
"""

from __future__ import annotations

from django.db import migrations


def add(apps, schema_editor):
    from referral_portal.procedures.sources import REFERRAL_FORM_004

    Procedure = apps.get_model("procedures", "Procedure")
    for row in Procedure.objects.filter(
        kind="levels_of_need", authority__slug="worcestershire", offered=True
    ):
        details = dict(row.details or {})
        if "referral_form" not in details:
            details["referral_form"] = REFERRAL_FORM_004
            row.details = details
            row.save(update_fields=["details"])


class Migration(migrations.Migration):
    dependencies = [("procedures", "0003_response_aim_extension")]

    operations = [migrations.RunPython(add, migrations.RunPython.noop)]
