"""factory_boy factories: fictional authorities, agencies, people and contacts."""

from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone
from faker import Faker

from referral_portal.accounts.models import (
    Agency,
    AgencyDomain,
    AgencyType,
    Authority,
    Role,
    User,
    UserStatus,
)
from requests.models import Child, Contact, ContactStatus

PASSWORD = "correct-horse-battery-staple-42"
_fake = Faker("en_GB")


def _plain(text: str) -> str:
    # Tests compare names with page text: a Faker "O'Connor" would be escaped as O&#x27;Connor.
    # Escaping itself is tested on purpose with hostile names elsewhere.
    return text.replace("'", "")


class AuthorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Authority
        django_get_or_create = ("slug",)
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"authority-{n}")
    name = factory.Sequence(lambda n: f"Test Authority {n}")
    code = factory.Sequence(lambda n: f"T{n:03d}"[:5])
    front_door_name = "Children's Front Door"
    front_door_short_name = "Front Door"
    address = "1 Example Street\nExampletown\nEX1 1AA"

    @factory.post_generation
    def procedures(obj, create, extracted, **kwargs):  # noqa: N805
        """The portal's own standards as the demo authorities have them (a 24-hour response aim
        with its extension, outcome letters, manager agreement), as an administrator would
        enter them. ``AuthorityFactory(procedures=False)``: an authority with no procedure rows,
        so the portal promises none."""
        if not create or extracted is False:
            return
        from referral_portal.procedures.models import Procedure
        from referral_portal.procedures.sources import portal_standards

        for kind, values in portal_standards(obj.front_door_name).items():
            Procedure.objects.get_or_create(authority=obj, kind=kind, defaults=values)


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency
        skip_postgeneration_save = True

    authority = factory.SubFactory(AuthorityFactory)
    name = factory.Sequence(lambda n: f"Agency {n}")
    agency_type = AgencyType.SCHOOL
    domain = factory.RelatedFactory(
        "tests.factories.AgencyDomainFactory",
        factory_related_name="agency",
        domain=factory.LazyAttribute(
            lambda o: f"{o.factory_parent.name.lower().replace(' ', '')}.example.org"
        ),
    )


class AgencyDomainFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgencyDomain

    agency = factory.SubFactory(AgencyFactory)
    domain = factory.Sequence(lambda n: f"agency{n}.example.org")
    verified = True


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    full_name = factory.LazyFunction(lambda: _plain(_fake.name()))
    role = Role.PRACTITIONER
    status = UserStatus.ACTIVE
    agency = factory.Maybe(
        factory.LazyAttribute(lambda o: o.role in (Role.PRACTITIONER, Role.SAFEGUARDING_LEAD)),
        yes_declaration=factory.SubFactory(AgencyFactory),
        no_declaration=None,
    )
    authority = factory.LazyAttribute(
        lambda o: o.agency.authority if o.agency else AuthorityFactory()
    )
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            obj.save()


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact
        skip_postgeneration_save = True

    created_by = factory.SubFactory(UserFactory)
    agency = factory.LazyAttribute(lambda o: o.created_by.agency)
    authority = factory.LazyAttribute(lambda o: o.agency.authority)
    status = ContactStatus.RECEIVED
    reference = factory.Sequence(lambda n: f"TST-2026-{n:06d}")
    submitted_at = factory.LazyFunction(timezone.now)
    due_at = factory.LazyAttribute(lambda o: o.submitted_at + dt.timedelta(hours=24))


class ChildFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Child

    contact = factory.SubFactory(ContactFactory)
    first_name = factory.LazyFunction(lambda: _plain(_fake.first_name()))
    last_name = factory.LazyFunction(lambda: _plain(_fake.last_name()))
    date_of_birth = factory.Faker("date_of_birth", minimum_age=1, maximum_age=16)


def api_key_for(user: User) -> str:
    """An API key as the account page issues it, to a session past two-factor sign-in."""
    from referral_portal.accounts.api_tokens import api_token_issue

    return api_token_issue(user=user, name="tests", verified=True)
