"""Load Worcestershire's Multi Agency Levels of Need (September 2017), every Appendix 1 example.

Source: seeds/004_23d9d1637ed5247b.txt, parsed by hand into thresholds/data/worcestershire_2017.json
(see its "notes" for how the PDF table's lost labels were restored).
"""

from __future__ import annotations

from django.db import migrations


def load(apps, schema_editor):
    from referral_portal.accounts.demo import AUTHORITIES
    from thresholds.framework_io import DATA_FILE, load_framework, parse_framework

    Authority = apps.get_model("accounts", "Authority")
    Framework = apps.get_model("thresholds", "Framework")
    data = parse_framework(DATA_FILE.read_text(encoding="utf-8"))
    spec = next(a for a in AUTHORITIES if a["slug"] == data["authority"])
    authority, _ = Authority.objects.get_or_create(slug=spec["slug"], defaults=spec)
    if Framework.objects.filter(authority=authority, version=data["version"]).exists():
        return

    class Models:
        pass

    for name in ("Framework", "Level", "Domain", "Area", "Indicator"):
        setattr(Models, name, apps.get_model("thresholds", name))
    load_framework(data, authority=authority, models=Models)


def unload(apps, schema_editor):
    Framework = apps.get_model("thresholds", "Framework")
    Framework.objects.filter(authority__slug="worcestershire", version="2017-09").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("thresholds", "0001_initial"),
    ]

    operations = [migrations.RunPython(load, unload)]
