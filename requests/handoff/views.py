"""Pages of the hand-off: the authority administrator's endpoints; the front door's failed
deliveries with "Send again"."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from referral_portal.accounts.decorators import role_required
from referral_portal.accounts.http import AuthenticatedHttpRequest, staff_authority_id
from referral_portal.accounts.models import Role
from requests.handoff import addresses, selectors, services
from requests.handoff.forms import EndpointForm
from requests.handoff.models import Endpoint

FRONT_DOOR = (Role.OFFICER, Role.MANAGER)


@role_required(Role.ADMIN)
@require_GET
def endpoints(request: AuthenticatedHttpRequest) -> HttpResponse:
    rows = list(selectors.endpoints_of(staff_authority_id(request.user)))
    return render(request, "handoff/endpoints.html", {"endpoints": rows})


def _secret_page(
    request: AuthenticatedHttpRequest, endpoint: Endpoint, secret: str, *, rotated: bool
) -> HttpResponse:
    return render(
        request,
        "handoff/secret.html",
        {"endpoint": endpoint, "secret": secret, "rotated": rotated},
    )


@role_required(Role.ADMIN)
@require_http_methods(["GET", "POST"])
def endpoint_add(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = EndpointForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            endpoint, secret = services.endpoint_create(
                authority_id=staff_authority_id(request.user),
                name=form.cleaned_data["name"],
                url=form.cleaned_data["url"],
                sections=form.cleaned_data["sections"],
                actor=request.user,
                request=request,
            )
        except addresses.UnsafeURL as error:
            form.add_error("url", str(error))
        else:
            return _secret_page(request, endpoint, secret, rotated=False)
    return render(request, "handoff/endpoint_form.html", {"form": form, "endpoint": None})


def _endpoint(request: AuthenticatedHttpRequest, pk: int) -> Endpoint:
    return get_object_or_404(Endpoint, pk=pk, authority_id=staff_authority_id(request.user))


@role_required(Role.ADMIN)
@require_http_methods(["GET", "POST"])
def endpoint_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    endpoint = _endpoint(request, pk)
    initial = {
        "name": endpoint.name,
        "url": endpoint.url,
        "sections": endpoint.sections,
        "active": endpoint.active,
    }
    form = EndpointForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.endpoint_update(
                endpoint=endpoint,
                name=form.cleaned_data["name"],
                url=form.cleaned_data["url"],
                sections=form.cleaned_data["sections"],
                active=form.cleaned_data["active"],
                actor=request.user,
                request=request,
            )
        except addresses.UnsafeURL as error:
            form.add_error("url", str(error))
        else:
            messages.success(request, f"{form.cleaned_data['name']} has been saved")
            return redirect("handoff:endpoints")
    return render(request, "handoff/endpoint_form.html", {"form": form, "endpoint": endpoint})


@role_required(Role.ADMIN)
@require_POST
def endpoint_rotate(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    endpoint = _endpoint(request, pk)
    secret = services.endpoint_rotate_secret(endpoint=endpoint, actor=request.user, request=request)
    endpoint.refresh_from_db()
    return _secret_page(request, endpoint, secret, rotated=True)


@role_required(*FRONT_DOOR)
@require_GET
def failed(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(request, "handoff/failed.html", selectors.deliveries_in_trouble(request.user))


@role_required(*FRONT_DOOR)
@require_POST
def resend(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    delivery = get_object_or_404(selectors.deliveries_for_user(request.user), pk=pk)
    try:
        services.delivery_resend(delivery=delivery, actor=request.user, request=request)
    except services.HandoffError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, f"{delivery.contact.reference}: the hand-off will be sent again now"
        )
    return redirect("handoff:failed")
