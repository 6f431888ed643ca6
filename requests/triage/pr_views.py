"""The front door's parental responsibility pages (issue 17 point 1): per person and per child,
on the contact's own people, with a way to add someone the referrer did not name.

What is recorded here decides who is sent an outcome letter (003 line 35), and the pages say so.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from referral_portal.accounts.decorators import role_required
from referral_portal.accounts.http import AuthenticatedHttpRequest
from referral_portal.accounts.models import Role
from referral_portal.errors import DomainError, show
from requests.models import Contact, Person
from requests.selectors import get_contact_for_user
from requests.triage import forms as triage_forms
from requests.triage import services
from requests.triage.models import Triage
from requests.triage.pr import pr_record
from requests.triage.states import TRIAGE, TriageAction

FRONT_DOOR = (Role.OFFICER, Role.MANAGER)
PURPOSE = (
    "What you record here decides who is sent an outcome letter: a letter goes to each person "
    "the front door confirms holds parental responsibility for at least one of the children, "
    "and names only their children. Nobody confirmed not to hold parental responsibility, or not "
    "yet checked, is sent one."
)


def _contact(request: AuthenticatedHttpRequest, pk: int) -> Contact:
    return get_contact_for_user(user=request.user, pk=pk, request=request)


def _may_record(request: AuthenticatedHttpRequest, contact: Contact) -> bool:
    from requests.triage.models import QueueEntry

    user: Any = request.user
    entry = QueueEntry.objects.filter(contact=contact).first()
    holds = entry is not None and entry.held_by_id == user.pk
    state = Triage.objects.filter(contact=contact).values_list("state", flat=True).first() or ""
    return (holds or user.role == Role.MANAGER) and TRIAGE.allows(state, TriageAction.RECORD)


@role_required(*FRONT_DOOR)
def pr_overview(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Who holds parental responsibility for which child: the referrer's word and the front
    door's confirmation, side by side."""
    contact = _contact(request, pk)
    return render(
        request,
        "triage/pr_overview.html",
        {
            "contact": contact,
            "record": pr_record(contact=contact),
            "purpose": PURPOSE,
            "may_record": _may_record(request, contact),
        },
    )


def _person(contact: Contact, person_id: int) -> Person:
    person = Person.objects.filter(contact=contact, pk=person_id).first()
    if person is None:
        raise Http404("No such person on this contact")
    return person


@role_required(*FRONT_DOOR)
def pr_person(request: AuthenticatedHttpRequest, pk: int, person_id: int) -> HttpResponse:
    """Record, per child, whether one person holds parental responsibility."""
    contact = _contact(request, pk)
    person = _person(contact, person_id)
    children = list(contact.children.all())
    entry = next(e for e in pr_record(contact=contact) if e.person.pk == person.pk)
    kwargs: dict[str, Any] = {
        "person": person,
        "children": children,
        "declared": {a.child.pk: a.declared_words for a in entry.answers if a.declared},
    }
    if request.method == "POST":
        form = triage_forms.PersonPRForm(request.POST, **kwargs)
        if form.is_valid():
            try:
                services.pr_check_save(
                    user=request.user,
                    contact=contact,
                    person_id=person.pk,
                    answers=form.cleaned_data["answers"],
                    how_checked=form.cleaned_data["how_checked"],
                    alleged_source_of_harm=form.cleaned_data["alleged_source_of_harm"],
                    request=request,
                )
            except DomainError as error:
                show(request, error, form)
            else:
                messages.success(request, f"Parental responsibility of {person} saved")
                return redirect(reverse("triage:pr_check", args=[contact.pk]))
    else:
        # Start from the front door's answer, else the referrer's declaration.
        initial: dict[str, Any] = {"alleged_source_of_harm": person.alleged_source_of_harm}
        for answer in entry.answers:
            value = answer.confirmed or answer.declared
            if value:
                initial[f"child_{answer.child.pk}"] = value
        form = triage_forms.PersonPRForm(initial=initial, **kwargs)
    return render(
        request,
        "triage/pr_person.html",
        {"form": form, "contact": contact, "person": person, "entry": entry, "purpose": PURPOSE},
    )


@role_required(*FRONT_DOOR)
def pr_person_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Add someone the referrer did not name, then record their parental responsibility."""
    contact = _contact(request, pk)
    if request.method == "POST":
        form = triage_forms.PersonAddForm(request.POST)
        if form.is_valid():
            try:
                person = services.person_add(
                    user=request.user, contact=contact, request=request, **form.cleaned_data
                )
            except DomainError as error:
                show(request, error, form)
            else:
                messages.success(
                    request, f"{person} added: now record their parental responsibility"
                )
                return redirect(reverse("triage:pr_person", args=[contact.pk, person.pk]))
    else:
        form = triage_forms.PersonAddForm()
    return render(
        request,
        "triage/form.html",
        {
            "form": form,
            "contact": contact,
            "title": "Add a person the referrer did not name",
            "intro": "For example a grandparent with a court order. Give how to reach them and "
            "their communication needs: if they hold parental responsibility, they are sent "
            "the outcome letter.",
            "button": "Add the person",
        },
    )
