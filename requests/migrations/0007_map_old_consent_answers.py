"""Give answers recorded before issue 20 their meaning under the new questions.

Before, "Consent was not sought" covered the family as a whole, the child included (the page
said: seek the consent of the parents, and of the child if they have capacity). So a request
that did not seek consent did not seek the child's either, for the reason and explanation it
gave. Every other new question (the child's consent after a given or refused answer, advice on
a refusal, whether it is a child protection concern, the safeguarding lead, Early Help) was
never asked: it stays empty, a draft asks it before it can be sent, and the officer's pages
show it as not answered.
"""

from django.db import migrations
from django.db.models import F


def forwards(apps, schema_editor):
    Contact = apps.get_model("requests", "Contact")
    Contact.objects.filter(consent="not_sought", child_consent="").update(
        child_consent="not_sought", child_consent_details=F("consent_not_sought_details")
    )


class Migration(migrations.Migration):
    dependencies = [("requests", "0006_rfs_consent_needs_early_help")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop, elidable=False)]
