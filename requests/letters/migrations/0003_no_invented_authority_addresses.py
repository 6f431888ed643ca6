"""Letters print the authority's postal address. The seed directory gave each authority an
address that none of its source documents gives (review F19): blank them, so a letter prints
only what the sources support until an administrator records the authority's real address."""

from django.db import migrations

INVENTED = {
    "birmingham": "Birmingham Children's Trust\nPO Box 17283\nBirmingham\nB2 2GT",
    "worcestershire": (
        "Worcestershire Children First\nCounty Hall, Spetchley Road\nWorcester\nWR5 2NP"
    ),
}


def blank_invented_addresses(apps, schema_editor):
    Authority = apps.get_model("accounts", "Authority")
    for slug, address in INVENTED.items():
        Authority.objects.filter(slug=slug, address=address).update(address="")


class Migration(migrations.Migration):
    dependencies = [
        ("letters", "0002_letter_names_its_children"),
        ("contacts", "0002_load_seed_directory"),
    ]

    operations = [migrations.RunPython(blank_invented_addresses, migrations.RunPython.noop)]
