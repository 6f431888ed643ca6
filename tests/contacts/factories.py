"""Factories of the contacts directory: a front door with weekday hours, out-of-hours, days."""

from __future__ import annotations

import datetime as dt

import factory

from contacts.models import Availability, OneOffDay, OpeningHours, Service, ServiceKind
from tests.factories import AuthorityFactory


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service
        skip_postgeneration_save = True

    authority = factory.SubFactory(AuthorityFactory)
    kind = ServiceKind.LADO
    name = factory.Sequence(lambda n: f"Test service {n}")
    short_name = ""
    phone = "01632 960000"  # Ofcom drama range: fictional
    availability = Availability.NOT_STATED
    source = "tests"


class FrontDoorFactory(ServiceFactory):
    """A front door open Monday to Friday 09:00 to 17:00."""

    kind = ServiceKind.FRONT_DOOR
    name = "Test Front Door"
    short_name = "Front Door"
    phone = "01632 960001"
    availability = Availability.HOURS

    @factory.post_generation
    def weekday_hours(obj: Service, create: bool, extracted: object, **kwargs: object) -> None:  # noqa: N805
        if create:
            for day in range(5):
                OpeningHours.objects.create(
                    service=obj, weekday=day, opens=dt.time(9), closes=dt.time(17)
                )


class OutOfHoursFactory(ServiceFactory):
    kind = ServiceKind.OUT_OF_HOURS
    name = "Test Emergency Duty Team"
    phone = "01632 960002"
    availability = Availability.WHEN_FRONT_DOOR_CLOSED


class OneOffDayFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OneOffDay

    service = factory.SubFactory(FrontDoorFactory)
    date = dt.date(2026, 12, 24)
    closed = False
    opens = dt.time(9)
    closes = dt.time(12)
    reason = "Christmas Eve"
