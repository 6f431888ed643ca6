"""Draft-expiry warnings recorded by the mechanism before the outbox (issue 24).

Then ``expiry_warning_sent_at`` was set before the warning was sent, and a warning could be
recorded and never delivered (review M5). Now a draft is deleted only a week after its warning
was delivered by the outbox, so a draft warned the old way (no warning in the outbox) would be
neither warned again nor ever deleted: its mark is cleared, and the hourly job warns its owner
through the outbox and deletes the draft a week after that warning was delivered.
"""

from django.db import migrations
from django.db.models import Exists, OuterRef


def warn_again_through_the_outbox(apps, schema_editor):
    contact_model = apps.get_model("requests", "Contact")
    email_model = apps.get_model("outbox", "Email")
    in_outbox = email_model.objects.filter(
        kind="draft_warning", object_type="requests.contact", object_id=OuterRef("pk")
    )
    contact_model.objects.filter(status="draft", expiry_warning_sent_at__isnull=False).exclude(
        Exists(in_outbox)
    ).update(expiry_warning_sent_at=None)


class Migration(migrations.Migration):
    dependencies = [
        ("requests", "0009_declared_pr_per_child"),
        ("outbox", "0001_email_outbox"),
    ]

    operations = [migrations.RunPython(warn_again_through_the_outbox, migrations.RunPython.noop)]
