"""Factories for the levels-of-need app: a small framework of one's own, and assessments."""

from __future__ import annotations

import datetime as dt

import factory

from tests.factories import AuthorityFactory
from thresholds.models import Area, Assessment, Domain, Framework, Indicator, Level


class FrameworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Framework
        skip_postgeneration_save = True

    authority = factory.SubFactory(AuthorityFactory)
    title = "Test levels of need"
    version = factory.Sequence(lambda n: f"test-{n}")
    source = "tests"
    published = dt.date(2020, 1, 1)
    consent_guidance = "Seek consent first."
    equality_guidance = "Meet communication needs."
    is_current = True


class LevelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Level

    framework = factory.SubFactory(FrameworkFactory)
    number = 1
    title = factory.LazyAttribute(lambda o: f"Level {o.number} title")
    meaning = "What it means"
    pathway = factory.LazyAttribute(lambda o: f"Pathway of level {o.number}")
    consent = factory.LazyAttribute(lambda o: f"Consent at level {o.number}")


class DomainFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Domain

    framework = factory.SubFactory(FrameworkFactory)
    name = factory.Sequence(lambda n: f"Domain {n}")


class AreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Area

    domain = factory.SubFactory(DomainFactory)
    name = factory.Sequence(lambda n: f"Area {n}")


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    area = factory.SubFactory(AreaFactory)
    level = 2
    text = factory.Sequence(lambda n: f"Example of need {n}")


def small_framework(authority=None) -> Framework:
    """A framework with four levels, one domain, one area and one indicator per level."""
    framework = FrameworkFactory(**({"authority": authority} if authority else {}))
    for number in (1, 2, 3, 4):
        LevelFactory(framework=framework, number=number)
    area = AreaFactory(domain=DomainFactory(framework=framework))
    for number in (1, 2, 3, 4):
        IndicatorFactory(area=area, level=number, text=f"Small example at level {number}")
    return framework


class AssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assessment
        skip_postgeneration_save = True

    framework = factory.SubFactory(FrameworkFactory)
    level = 2
