"""Information requests in each state, for tests (fictional children only)."""

from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone

from requests.information.models import InformationRequest, Status
from tests.factories import UserFactory


class InformationRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InformationRequest
        skip_postgeneration_save = True

    created_by = factory.SubFactory(UserFactory)
    agency = factory.LazyAttribute(lambda o: o.created_by.agency)
    authority = factory.LazyAttribute(lambda o: o.agency.authority)
    reference = factory.Sequence(lambda n: f"TST-IR-{n:06d}")
    level = 1
    status = Status.RECEIVED
    child_first_name = "Amelia"
    child_last_name = "Brightwater"
    child_date_of_birth = dt.date(2015, 3, 14)
    received_at = factory.LazyFunction(timezone.now)
    verification_email = factory.LazyAttribute(lambda o: o.created_by.email)
    verified_at = factory.LazyFunction(timezone.now)


class Level2WrittenConsentFactory(InformationRequestFactory):
    level = 2
    purpose = "Planning support for the child in school"
    consent = "written"
    consent_date = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=10))
    verified_at = None


class Level2VerbalConsentFactory(InformationRequestFactory):
    level = 2
    purpose = "Planning support for the child in school"
    consent = "verbal_confirmed"
    consent_date = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=10))
    consent_given_by = "Mother, Jo Brightwater"
    consent_recorded_by = "Designated safeguarding lead"
    verified_at = None


class ProbationOverrideFactory(InformationRequestFactory):
    level = 2
    purpose = "Risk assessment"
    consent = "not_sought"
    offence_concerns = factory.LazyFunction(lambda: ["domestic_abuse"])
    reason_needed = "licence_concern"
    consent_not_sought_reason = "Seeking consent would alert the person to our concern"
    safeguarding_confirmed = True
    verified_at = None


class Level3Factory(InformationRequestFactory):
    level = 3
    status = Status.ROUTED
    purpose = "Care proceedings"
    exemption = "care_proceedings"
    exemption_details = "Family court case FC-0001"
    verified_at = None


def give_information_requests(authority):
    """Give a test authority Birmingham's information-request procedure (the only authority
    whose sources publish one), as its administrator would enter it."""
    from referral_portal.procedures.models import Procedure
    from referral_portal.procedures.sources import PROCEDURES

    values = PROCEDURES["birmingham"]["information_requests"]
    procedure, _ = Procedure.objects.update_or_create(
        authority=authority, kind="information_requests", defaults=values
    )
    return procedure
