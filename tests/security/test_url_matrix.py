"""The role-by-URL matrix: every URL pattern in the project, taken from the URL resolver, asked
for (GET) by every kind of user against records of their own and of others.

A URL without an entry here fails `test_every_url_has_an_entry`, so a new page cannot be added
without deciding who may see it. Expected answers: 200 (shown), 302 (to sign-in, or onward),
403 (signed in, wrong role), 404 (a record the user may not know exists), 405 (a POST-only
action asked for with GET: nothing happens), 400 (a link that needs more, e.g. a bad token).

Sessions here are fully signed in, two-factor included: enforcement stays on.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.security.world import build_world

PERSONAS = ["anon", "alice", "bob", "lena", "olga", "otto", "mike", "dora", "adam"]
W = Any  # the world


def walk(resolver: URLResolver | None = None, namespace: str = "") -> Iterator[str]:
    """Every named URL pattern in the project; the admin site counts as one entry."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                yield "admin:index"
                continue
            inner = namespace + (f"{pattern.namespace}:" if pattern.namespace else "")
            yield from walk(pattern, inner)
        elif isinstance(pattern, URLPattern):
            yield namespace + (pattern.name or f"<unnamed {pattern.pattern}>")


def expect(spec: str) -> dict[str, int]:
    """ "anon=302 alice=200 *=403" -> a status per persona ("*" for the rest)."""
    parts = dict(item.split("=") for item in spec.split())
    default = parts.pop("*", None)
    table = {p: int(parts.get(p, default or 0)) for p in PERSONAS}
    assert all(table.values()), f"incomplete spec {spec!r}"
    return table


PUBLIC = "*=200"
SIGNED_IN = "anon=302 *=200"
POST_ONLY = "anon=302 *=405"

# url name -> expected answers. Recorded with MATRIX_RECORD=1, then read and checked by a
# person: each line is a decision about who may see what.
MATRIX: dict[str, str] = {
    "accounts:confirm_email": "*=400",
    "accounts:confirmation_resend": "*=200",
    "accounts:keep_alive": "anon=302 *=204",
    "accounts:login": "anon=200 *=302",
    "accounts:logout": "*=405",
    "accounts:sign_out_everywhere": "anon=302 *=405",
    "accounts:password_reset": "*=200",
    "accounts:password_reset_complete": "*=200",
    "accounts:password_reset_confirm": "*=200",
    "accounts:password_reset_done": "*=200",
    "accounts:people": "anon=302 mike=200 adam=200 *=403",
    "accounts:people_add": "anon=302 adam=200 *=403",
    "accounts:people_deactivate": "anon=302 adam=405 *=403",
    "accounts:profile": "anon=302 *=200",
    "accounts:api_token_create": "anon=302 *=405",
    "accounts:api_token_revoke": "anon=302 *=405",
    "accounts:people_unlock": "anon=302 mike=405 adam=405 *=403",
    "accounts:unlock": "*=400",
    "accounts:register": "*=200",
    "accounts:register_start": "*=200",
    "accounts:registration_approve": "anon=302 adam=405 *=403",
    "accounts:registration_refuse": "anon=302 adam=200 *=403",
    "accounts:registrations": "anon=302 adam=200 *=403",
    "accounts:two_factor_reset": "anon=302 mike=200 adam=200 *=403",
    "accounts:two_factor_setup": "anon=302 *=200",
    "accounts:two_factor_verify": "anon=302 *=200",
    "admin:index": "*=302",
    "outbox:failed": "anon=302 olga=200 otto=200 mike=200 adam=200 *=403",
    "outbox:resend": "anon=302 *=405",
    "handoff:endpoints": "anon=302 adam=200 *=403",
    "handoff:endpoint_add": "anon=302 adam=200 *=403",
    "handoff:endpoint_edit": "anon=302 adam=404 *=403",
    "handoff:endpoint_rotate": "anon=302 adam=405 *=403",
    "handoff:failed": "anon=302 olga=200 otto=200 mike=200 *=403",
    "handoff:resend": "anon=302 olga=405 otto=405 mike=405 *=403",
    "handoff-feed": "*=403",
    "handoff-receipt": "anon=403 *=405",
    "handoff-schema": "*=200",
    "accessibility": "*=200",
    "api-docs": "*=200",
    "api-schema": "*=200",
    "audit:trail": "anon=302 mike=200 *=403",
    "choose_authority": "*=200",
    "contact": "*=200",
    "cookies": "*=200",
    "contacts-list": "*=400",
    "contacts-now": "*=400",
    "contacts:directory": "anon=302 *=200",
    "contacts:hours_change": "anon=302 mike=200 adam=200 *=403",
    "contacts:hours_change_remove": "anon=302 mike=405 adam=405 *=403",
    "dashboard-api": "mike=400 *=403",
    "dashboard:export": "anon=302 olga=200 otto=200 mike=200 *=403",
    "dashboard:index": "anon=302 olga=200 otto=200 mike=200 *=403",
    "healthz": "*=200",
    "home": "*=200",
    "privacy": "*=200",
    "information-check": "*=405",
    "information-create": "anon=403 *=405",
    "information-detail": "anon=403 bob=404 otto=404 dora=404 adam=404 *=200",
    "information-verify": "anon=403 *=405",
    "information:answer": "anon=302 olga=200 otto=404 mike=200 dora=404 *=403",
    "information:claim": "*=405",
    "information:detail": "anon=302 bob=404 otto=404 dora=404 adam=404 *=200",
    "information:disclosure_queue": "anon=302 dora=200 *=403",
    "information:evidence": "anon=302 *=404",
    "information:log": "anon=302 mike=200 *=403",
    "information:mine": "anon=302 alice=200 bob=200 lena=200 *=403",
    "information:new": "anon=302 alice=200 bob=200 lena=200 *=403",
    "information:queue": "anon=302 olga=200 otto=200 mike=200 *=403",
    "information:start": "anon=302 alice=200 bob=200 lena=200 *=403",
    "information:verify": "anon=302 alice=302 bob=404 lena=404 *=403",
    "letters-api-contact": "anon=403 olga=200 mike=200 *=404",
    "letters:letter_pdf": "anon=302 olga=200 otto=404 mike=200 *=403",
    "letters:mark_posted": "anon=302 olga=302 otto=404 mike=302 *=403",
    "letters:preview": "anon=302 olga=200 otto=404 mike=200 *=403",
    "letters:print_all": "anon=302 olga=302 otto=302 mike=302 *=403",
    "letters:recipients": "anon=302 olga=200 otto=404 mike=200 *=403",
    "letters:resend": "*=405",
    "letters:to_post": "anon=302 olga=200 otto=200 mike=200 *=403",
    "requests-for-support-create": "anon=401 *=405",
    "requests:agency": "anon=302 lena=200 *=403",
    "requests:attachment_download": "anon=302 alice=200 *=404",
    "requests:attachment_remove": "anon=302 alice=405 bob=405 lena=405 *=403",
    "requests:attachments": "anon=302 alice=200 bob=404 lena=404 *=403",
    "requests:check": "anon=302 alice=200 bob=404 lena=404 *=403",
    "requests:child_add": "anon=302 alice=200 bob=404 lena=404 *=403",
    "requests:child_edit": "anon=302 alice=302 bob=404 lena=404 *=403",
    "requests:child_remove": "anon=302 alice=405 bob=405 lena=405 *=403",
    "requests:children": "anon=302 alice=200 bob=404 lena=404 *=403",
    "requests:danger": "anon=302 alice=200 bob=404 lena=404 *=403",
    "requests:draft_delete": "anon=302 alice=200 bob=404 lena=404 *=403",
    "requests:drafts": "anon=302 alice=200 bob=200 lena=200 *=403",
    "requests:early_help": "anon=302 alice=302 bob=404 lena=404 *=403",
    "requests:hidden": "*=200",
    "requests:level": "anon=302 alice=200 bob=404 lena=404 *=403",
    "requests:mine": "anon=302 alice=200 bob=200 lena=200 *=403",
    "requests:people": "anon=302 alice=200 bob=404 lena=404 *=403",
    "requests:person_add": "anon=302 alice=200 bob=404 lena=404 *=403",
    "requests:person_edit": "anon=302 alice=302 bob=404 lena=404 *=403",
    "requests:person_remove": "anon=302 alice=405 bob=405 lena=405 *=403",
    "requests:prevent": "anon=302 alice=200 bob=404 lena=404 *=403",
    "requests:section": "anon=302 alice=200 bob=404 lena=404 *=403",
    "requests:sent": "anon=302 alice=200 bob=404 lena=200 *=403",
    "requests:start": "anon=302 alice=200 bob=200 lena=200 *=403",
    "requests:status": "anon=302 bob=404 otto=404 dora=404 adam=404 *=200",
    "requests:task_list": "anon=302 alice=200 bob=404 lena=404 *=403",
    "rights:subject_access": "anon=302 mike=200 *=403",
    "procedures:index": "anon=302 adam=200 *=403",
    "procedures:edit": "anon=302 adam=200 *=403",
    "security_txt": "*=200",
    "thresholds-assess": "*=405",
    "thresholds-indicators": "*=400",
    "thresholds:assess": "*=200",
    "thresholds:guide": "*=200",
    "thresholds:handoff": "anon=302 alice=302 *=404",
    "thresholds:result": "alice=200 *=404",
    "thresholds:save": "*=405",
    "thresholds:saved": "anon=302 *=200",
    "thresholds:start": "*=200",
    "triage-api-claim": "anon=403 *=405",
    "triage-api-decision": "anon=403 *=405",
    "triage-api-queue": "olga=200 otto=200 mike=200 *=403",
    "gathering-api-answer": "anon=403 *=405",
    "gathering-api-list": "alice=200 bob=200 lena=200 *=403",
    "gathering:answer": "*=200",
    "gathering:ask": "anon=302 olga=200 otto=404 mike=200 *=403",
    "gathering:close": "anon=302 olga=200 otto=404 mike=200 *=403",
    "gathering:code": "*=200",
    "gathering:disclosure_log": "anon=302 mike=200 *=403",
    "gathering:file": "anon=302 olga=200 otto=404 mike=200 *=403",
    "gathering:pass_on": "lena=200 *=302",
    "triage:approval_decide": "anon=302 mike=200 *=403",
    "triage:approvals": "anon=302 mike=200 *=403",
    "triage:claim": "*=405",
    "triage:decision": "anon=302 olga=200 otto=404 mike=200 *=403",
    "triage:decision_review": "anon=302 mike=200 *=403",
    # The world's contact has no further enquiries open: not found for the front door.
    "triage:enquiries": "anon=302 olga=404 otto=404 mike=404 *=403",
    "triage:enquiries_open": "anon=302 olga=200 otto=200 mike=200 *=403",
    "triage:extension": "anon=302 olga=200 otto=404 mike=200 *=403",
    "triage:gathering": "anon=302 olga=200 otto=404 mike=200 *=403",
    "triage:override": "anon=302 olga=200 otto=404 mike=200 *=403",
    "triage:pr_check": "anon=302 olga=200 otto=404 mike=200 *=403",
    "triage:pr_person": "anon=302 olga=200 otto=404 mike=200 *=403",
    "triage:pr_person_add": "anon=302 olga=200 otto=404 mike=200 *=403",
    "triage:professional": "anon=302 olga=200 otto=404 mike=200 *=403",
    "triage:queue": "anon=302 olga=200 otto=200 mike=200 *=403",
    "triage:reassign": "anon=302 mike=200 *=403",
    "triage:record": "anon=302 olga=200 otto=404 mike=200 *=403",
    "triage:release": "*=405",
    "triage:take_next": "*=405",
}
RECORDED = os.environ.get("MATRIX_RECORD") == "1"

# Arguments of each URL with arguments, from the world; alice's side owns every record.
ARGS: dict[str, Callable[[W], list[Any]]] = {
    "procedures:edit": lambda w: ["information_requests"],
    "accounts:confirm_email": lambda w: ["MQ", "bad-token"],
    "accounts:password_reset_confirm": lambda w: ["MQ", "bad-token"],
    "accounts:people_deactivate": lambda w: [w.people.olga.pk],
    "outbox:resend": lambda w: [1],
    "handoff:endpoint_edit": lambda w: [999999],
    "handoff:endpoint_rotate": lambda w: [999999],
    "handoff:resend": lambda w: [999999],
    "handoff-receipt": lambda w: [w.contact.pk],
    "accounts:people_unlock": lambda w: [w.people.olga.pk],
    "accounts:api_token_revoke": lambda w: [1],
    "accounts:unlock": lambda w: ["bad-token"],
    "accounts:two_factor_reset": lambda w: [w.people.olga.pk],
    "accounts:register": lambda w: [w.people.home.slug],
    "accounts:registration_approve": lambda w: [w.pending.pk],
    "accounts:registration_refuse": lambda w: [w.pending.pk],
    "contacts:hours_change_remove": lambda w: [w.one_off.pk],
    "information-detail": lambda w: [w.info1.pk],
    "information-verify": lambda w: [w.info1.pk],
    "information:answer": lambda w: [w.info1.pk],
    "information:claim": lambda w: [w.info1.pk],
    "information:detail": lambda w: [w.info1.pk],
    "information:evidence": lambda w: [w.info1.pk],
    "information:new": lambda w: [1],
    "information:verify": lambda w: [w.info1.pk],
    "letters-api-contact": lambda w: [w.contact.pk],
    "letters:recipients": lambda w: [w.contact.pk],
    "letters:preview": lambda w: [w.contact.pk, "referrer"],
    "letters:letter_pdf": lambda w: [w.letter.pk],
    "letters:mark_posted": lambda w: [w.letter.pk],
    "letters:resend": lambda w: [w.letter.pk],
    "requests:attachment_download": lambda w: [w.draft.pk, w.attachment.pk],
    "requests:attachment_remove": lambda w: [w.draft.pk, w.attachment.pk],
    "requests:child_edit": lambda w: [w.contact.pk, w.child.pk],
    "requests:child_remove": lambda w: [w.contact.pk, w.child.pk],
    "requests:person_edit": lambda w: [w.contact.pk, w.person.pk],
    "requests:person_remove": lambda w: [w.contact.pk, w.person.pk],
    "requests:section": lambda w: [w.draft.pk, "referrer"],
    "thresholds:assess": lambda w: [w.people.home.slug],
    "thresholds:guide": lambda w: [w.people.home.slug],
    "thresholds:result": lambda w: [w.people.home.slug, w.assessment.public_id],
    "thresholds:save": lambda w: [w.people.home.slug, w.assessment.public_id],
    "thresholds:handoff": lambda w: [w.people.home.slug, w.assessment.public_id],
    "gathering-api-answer": lambda w: [w.gathering.pk],
    "gathering:answer": lambda w: [w.gathering_token],
    "gathering:ask": lambda w: [w.claimed.pk],
    "gathering:close": lambda w: [w.gathering.pk],
    "gathering:code": lambda w: [w.gathering_token],
    "gathering:file": lambda w: [w.gathering.pk, w.gathering_file.pk],
    "gathering:pass_on": lambda w: [w.gathering_token],
    "triage:approval_decide": lambda w: [w.approval.pk],
    "triage:decision_review": lambda w: [w.decision.pk],
    "triage:pr_person": lambda w: [w.contact.pk, w.person.pk],
    "triage-api-claim": lambda w: [w.contact.pk],
    "triage-api-decision": lambda w: [w.contact.pk],
}
# Pages of a draft: alice's draft; pages of a sent request: alice's sent contact.
for _name in (
    "check",
    "children",
    "child_add",
    "danger",
    "draft_delete",
    "early_help",
    "level",
    "people",
    "person_add",
    "prevent",
    "task_list",
    "attachments",
):
    ARGS.setdefault(f"requests:{_name}", lambda w: [w.draft.pk])
for _name in ("sent", "status"):
    ARGS.setdefault(f"requests:{_name}", lambda w: [w.contact.pk])
for _name in (
    "claim",
    "decision",
    "enquiries",
    "extension",
    "gathering",
    "override",
    "pr_check",
    "pr_person_add",
    "professional",
    "reassign",
    "record",
    "release",
):
    ARGS.setdefault(f"triage:{_name}", lambda w: [w.contact.pk])


def _client(name: str, people: Any) -> Client:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client = Client()
    if name == "anon":
        return client
    user = getattr(people, name)
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    device, _ = TOTPDevice.objects.get_or_create(
        user=user, confirmed=True, defaults={"name": "matrix"}
    )
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    return client


@pytest.fixture
def world(people: Any, two_factor_enforced: None) -> Any:
    from referral_portal import health

    world = build_world(people)
    world.people = people
    health.worker_heartbeat_record()  # a healthy portal: /healthz answers 200 for everyone
    return world


def test_every_url_has_an_entry() -> None:
    missing = sorted(set(walk()) - set(MATRIX))
    stale = sorted(set(MATRIX) - set(walk()))
    assert missing == [], f"URLs with no entry in the role-by-URL matrix: {missing}"
    assert stale == [], f"entries for URLs that no longer exist: {stale}"


def test_every_url_answers_each_persona_as_the_matrix_says(world: Any) -> None:
    from django.core.cache import cache

    clients = {name: _client(name, world.people) for name in PERSONAS}
    mismatches, recorded = [], {}
    for url_name in sorted(set(walk())):
        args = ARGS.get(url_name, lambda w: [])(world)
        path = reverse(url_name, args=args)
        expected = expect(MATRIX[url_name]) if url_name in MATRIX else {}
        actual = {}
        for persona in PERSONAS:
            cache.delete("throttle_anon_127.0.0.1")
            actual[persona] = clients[persona].get(path).status_code
        recorded[url_name] = actual
        if actual != expected:
            mismatches.append(f"{url_name} {path}: expected {expected}, got {actual}")
    if RECORDED:
        for url_name, actual in recorded.items():
            common = max(set(actual.values()), key=list(actual.values()).count)
            spec = " ".join(f"{p}={s}" for p, s in actual.items() if s != common) + f" *={common}"
            print(f'    "{url_name}": "{spec.strip()}",')
    assert mismatches == [], "\n".join(mismatches)
