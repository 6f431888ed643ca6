"""One of every kind of record, owned by alice's side of the "home" authority, for the
role-by-URL matrix: each URL is asked for by every persona against these records."""

from __future__ import annotations

import datetime as dt
import io
from types import SimpleNamespace
from typing import Any

from django.utils import timezone


def gathering_link_token(gathering: Any) -> str:
    from requests.gathering.services import link_token

    return link_token(gathering)


def build_world(people: Any) -> SimpleNamespace:
    from contacts.models import OneOffDay
    from referral_portal.accounts.models import Role, UserStatus
    from requests.attachments import attachment_store
    from requests.letters.services import letters_create_for_decision
    from requests.models import Attachment
    from requests.triage import services as triage
    from requests.triage.models import ApprovalKind, ExtensionReason
    from tests.contacts.factories import ServiceFactory
    from tests.factories import UserFactory
    from tests.information.factories import InformationRequestFactory, Level3Factory
    from tests.letters.factories import awaiting_with_family
    from tests.requests.factories import DraftFactory
    from tests.thresholds.factories import AssessmentFactory, small_framework
    from tests.triage.factories import claimed_contact

    draft = DraftFactory(created_by=people.alice)
    contact, decision = awaiting_with_family(people=people)
    child = contact.children.first()
    person = contact.people.first()
    stored = attachment_store(io.BytesIO(b"%PDF-1.4\n%fictional\n"))
    attachment = Attachment.objects.create(
        contact=draft,
        name="note.pdf",
        stored_name=stored,
        content_type="application/pdf",
        size=20,
        uploaded_by=people.alice,
    )
    claimed = claimed_contact(by=people.alice, officer=people.olga)
    approval = triage.approval_request_create(
        user=people.olga,
        contact=claimed,
        kind=ApprovalKind.EXTENSION,
        reason="MASH enquiries",
        extension_reason=ExtensionReason.values[0],
        new_due_at=timezone.now() + dt.timedelta(hours=48),
    )
    decided, agreed = awaiting_with_family(people=people)
    triage.decision_agree(
        manager=people.mike,
        decision=agreed,
        letters_reason="No family named in this fictional test",
    )
    letters = list(agreed.letters.all()) or letters_create_for_decision(decision=agreed)
    framework = small_framework(authority=people.home)
    assessment = AssessmentFactory(framework=framework, user=people.alice)
    service = ServiceFactory(authority=people.home)
    one_off = OneOffDay.objects.create(
        service=service, date=timezone.localdate() + dt.timedelta(days=30), closed=True
    )
    pending = UserFactory(
        email="pending@gmail.example.com",
        role=Role.PRACTITIONER,
        agency=people.school,
        status=UserStatus.AWAITING_APPROVAL,
    )
    gathering, gathering_file = _gathering(people, claimed)
    return SimpleNamespace(
        gathering=gathering,
        gathering_file=gathering_file,
        gathering_token=gathering_link_token(gathering),
        draft=draft,
        contact=contact,
        claimed=claimed,
        decision=decision,
        child=child,
        person=person,
        attachment=attachment,
        approval=approval,
        letter=letters[0] if letters else None,
        info1=InformationRequestFactory(created_by=people.alice, level=1),
        info3=Level3Factory(created_by=people.alice),
        assessment=assessment,
        framework=framework,
        one_off=one_off,
        pending=pending,
    )


def _gathering(people: Any, contact: Any) -> tuple[Any, Any]:
    """A request for information answered by the school's lead, with a file (issue 22)."""
    import io
    import secrets

    from requests import attachments as files
    from requests.gathering.models import GatheringAnswer, GatheringAttachment, GatheringRequest
    from tests.triage.factories import PNG

    gathering = GatheringRequest.objects.create(
        contact=contact,
        authority=contact.authority,
        agency=people.school,
        agency_type=people.school.agency_type,
        recipient_name=people.lena.full_name,
        recipient_email=people.lena.email,
        to_safeguarding_lead=True,
        questions=["Attendance?"],
        disclosed=["child_name"],
        basis="consent",
        reply_by=timezone.now() + dt.timedelta(hours=4),
        sent_by=people.olga,
        link_nonce=secrets.token_hex(16),
    )
    answer = GatheringAnswer.objects.create(
        request=gathering,
        answers=[{"question": "Attendance?", "kind": "answer", "text": "Good"}],
        answered_by_name="Lena",
        answered_by_email=people.lena.email,
        verified_how="Signed in",
    )
    attachment = GatheringAttachment.objects.create(
        request=gathering,
        answer=answer,
        name="chart.png",
        stored_name=files.attachment_store(io.BytesIO(PNG)),
        content_type="image/png",
        size=len(PNG),
        uploaded_by_email=people.lena.email,
    )
    return gathering, attachment
