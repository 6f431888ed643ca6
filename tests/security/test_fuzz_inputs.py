"""Property-based fuzzing beyond the API's bodies (security review L1): cookies, every path
parameter of every page, and the Django admin's lists and forms. No input gives a 500.

The URL patterns are read from the resolver, so a new page is fuzzed without editing this
file. ``FUZZED`` counts the requests made, for docs/security.md."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

EXAMPLES = 12
FUZZED: list[int] = []

nasty_text = st.one_of(
    st.text(max_size=30),
    st.sampled_from(
        [
            "\x00",
            '"\\000"',
            "\ud800",
            "9" * 80,
            "-1",
            "0",
            "%00",
            "../../etc/passwd",
            "home\x00",
            "<script>",
            "\u202e",
            "a" * 3000,
        ]
    ),
)
path_values = st.one_of(
    st.integers(min_value=-(10**3), max_value=10**80).map(str),
    nasty_text.filter(lambda s: s not in {"", ".", ".."}),
)


def _routes(patterns: Any = None, prefix: str = "") -> Iterator[str]:
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        route = str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            if route.startswith("admin/"):
                continue  # fuzzed below, as the admin
            yield from _routes(pattern.url_patterns, prefix + route)
        elif isinstance(pattern, URLPattern) and "<" in route:
            yield prefix + route


ROUTES = sorted(set(_routes()))


def _fill(route: str, value: str) -> str:
    # As a browser would send it: UTF-8, percent-encoded (a lone surrogate as its raw bytes).
    encoded = quote(value.encode("utf-8", "surrogatepass"), safe="") or "0"
    return "/" + re.sub(r"<(?:\w+:)?\w+>", lambda _: encoded, route)


def test_every_page_with_a_path_parameter_was_found():
    assert len(ROUTES) > 30
    assert any("requests-for-support" in r for r in ROUTES)


@pytest.mark.parametrize("persona", ["anonymous", "alice", "olga", "mike"])
def test_no_path_parameter_gives_a_500(client, people, persona):
    if persona != "anonymous":
        client.force_login(getattr(people, persona))

    @settings(
        max_examples=EXAMPLES * 3,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        database=None,
    )
    @given(route=st.sampled_from(ROUTES), value=path_values, post=st.booleans())
    def run(route: str, value: str, post: bool) -> None:
        url = _fill(route, value)
        response = client.post(url, {}) if post else client.get(url)
        FUZZED.append(1)
        assert response.status_code < 500, (url, response.status_code)

    run()


def test_no_cookie_gives_a_500(client, people):
    pages = ["/", "/contacts/", "/thresholds/", "/accounts/sign-in/", "/authority/"]

    @settings(
        max_examples=EXAMPLES * 4,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        database=None,
    )
    @given(
        name=st.sampled_from(["portal_authority", "sessionid", "csrftoken", "messages", "x"]),
        value=nasty_text,
        page=st.sampled_from(pages),
        signed_in=st.booleans(),
    )
    def run(name: str, value: str, page: str, signed_in: bool) -> None:
        client.logout()
        if signed_in:
            client.force_login(people.alice)
        raw = value.encode("utf-8", "surrogatepass").decode("latin-1")
        quoted = '"' + raw.replace("\\", "\\\\").replace('"', '\\"') + '"'
        response = client.get(page, HTTP_COOKIE=f"{name}={quoted}")
        FUZZED.append(1)
        assert response.status_code < 500, (page, name, value)

    run()


@pytest.fixture
def administrator(people):
    from django.contrib.auth.models import Permission

    adam = people.adam
    adam.is_staff = True
    adam.save()
    adam.user_permissions.set(Permission.objects.all())
    return adam


@pytest.mark.parametrize("who", ["adam", "root"])
def test_no_admin_list_or_object_address_gives_a_500(client, people, administrator, who):
    from django.contrib import admin

    from referral_portal.accounts.models import User

    if who == "root":
        client.force_login(User.objects.create_superuser("root@platform.example.org", "x" * 20))
    else:
        client.force_login(administrator)
    models = [f"/admin/{m._meta.app_label}/{m._meta.model_name}/" for m in admin.site._registry]

    @settings(
        max_examples=EXAMPLES * 4,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        database=None,
    )
    @given(
        base=st.sampled_from(models),
        key=st.sampled_from(["q", "o", "p", "authority__id__exact", "all", "_changelist_filters"]),
        value=nasty_text,
        obj=st.one_of(st.none(), path_values),
        post=st.booleans(),
    )
    def run(base: str, key: str, value: str, obj: str | None, post: bool) -> None:
        def encoded(text: str) -> str:
            return quote(text.encode("utf-8", "surrogatepass"), safe="")

        form = f"{key}={encoded(value)}"
        if obj is None:
            response = client.get(f"{base}?{form}")
        else:
            url = f"{base}{encoded(obj) or '0'}/change/"
            response = (
                client.post(url, form, content_type="application/x-www-form-urlencoded")
                if post
                else client.get(url)
            )
        FUZZED.append(1)
        assert response.status_code < 500, (base, key, value, obj)

    run()
