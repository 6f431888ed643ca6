"""The hand-off document carries parental responsibility per child: the front door's answer, or
else what the referrer declared for that child (issue 17 point 1)."""

from __future__ import annotations

import pytest
from django.utils import timezone

from requests.handoff import document
from requests.models import DeclaredPR, Person
from tests.triage.factories import claimed_contact

pytestmark = pytest.mark.django_db


def test_the_referrers_answer_for_each_child_until_the_front_door_checks_it(people):
    import jsonschema

    contact = claimed_contact(by=people.alice, officer=people.olga, children=2)
    first, second = contact.children.all()
    father = Person.objects.create(
        contact=contact,
        full_name="Tom Father",
        relationship="Father",
        parental_responsibility="yes",
    )
    DeclaredPR.objects.create(person=father, child=first, parental_responsibility="yes")
    DeclaredPR.objects.create(person=father, child=second, parental_responsibility="no")
    body = document.build(
        contact=contact,
        kind="decision.agreed",
        webhook_id="msg_test",
        sequence=1,
        occurred_at=timezone.now(),
        decision=None,
    )
    [person] = body["people"]
    assert person["parental_responsibility"] == [
        {"child": first.pk, "holds_pr": "yes", "confirmed_by_front_door": False},
        {"child": second.pk, "holds_pr": "no", "confirmed_by_front_door": False},
    ]
    jsonschema.Draft202012Validator(document.schema()).validate(body)
