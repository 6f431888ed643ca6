"""Letters pages: recipients and holds before agreeing, previews, the post list."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from referral_portal.accounts.decorators import role_required
from referral_portal.accounts.http import AuthenticatedHttpRequest
from referral_portal.accounts.models import Role
from referral_portal.audit.models import AuditAction
from referral_portal.audit.services import audit_record
from referral_portal.errors import DomainError, show
from requests.letters import rendering, selectors, services
from requests.letters.models import LetterStatus
from requests.models import Contact
from requests.selectors import get_contact_for_user

FRONT_DOOR = (Role.OFFICER, Role.MANAGER)


class HoldForm(forms.Form):
    recipient = forms.CharField(max_length=40, widget=forms.HiddenInput)
    held = forms.TypedChoiceField(
        choices=[("1", "Hold back"), ("0", "Release")],
        coerce=lambda value: value == "1",
        widget=forms.HiddenInput,
    )
    reason = forms.CharField(
        label="Reason",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("reason") or "").strip() and "reason" not in self.errors:
            # Say which reason (review D18), in the service's own words.
            self.add_error(
                "reason",
                "Give the reason for holding this letter back"
                if data.get("held")
                else "Give the reason it is now safe to send this letter",
            )
        return data


def _contact(request: AuthenticatedHttpRequest, pk: int) -> Contact:
    contact = get_contact_for_user(user=request.user, pk=pk, request=request)
    user: Any = request.user
    if user.authority_id != contact.authority_id:
        raise Http404("No such contact")
    return contact


def _pdf_response(pdf: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@role_required(*FRONT_DOOR)
def recipients(request: AuthenticatedHttpRequest, contact_id: int) -> HttpResponse:
    """Who will receive the outcome letter and where it goes; a manager holds any back."""
    contact = _contact(request, contact_id)
    user: Any = request.user
    failed_form: HoldForm | None = None
    if request.method == "POST":
        if user.role != Role.MANAGER:
            raise PermissionDenied
        form = HoldForm(request.POST)
        if form.is_valid():
            try:
                services.recipient_hold_set(
                    user=user,
                    contact=contact,
                    recipient_key=form.cleaned_data["recipient"],
                    held=form.cleaned_data["held"],
                    reason=form.cleaned_data["reason"],
                    request=request,
                )
            except DomainError as error:
                show(request, error)
            else:
                messages.success(
                    request,
                    "The letter is held back"
                    if form.cleaned_data["held"]
                    else "The letter will be sent",
                )
                return redirect("letters:recipients", contact_id=contact.pk)
        failed_form = form
    rows = selectors.recipient_rows(contact=contact)
    decision = selectors.decision_for_letters(contact=contact)
    failed_key = failed_form.data.get("recipient") if failed_form is not None else None
    for row in rows:
        key = row["recipient"].key
        if failed_form is not None and key == failed_key:
            row["form"] = failed_form
        else:
            row["form"] = HoldForm(
                initial={"recipient": key, "held": "0" if row["held_reason"] else "1"},
                prefix=None,
            )
    return render(
        request,
        "letters/recipients.html",
        {
            "contact": contact,
            "rows": rows,
            "decision": decision,
            "consent_rows": selectors.referrer_consent(contact=contact),
            "warnings": selectors.agreement_warnings(contact=contact, decision=decision)
            if decision is not None and decision.status == "awaiting_manager"
            else [],
            "to_post_count": selectors.letters_to_post_count(user=user),
            "is_manager": user.role == Role.MANAGER,
            "failed_form": failed_form,
            "failed_key": failed_key,
        },
    )


@role_required(*FRONT_DOOR)
def preview(request: AuthenticatedHttpRequest, contact_id: int, recipient_key: str) -> HttpResponse:
    """The letter a recipient will receive, as a PDF, before (or after) the manager agrees."""
    contact = _contact(request, contact_id)
    letter = selectors.preview_letter(contact=contact, recipient_key=recipient_key)
    if letter is None:
        raise Http404("No letter for that recipient")
    audit_record(
        actor=request.user,
        action=AuditAction.DOWNLOAD,
        object_type="requests.contact",
        object_id=contact.pk,
        authority_id=contact.authority_id,
        request=request,
        changes={"event": "letter_previewed", "recipient": recipient_key},
    )
    return _pdf_response(rendering.letter_pdf(letter), f"preview-{contact.reference}.pdf")


@role_required(*FRONT_DOOR)
def letter_pdf(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    letter = selectors.get_letter_for_user(user=request.user, pk=pk, request=request)
    return _pdf_response(rendering.letter_pdf(letter), f"letter-{letter.pk}.pdf")


@role_required(*FRONT_DOOR)
def to_post(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Business support's list of letters to print and post (no email address)."""
    letters = list(selectors.letters_to_post(user=request.user))
    audit_record(
        actor=request.user,
        action=AuditAction.LIST,
        object_type="letters.to_post",
        request=request,
        changes={"shown": [letter.pk for letter in letters]},
    )
    return render(request, "letters/to_post.html", {"letters": letters})


@role_required(*FRONT_DOOR)
def print_all(request: AuthenticatedHttpRequest) -> HttpResponse:
    letters = list(selectors.letters_to_post(user=request.user))
    if not letters:
        messages.info(request, "There are no letters to post")
        return redirect("letters:to_post")
    audit_record(
        actor=request.user,
        action=AuditAction.DOWNLOAD,
        object_type="letters.to_post",
        request=request,
        changes={"printed": [letter.pk for letter in letters]},
    )
    return _pdf_response(rendering.letters_pdf(letters), "letters-to-post.pdf")


@require_http_methods(["GET", "POST"])
@role_required(*FRONT_DOOR)
def mark_posted(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    letter = selectors.get_letter_for_user(user=request.user, pk=pk, request=request)
    if request.method == "GET":
        if letter.status != LetterStatus.TO_POST:
            messages.info(
                request, f"The letter to {letter.recipient_name} is not waiting to be posted"
            )
            return redirect("letters:to_post")
        # Are you sure? (review D20): a letter marked as posted leaves the list for good.
        return render(
            request,
            "govuk/confirm.html",
            {
                "caption": "Letters to post",
                "question": f"Have you posted the letter to {letter.recipient_name}?",
                "rows": [
                    ("Reference", letter.contact.reference),
                    ("Recipient", letter.recipient_name),
                    ("Address", letter.recipient_address or "No postal address recorded"),
                ],
                "consequence": [
                    "Mark it as posted only once it is in the post. It then leaves the list of "
                    "letters to post."
                ],
                "button": "Yes, it has been posted",
                "action": reverse("letters:mark_posted", args=[letter.pk]),
                "cancel_url": reverse("letters:to_post"),
            },
        )
    try:
        services.letter_mark_posted(user=request.user, letter=letter, request=request)
    except DomainError as error:
        show(request, error)
    else:
        messages.success(request, f"Letter to {letter.recipient_name} marked as posted")
    return redirect("letters:to_post")


@require_POST
@role_required(Role.MANAGER)
def resend(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    letter = selectors.get_letter_for_user(user=request.user, pk=pk, request=request)
    try:
        services.letter_resend(user=request.user, letter=letter, request=request)
    except DomainError as error:
        show(request, error)
    else:
        messages.success(request, f"The letter to {letter.recipient_name} will be sent again")
    return redirect("letters:recipients", contact_id=letter.contact_id)
