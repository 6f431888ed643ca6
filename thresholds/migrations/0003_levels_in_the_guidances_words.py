"""Worcestershire's level pathways as its guidance words them (Level 2 "one or more partners",
Level 3 "a lead professional may be identified", Level 4 the Referral to Children's Social Care and
the allocated-case rule of Appendix 2), and its source named by title, not by a file.

The wording of the guidance text changes; no indicator, level number or assessment changes, so
the framework version is kept."""

from __future__ import annotations

import json

from django.db import migrations


def update(apps, schema_editor):
    from thresholds.framework_io import DATA_FILE

    data = json.loads(DATA_FILE.read_text())
    Framework = apps.get_model("thresholds", "Framework")
    Level = apps.get_model("thresholds", "Level")
    for framework in Framework.objects.filter(
        authority__slug=data["authority"], version=data["version"]
    ):
        framework.source = data["source"]
        framework.save(update_fields=["source"])
        for level in data["levels"]:
            Level.objects.filter(framework=framework, number=level["number"]).update(
                pathway=level["pathway"]
            )


class Migration(migrations.Migration):
    dependencies = [("thresholds", "0002_load_worcestershire_2017")]

    operations = [migrations.RunPython(update, migrations.RunPython.noop)]
