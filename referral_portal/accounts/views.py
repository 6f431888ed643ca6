from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.encoding import force_str
from django.utils.http import url_has_allowed_host_and_scheme, urlsafe_base64_decode
from django.views.decorators.http import require_http_methods, require_POST

from referral_portal.accounts import api_tokens, services, sign_in_limits, two_factor
from referral_portal.accounts.decorators import role_required
from referral_portal.accounts.forms import (
    ConfirmationResendForm,
    PortalPasswordResetForm,
    RefuseRegistrationForm,
    RegistrationForm,
    ReplaceTwoFactorForm,
    SignInForm,
    StaffForm,
    TwoFactorCodeForm,
)
from referral_portal.accounts.home import next_actions
from referral_portal.accounts.http import AuthenticatedHttpRequest, staff_authority_id
from referral_portal.accounts.models import Authority, Role, User, UserStatus
from referral_portal.context_processors import AUTHORITY_COOKIE, is_slug
from referral_portal.errors import show


class SignInView(auth_views.LoginView):
    form_class = SignInForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


class PasswordResetView(auth_views.PasswordResetView):
    form_class = PortalPasswordResetForm
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")


def home(request: HttpRequest) -> HttpResponse:
    """The start page: a role's next actions when signed in, the public start otherwise."""
    if not request.user.is_authenticated:
        return render(request, "home_public.html", {"authorities": Authority.objects.all()})
    return render(request, "home.html", {"next_actions": next_actions(request.user)})


@require_http_methods(["GET", "POST"])
def choose_authority(request: HttpRequest) -> HttpResponse:
    """A visitor chooses the authority whose numbers and guidance they see; a cookie keeps it."""
    authorities = Authority.objects.all()
    error = ""
    if request.method == "POST":
        slug = request.POST.get("authority", "")
        if is_slug(slug) and authorities.filter(slug=slug).exists():
            target = request.POST.get("next") or reverse("home")
            if not url_has_allowed_host_and_scheme(target, {request.get_host()}):
                target = reverse("home")
            response = HttpResponseRedirect(target)
            response.set_cookie(
                AUTHORITY_COOKIE,
                slug,
                max_age=365 * 24 * 3600,
                samesite="Lax",
                httponly=True,
                secure=request.is_secure(),
            )
            return response
        error = "Choose the area the child lives in"
    return render(
        request,
        "accounts/choose_authority.html",
        {"authorities": authorities, "error": error, "next": request.GET.get("next", "")},
    )


@require_http_methods(["GET"])
def register_start(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/register_start.html", {"authorities": Authority.objects.all()})


@require_http_methods(["GET", "POST"])
def register(request: HttpRequest, authority_slug: str) -> HttpResponse:
    authority = get_object_or_404(Authority, slug=authority_slug)
    form = RegistrationForm(request.POST or None, authority=authority)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        agency = form.cleaned_data["agency"]
        if services.account_exists(email=email):
            # The same answer as a new registration; the owner is told by email (review L6).
            services.registration_for_existing_account(
                email=email, password=form.cleaned_data["password"]
            )
        else:
            services.practitioner_register(
                full_name=form.cleaned_data["full_name"],
                email=email,
                agency=agency,
                job_title=form.cleaned_data["job_title"],
                password=form.cleaned_data["password"],
            )
        return render(
            request,
            "accounts/register_done.html",
            {"needs_approval": not agency.has_verified_domain(email), "email": email},
        )
    return render(request, "accounts/register.html", {"form": form, "authority": authority})


def confirm_email(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    """A link from the confirmation email. One that does not work says why, and how to get a
    new one."""
    try:
        user = User.objects.get(pk=int(force_str(urlsafe_base64_decode(uidb64))))
    except (ValueError, TypeError, OverflowError, User.DoesNotExist):
        user = None
    state = services.confirmation_state(user=user, token=token)
    ok = state in (services.LinkState.CONFIRMED, services.LinkState.ALREADY)
    return render(
        request,
        "accounts/confirm_email.html",
        {"state": state.value, "confirmed": ok},
        status=200 if ok else 400,
    )


@require_http_methods(["GET", "POST"])
def confirmation_resend(request: HttpRequest) -> HttpResponse:
    """ "Send me a new link": the same answer whether or not the address has an account."""
    form = ConfirmationResendForm(request.POST or None, initial={"email": request.GET.get("email")})
    if request.method == "POST" and form.is_valid():
        services.confirmation_resend(email=form.cleaned_data["email"])
        return render(request, "accounts/confirmation_resend_done.html")
    return render(request, "accounts/confirmation_resend.html", {"form": form})


@role_required(Role.ADMIN)
def registrations(request: AuthenticatedHttpRequest) -> HttpResponse:
    pending = User.objects.filter(
        authority_id=staff_authority_id(request.user), status=UserStatus.AWAITING_APPROVAL
    ).select_related("agency")
    return render(request, "accounts/registrations.html", {"pending": pending})


def _pending_user(request: AuthenticatedHttpRequest, pk: int) -> User:
    # Another authority's registration is "not found": ids of other tenants are not disclosed.
    return get_object_or_404(
        User,
        pk=pk,
        authority_id=staff_authority_id(request.user),
        status=UserStatus.AWAITING_APPROVAL,
    )


@role_required(Role.ADMIN)
@require_POST
def registration_approve(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user = _pending_user(request, pk)
    services.registration_approve(actor=request.user, user=user, request=request)
    messages.success(request, f"{user.full_name} can now sign in")
    return redirect("accounts:registrations")


@role_required(Role.ADMIN)
@require_http_methods(["GET", "POST"])
def registration_refuse(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user = _pending_user(request, pk)
    form = RefuseRegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.registration_refuse(
            actor=request.user, user=user, reason=form.cleaned_data["reason"], request=request
        )
        messages.success(
            request, f"Registration of {user.full_name} refused; they have been told why"
        )
        return redirect("accounts:registrations")
    return render(request, "accounts/registration_refuse.html", {"form": form, "applicant": user})


def _profile(request: AuthenticatedHttpRequest, **context: object) -> HttpResponse:
    tokens = api_tokens.api_tokens_live(user=request.user)
    return render(
        request,
        "accounts/profile.html",
        {
            "api_tokens": tokens,
            "api_token_idle_minutes": settings.SESSION_IDLE_TIMEOUT // 60,
            "api_token_max_hours": settings.API_TOKEN_MAX_AGE // 3600,
            **context,
        },
    )


@login_required
def profile(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _profile(request)


@login_required
@require_POST
def api_token_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The new key is shown on this response only; it is never stored or shown again."""
    name = request.POST.get("name", "")
    if not name.strip():
        return _profile(request, key_error="Enter what the key is for", key_name=name)
    try:
        key = api_tokens.api_token_issue(
            user=request.user,
            name=name,
            verified=request.user.is_verified(),
            request=request,
        )
    except api_tokens.ApiTokenError as error:
        return _profile(request, key_error=str(error), key_name=name)
    return _profile(request, new_api_key=key)


@login_required
@require_POST
def api_token_revoke(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    if api_tokens.api_token_revoke(user=request.user, token_id=pk, request=request):
        messages.success(request, "The API key has been revoked: it no longer works")
    return redirect("accounts:profile")


@role_required(Role.ADMIN, Role.MANAGER)
def people(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The authority's people: administrators add and deactivate, managers and administrators
    reset two-factor sign-in."""
    users = User.objects.filter(authority_id=staff_authority_id(request.user)).select_related(
        "agency"
    )
    users = users.order_by("role", "full_name")
    locked = sign_in_limits.locked_usernames(usernames=[u.email for u in users])
    return render(request, "accounts/people.html", {"users": users, "locked": locked})


@role_required(Role.ADMIN, Role.MANAGER)
@require_POST
def people_unlock(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user = get_object_or_404(User, pk=pk, authority_id=staff_authority_id(request.user))
    if sign_in_limits.sign_in_unlock(username=user.email, actor=request.user, request=request):
        messages.success(request, f"{user.full_name} can sign in again")
    return redirect("accounts:people")


@require_http_methods(["GET", "POST"])
def unlock(request: HttpRequest, token: str) -> HttpResponse:
    """The link in the lockout email: a button (a link scanner's GET changes nothing)."""
    username = sign_in_limits.unlock_token_username(token)
    if username is None:
        return render(request, "accounts/unlock.html", {"invalid": True}, status=400)
    if request.method == "POST":
        sign_in_limits.sign_in_unlock(username=username, request=request)
        messages.success(request, "Your account is unlocked: sign in, or reset your password")
        return redirect("accounts:login")
    return render(request, "accounts/unlock.html", {"invalid": False})


@role_required(Role.ADMIN)
@require_http_methods(["GET", "POST"])
def people_add(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = StaffForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = services.staff_create(actor=request.user, request=request, **form.cleaned_data)
        messages.success(
            request, f"{user.full_name} has been added and emailed a link to choose a password"
        )
        return redirect("accounts:people")
    return render(request, "accounts/people_add.html", {"form": form})


@role_required(Role.ADMIN)
@require_POST
def people_deactivate(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user = get_object_or_404(User, pk=pk, authority_id=staff_authority_id(request.user))
    try:
        services.staff_deactivate(actor=request.user, user=user, request=request)
    except services.RegistrationError as error:
        show(request, error)
    else:
        messages.success(request, f"{user.full_name} can no longer sign in")
    return redirect("accounts:people")


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_verify(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not two_factor.has_two_factor(request.user):
        return redirect("accounts:two_factor_setup")
    form = TwoFactorCodeForm(request.POST or None)
    form.fields["code"].label = "Code from your authenticator app, or a backup code"
    if request.method == "POST" and form.is_valid():
        if two_factor.two_factor_verify(
            user=request.user, token=form.cleaned_data["code"], request=request
        ):
            return redirect(_safe_next(request))
        form.add_error(
            "code", "The code is not right: enter the code your app shows now, or a backup code"
        )
    return render(request, "accounts/two_factor_verify.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_setup(request: AuthenticatedHttpRequest) -> HttpResponse:
    if two_factor.has_two_factor(request.user) and not request.user.is_verified():
        return redirect("accounts:two_factor_verify")
    device = two_factor.pending_device(request.user)
    replacing = two_factor.has_two_factor(request.user)
    form = (ReplaceTwoFactorForm if replacing else TwoFactorCodeForm)(request.POST or None)
    form.fields["code"].label = "Enter the 6-digit code from the app"
    if replacing:
        form.fields["code"].label = "Enter the 6-digit code from the new app"
    if request.method == "POST" and form.is_valid():
        try:
            codes = two_factor.two_factor_confirm(
                user=request.user,
                token=form.cleaned_data["code"],
                request=request,
                current=form.cleaned_data.get("current"),
            )
        except two_factor.CurrentFactorError as error:
            form.add_error("current", str(error))
        except two_factor.TwoFactorError as error:
            form.add_error("code", str(error))
        else:
            return render(request, "accounts/two_factor_codes.html", {"codes": codes})
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "qr": two_factor.qr_code_data_uri(device),
            "secret": two_factor.secret_for_typing(device),
        },
    )


@role_required(Role.ADMIN, Role.MANAGER)
@require_http_methods(["GET", "POST"])
def two_factor_reset(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user = get_object_or_404(User, pk=pk, authority_id=staff_authority_id(request.user))
    if request.method == "GET":
        # Are you sure? (review D20): the person cannot sign in with their app until they set
        # it up again, and their API keys stop working.
        return render(
            request,
            "govuk/confirm.html",
            {
                "caption": "People",
                "question": f"Are you sure you want to reset two-factor sign-in for {user.full_name}?",
                "rows": [("Name", user.full_name), ("Email", user.email)],
                "consequence": [
                    "Their authenticator app and backup codes will stop working for this portal, "
                    "and any API keys they hold will be cancelled.",
                    "They will set up two-factor sign-in again the next time they sign in.",
                ],
                "button": "Yes, reset two-factor sign-in",
                "warning_button": True,
                "action": reverse("accounts:two_factor_reset", args=[user.pk]),
                "cancel_url": reverse("accounts:people"),
            },
        )
    try:
        two_factor.two_factor_reset(actor=request.user, user=user, request=request)
    except two_factor.TwoFactorError as error:
        show(request, error)
    else:
        messages.success(
            request, f"{user.full_name} will set up two-factor sign-in again when they next sign in"
        )
    return redirect("accounts:people")


def _safe_next(request: HttpRequest) -> str:
    target = request.GET.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return target
    return reverse("home")


@login_required
@require_http_methods(["GET"])
def keep_alive(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The timeout warning's "Stay signed in": any request resets the idle clock."""
    return HttpResponse(status=204)


@login_required
@require_POST
def sign_out_everywhere(request: AuthenticatedHttpRequest) -> HttpResponse:
    from django.contrib.auth import logout

    services.sign_out_everywhere(user=request.user, request=request)
    logout(request)
    messages.success(request, "You have been signed out on every device")
    return redirect("accounts:login")


class SignOutView(auth_views.LogoutView):
    """Sign out (a POST), then say so on the sign-in page."""

    def post(self, request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        was_signed_in = request.user.is_authenticated
        response = super().post(request, *args, **kwargs)
        if was_signed_in:
            messages.success(request, "You have signed out")
        return response
