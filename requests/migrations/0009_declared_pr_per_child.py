"""The referrer's parental responsibility declared per child (issue 17 point 1).

Until now the referrer declared it once per person: that one answer is applied to every child of
the person's contact, which is what it meant. People the front door added (``added_by``) were not
declared by the referrer and get no rows. Going back, the per-child rows are dropped and the
per-person answer (kept as their summary) stays.
"""

import django.db.models.deletion
from django.db import migrations, models

BATCH = 2000


def per_child(apps, schema_editor):
    Person = apps.get_model("requests", "Person")
    Child = apps.get_model("requests", "Child")
    DeclaredPR = apps.get_model("requests", "DeclaredPR")
    children: dict[int, list[int]] = {}
    for child_id, contact_id in Child.objects.values_list("id", "contact_id").iterator():
        children.setdefault(contact_id, []).append(child_id)
    rows = []
    people = Person.objects.filter(added_by__isnull=True).exclude(parental_responsibility="")
    for person_id, contact_id, value in people.values_list(
        "id", "contact_id", "parental_responsibility"
    ).iterator():
        for child_id in children.get(contact_id, []):
            rows.append(
                DeclaredPR(person_id=person_id, child_id=child_id, parental_responsibility=value)
            )
        if len(rows) >= BATCH:
            DeclaredPR.objects.bulk_create(rows, ignore_conflicts=True)
            rows = []
    DeclaredPR.objects.bulk_create(rows, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [
        ("requests", "0008_merge_outbox_and_support_rules"),
    ]

    operations = [
        migrations.AlterField(
            model_name="person",
            name="parental_responsibility",
            field=models.CharField(
                blank=True,
                choices=[("yes", "Yes"), ("no", "No"), ("not_known", "Not known")],
                max_length=20,
            ),
        ),
        migrations.CreateModel(
            name="DeclaredPR",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "parental_responsibility",
                    models.CharField(
                        choices=[("yes", "Yes"), ("no", "No"), ("not_known", "Not known")],
                        max_length=20,
                    ),
                ),
                (
                    "child",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="declared_pr",
                        to="requests.child",
                    ),
                ),
                (
                    "person",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="declared_pr",
                        to="requests.person",
                    ),
                ),
            ],
            options={
                "verbose_name": "declared parental responsibility",
                "ordering": ["child_id"],
                "constraints": [
                    models.UniqueConstraint(fields=("person", "child"), name="declaredpr_unique")
                ],
            },
        ),
        migrations.RunPython(per_child, migrations.RunPython.noop),
    ]
