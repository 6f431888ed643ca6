"""Outcome letters in flight under the letters' own sender, before the outbox (issue 24).

That sender kept its queue on the letter: waiting (``pending``) or claimed (``sending``). Now a
letter's email is an outbox row written when the letter becomes due, so a letter left waiting or
claimed at deploy, with no email in the outbox, would never be sent. Each gets its email: a
waiting one as any due letter; a claimed one (its sender may have delivered it before the
deploy stopped it) flagged "possibly sent twice", and both with the Message-ID the old sender
had given it, if any, so a second copy can be recognised.
"""

from django.db import migrations
from django.db.models import CharField, Exists, OuterRef, Value
from django.db.models.functions import Cast, Concat


def letters_to_the_outbox(apps, schema_editor):
    from requests.letters.emails import letters_email

    letter_model = apps.get_model("letters", "Letter")
    email_model = apps.get_model("outbox", "Email")
    in_outbox = email_model.objects.filter(
        key=Concat(Value("letter:"), Cast(OuterRef("pk"), CharField()))
    )
    stranded = list(
        letter_model.objects.filter(status__in=["pending", "sending"])
        .exclude(Exists(in_outbox))
        .values_list("pk", "status", "message_id")
    )
    if not stranded:
        return
    letter_model.objects.filter(pk__in=[pk for pk, _, _ in stranded]).update(status="pending")
    letters_email(letter_ids=[pk for pk, _, _ in stranded])
    for pk, status, message_id in stranded:
        fields = {"maybe_duplicate": status == "sending"}
        if message_id and not email_model.objects.filter(message_id=message_id).exists():
            fields["message_id"] = message_id
        email_model.objects.filter(key=f"letter:{pk}").update(**fields)


class Migration(migrations.Migration):
    dependencies = [
        ("letters", "0003_no_invented_authority_addresses"),
        ("outbox", "0001_email_outbox"),
    ]

    operations = [migrations.RunPython(letters_to_the_outbox, migrations.RunPython.noop)]
