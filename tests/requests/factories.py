"""Factories for Requests for Support, one per state: an empty draft, a complete draft, sent."""

from __future__ import annotations

import datetime as dt

import factory

from requests.models import (
    Child,
    ChildConsent,
    ConcernCategory,
    Consent,
    Contact,
    ContactStatus,
    DeclaredPR,
    ParentalResponsibility,
    Person,
)
from tests.factories import ContactFactory


class DraftFactory(ContactFactory):
    """A draft with nothing filled in yet."""

    status = ContactStatus.DRAFT
    reference = None
    submitted_at = None
    due_at = None


class CompleteDraftFactory(DraftFactory):
    """A draft with every section complete, ready to send (children and people added after)."""

    referrer_role = "Designated Safeguarding Lead"
    referrer_phone = "0121 496 0000"
    referrer_email = factory.LazyAttribute(lambda o: o.created_by.email)
    categories = factory.LazyFunction(lambda: [ConcernCategory.NEGLECT])
    past_harm = "Often arrives hungry and in the same clothes."
    future_danger = "Health will suffer if nothing changes."
    complicating_factors = ""
    existing_strengths = "A loving grandmother nearby."
    existing_safety = "Grandmother gives breakfast twice a week."
    needs_to_happen = "An assessment of the family's needs."
    safety_scale = 4
    safety_scale_reason = "Some safety from the grandmother."
    child_words = "I am hungry at school."
    child_heard_how = "Told the class teacher."
    level_of_need = 4
    level_reason = "Persistent neglect indicators."
    consent = Consent.GIVEN
    child_consent = ChildConsent.GIVEN
    discussed_with_lead = "yes"
    early_help_in_place = "no"

    @factory.post_generation
    def family(obj, create, extracted, **kwargs):  # noqa: N805
        if not create or extracted is False:
            return
        child = Child.objects.create(
            contact=obj,
            first_name="Ada",
            last_name="Testchild",
            date_of_birth=dt.date(2016, 5, 4),
            sex="female",
            address="1 Example Road",
            match_key="ada|testchild|2016-05-04",
        )
        person = Person.objects.create(
            contact=obj,
            full_name="Grace Testparent",
            relationship="Mother",
            parental_responsibility=ParentalResponsibility.YES,
        )
        DeclaredPR.objects.create(
            person=person, child=child, parental_responsibility=ParentalResponsibility.YES
        )


class SentFactory(ContactFactory):
    status = ContactStatus.RECEIVED


__all__ = ["CompleteDraftFactory", "Contact", "DraftFactory", "SentFactory"]
