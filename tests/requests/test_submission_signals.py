"""``rows.write`` saves without ``Model.save()``, so it sends no signals: no model it writes may
have a receiver, or that receiver would silently miss every submission (issue 16)."""

from __future__ import annotations

import pytest
from django.db.models import signals

from referral_portal import rows
from requests.services import contact_submit
from tests.requests.factories import CompleteDraftFactory

pytestmark = pytest.mark.django_db

SAVE_SIGNALS = {
    "pre_init": signals.pre_init,
    "post_init": signals.post_init,
    "pre_save": signals.pre_save,
    "post_save": signals.post_save,
}


def test_no_model_the_submission_writes_has_signal_receivers(people, monkeypatch):
    written: set[type] = set()
    write = rows.write

    def recording(**kwargs):
        obj, _ = kwargs["update"]
        written.add(type(obj))
        written.update(type(new) for new in kwargs.get("inserts", ()))
        if kwargs.get("many") is not None:
            written.add(kwargs["many"][0])
        return write(**kwargs)

    monkeypatch.setattr(rows, "write", recording)
    draft = CompleteDraftFactory(created_by=people.alice)
    contact_submit(contact_id=draft.pk, user=people.alice)

    labels = {model._meta.label for model in written}
    assert {"requests.Contact", "triage.Triage", "triage.QueueEntry"} <= labels
    listened = sorted(
        f"{model._meta.label} {name}"
        for model in written
        for name, signal in SAVE_SIGNALS.items()
        if signal.has_listeners(model)
    )
    assert listened == [], (
        "rows.write sends no signals; these models it writes have receivers that would never "
        f"run for a submission: {listened}. Call the owning app's function from the service "
        "instead (see referral_portal/rows.py)."
    )
