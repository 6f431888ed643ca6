"""``referral_portal.rows``: instances read from raw rows are the ORM's instances, on
PostgreSQL and SQLite alike (dates, booleans, JSON, foreign keys)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection

from referral_portal import rows
from requests.models import Contact
from tests.requests.factories import SentFactory

pytestmark = pytest.mark.django_db


def test_an_instance_from_a_raw_row_equals_the_orms(people):
    sent = SentFactory(
        created_by=people.alice,
        immediate_danger=True,
        categories=["neglect", "emotional"],
        pending_input={"worries": {"past_harm": "typed"}},
        submitted_at=dt.datetime(2026, 11, 23, 10, 30, tzinfo=dt.UTC),
        level_of_need=3,
    )
    table = connection.ops.quote_name(Contact._meta.db_table)
    with connection.cursor() as cursor:
        rows.execute(
            cursor,
            f"SELECT {rows.select_columns(Contact, 'c')} FROM {table} c WHERE c.id = %s",  # noqa: S608
            [sent.pk],
        )
        raw = cursor.fetchone()
    assert len(raw) == rows.width(Contact)
    read = rows.from_row(Contact, raw)
    orm = Contact.objects.get(pk=sent.pk)
    for field in Contact._meta.concrete_fields:
        assert getattr(read, field.attname) == getattr(orm, field.attname), field.name
    assert read.immediate_danger is True and read.categories == ["neglect", "emotional"]
    assert read.submitted_at == dt.datetime(2026, 11, 23, 10, 30, tzinfo=dt.UTC)
    assert not read._state.adding and read.authority.pk == sent.authority_id
