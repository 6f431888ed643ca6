"""The one domain error: the API answers it with its status and the one error shape; a page
whose view lets it through says what could not be done, never a 500."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages.storage.fallback import FallbackStorage
from django.test import RequestFactory
from rest_framework.exceptions import ValidationError

from referral_portal.api import exception_handler
from referral_portal.errors import Conflict, DomainError, DomainErrorMiddleware, show


def test_api_answers_a_domain_error_with_its_status_and_message():
    response = exception_handler(Conflict("This contact is already held"), {})
    assert response.status_code == 409
    assert response.data == {"error": "This contact is already held"}


def test_api_names_the_field_the_error_is_about():
    response = exception_handler(DomainError("Give the reason", field="reason"), {})
    assert response.status_code == 400
    assert response.data == {"error": "Give the reason", "field": "reason"}


def test_api_answers_drf_errors_in_the_same_shape():
    response = exception_handler(ValidationError("Enter a date"), {})
    assert response.status_code == 400


@pytest.mark.django_db
def test_a_page_that_lets_a_domain_error_through_says_what_could_not_be_done():
    request = RequestFactory().post("/triage/1/claim/", HTTP_REFERER="http://testserver/triage/1/")
    request.user = AnonymousUser()
    middleware = DomainErrorMiddleware(lambda r: None)
    response = middleware.process_exception(request, Conflict("This contact is already held"))
    assert response is not None and response.status_code == 409
    page = response.content.decode()
    assert "This could not be done" in page and "This contact is already held" in page
    assert 'href="http://testserver/triage/1/"' in page


def test_other_exceptions_are_left_to_django():
    request = RequestFactory().get("/")
    middleware = DomainErrorMiddleware(lambda r: None)
    assert middleware.process_exception(request, KeyError("x")) is None


def test_show_puts_the_message_beside_the_field_it_names_else_on_the_form():
    from django import forms

    class ReasonForm(forms.Form):
        reason = forms.CharField()

    request = RequestFactory().post("/")
    form = ReasonForm(data={"reason": "x"})
    form.is_valid()
    show(request, DomainError("Give a longer reason", field="reason"), form)
    show(request, DomainError("Claim this contact first", field="nope"), form)
    assert form.errors["reason"] == ["Give a longer reason"]
    assert form.non_field_errors() == ["Claim this contact first"]


def test_show_without_a_form_is_a_message_on_the_next_page():
    request = RequestFactory().post("/")
    request.session = {}
    storage = FallbackStorage(request)
    request._messages = storage
    show(request, DomainError("This letter has been sent"))
    assert [str(m) for m in storage] == ["This letter has been sent"]
