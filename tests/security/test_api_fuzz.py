"""Property-based fuzzing of every operation in the OpenAPI schema: no input gives a 500, and a
refused input changes nothing.

The operations are read from the schema drf-spectacular generates, so a new endpoint is fuzzed
without editing this file. Bodies mix the schema's own property names with arbitrary ones, and
values of every JSON type (Unicode, huge numbers, nested structures, oversized strings).
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import quote

import pytest
from django.apps import apps
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from referral_portal.audit.models import AuditEvent

FUZZ_EXAMPLES = 20


def operations() -> list[tuple[str, str, list[str], list[str]]]:
    from django.conf import settings
    from drf_spectacular.generators import SchemaGenerator
    from drf_spectacular.settings import patched_settings

    # The operations are listed while pytest collects, when the database is closed to tests:
    # leave out the hook that reads the authorities' slugs (the fuzz needs names, not enums).
    hooks = [
        hook
        for hook in settings.SPECTACULAR_SETTINGS["POSTPROCESSING_HOOKS"]
        if not hook.endswith("authority_enum_hook")
    ]
    with patched_settings({"POSTPROCESSING_HOOKS": hooks}):
        schema = SchemaGenerator().get_schema(request=None, public=True)
    components = schema.get("components", {}).get("schemas", {})
    found = []
    for path, ops in schema["paths"].items():
        for method, op in ops.items():
            params = [
                p["name"] for p in op.get("parameters", []) if p.get("in") in {"query", "header"}
            ]
            body = (
                op.get("requestBody", {})
                .get("content", {})
                .get("application/json", {})
                .get("schema", {})
            )
            ref = body.get("$ref", "").rsplit("/", 1)[-1]
            props = list(components.get(ref, {}).get("properties", {}))
            found.append((method.upper(), path, params, props))
    return found


OPERATIONS = operations()

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=40),
    st.text(min_size=5000, max_size=12000, alphabet="ab\u00e9\U0001f600<>\"'&;"),
    st.sampled_from(
        [
            "birmingham",
            "worcestershire",
            "1",
            "-1",
            "2026-02-30",
            "9999-12-31T25:61",
            "' OR 1=1 --",
            "\x00",
        ]
    ),
)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=10,
)


def bodies(props: list[str]) -> st.SearchStrategy[Any]:
    keys = st.sampled_from(props) if props else st.text(max_size=10)
    return st.one_of(
        st.dictionaries(keys | st.text(max_size=10), values, max_size=len(props) + 3),
        values,
    )


def counts() -> dict[str, int]:
    """Rows in every table of ours, audit trail aside (refusals may be audited)."""
    ours = {
        "accounts",
        "contacts",
        "thresholds",
        "requests",
        "information",
        "triage",
        "letters",
        "dashboard",
        "rights",
    }
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.app_label in ours and model is not AuditEvent
    }


@pytest.mark.parametrize(
    ("method", "path", "params", "props"), OPERATIONS, ids=[f"{m} {p}" for m, p, _, _ in OPERATIONS]
)
@pytest.mark.parametrize("persona", ["anonymous", "alice", "olga"])
def test_no_input_gives_a_500_and_refused_input_changes_nothing(
    client, people, persona, method, path, params, props
):
    from tests.factories import ContactFactory

    ContactFactory(created_by=people.alice)
    if persona != "anonymous":
        client.force_login(getattr(people, persona))

    @settings(
        max_examples=FUZZ_EXAMPLES,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        database=None,
    )
    @given(
        ids=st.one_of(
            st.integers(min_value=-5, max_value=10**12), st.text(min_size=1, max_size=12)
        ),
        query=st.dictionaries(
            st.sampled_from(params) if params else st.just("q"), st.text(max_size=60), max_size=3
        ),
        body=bodies(props),
    )
    def run(ids: Any, query: dict[str, str], body: Any) -> None:
        segment = quote(str(ids), safe="") or "0"
        url = re.sub(r"\{[^}]+\}", lambda _: segment, path)
        before = counts()
        headers = {
            f"HTTP_{k.upper().replace('-', '_')}": v for k, v in query.items() if k[:1].isupper()
        }
        query = {k: v for k, v in query.items() if not k[:1].isupper()}
        if method == "GET":
            response = client.get(url, query, **headers)
        else:
            response = client.generic(
                method,
                url + ("?" + "&".join(f"{k}=1" for k in query) if query else ""),
                json.dumps(body),
                content_type="application/json",
                **headers,
            )
        assert response.status_code < 500, (method, url, body, response.content[:300])
        if response.status_code >= 400:
            assert counts() == before, (method, url, body)

    run()
