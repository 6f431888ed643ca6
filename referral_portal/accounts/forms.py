from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm

from referral_portal.accounts.models import Agency, Authority, User, UserStatus


class SignInForm(AuthenticationForm):
    """Email and password. A wrong pair never says whether the email exists."""

    username = forms.EmailField(
        label="Email address",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.org",
        },
    )
    password = forms.CharField(
        label="Password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": "Enter your password"},
    )
    error_messages = {
        "invalid_login": "Enter a correct email address and password",
        "inactive": "Enter a correct email address and password",
    }

    def clean_username(self) -> str:
        username: str = self.cleaned_data["username"].strip().lower()
        return username

    def clean(self) -> dict[str, Any]:
        """Per-account limits (sign_in_limits.py) around the password check: an attempt
        inside the delay, or on a locked account, is refused before the password is read."""
        from referral_portal.accounts import sign_in_limits

        username = self.cleaned_data.get("username")
        if username and self.cleaned_data.get("password"):
            refusal = sign_in_limits.sign_in_refusal(username=username)
            if refusal is not None:
                raise forms.ValidationError(refusal.message, code="limited")
            try:
                cleaned = super().clean()
            except forms.ValidationError as error:
                if getattr(error, "code", None) in {"invalid_login", "inactive"}:
                    sign_in_limits.sign_in_failed(username=username, request=self.request)
                raise
            sign_in_limits.sign_in_succeeded(username=username)
            return cleaned
        return super().clean()


class RegistrationForm(forms.Form):
    full_name = forms.CharField(
        label="Full name",
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": "Enter your full name"},
    )
    email = forms.EmailField(
        label="Work email address",
        help_text="Use your work address: one on your agency's domain is confirmed at once",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "required": "Enter your work email address",
            "invalid": "Enter an email address in the correct format, like name@school.example.org",
        },
    )
    job_title = forms.CharField(
        label="Job title",
        max_length=200,
        error_messages={"required": "Enter your job title"},
    )
    agency = forms.ModelChoiceField(
        label="Your agency",
        queryset=Agency.objects.none(),
        empty_label="Choose your agency",
        error_messages={
            "required": "Choose your agency",
            "invalid_choice": "Choose your agency from the list",
        },
    )
    password = forms.CharField(
        label="Create a password",
        help_text="At least 12 characters. Avoid common words and anything like your name",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}, render_value=True),
        error_messages={"required": "Create a password"},
    )

    def __init__(self, *args: Any, authority: Authority, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.authority = authority
        agency = self.fields["agency"]
        assert isinstance(agency, forms.ModelChoiceField)  # declared above
        agency.queryset = Agency.objects.filter(authority=authority)

    def clean_email(self) -> str:
        # Whether the address already has an account is not said here (review L6): the view
        # answers as for a new registration and emails the address's owner instead.
        email: str = self.cleaned_data["email"].strip().lower()
        return email

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        password = data.get("password")
        if password:
            candidate = User(email=data.get("email", ""), full_name=data.get("full_name", ""))
            try:
                password_validation.validate_password(password, candidate)
            except forms.ValidationError as error:
                self.add_error("password", error)
        return data


class RefuseRegistrationForm(forms.Form):
    reason = forms.CharField(
        label="Why is this registration refused?",
        help_text="This is emailed to the person",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter the reason for refusing the registration"},
    )


class PortalPasswordResetForm(PasswordResetForm):
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.org",
        },
    )

    def get_users(self, email: str) -> Any:
        # Our User.is_active is derived from status, so filter on status instead.
        return User.objects.filter(email__iexact=email, status=UserStatus.ACTIVE)

    def send_mail(self, *args: Any, **kwargs: Any) -> None:
        """Through the outbox: written now, sent after the request (never a 500 on an SMTP
        error, and the answer takes as long whether or not the account exists)."""
        from referral_portal.accounts.emails import password_reset_email

        password_reset_email(args[2]["user"] if len(args) > 2 else kwargs["context"]["user"])


class ConfirmationResendForm(forms.Form):
    email = forms.EmailField(
        label="Email address you registered with",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": "Enter the email address you registered with",
            "invalid": "Enter an email address in the correct format, like name@example.org",
        },
    )


class StaffForm(forms.Form):
    full_name = forms.CharField(
        label="Full name", max_length=200, error_messages={"required": "Enter their full name"}
    )
    email = forms.EmailField(
        label="Work email address",
        max_length=254,
        error_messages={
            "required": "Enter their work email address",
            "invalid": "Enter an email address in the correct format, like name@council.example.org",
        },
    )
    role = forms.ChoiceField(
        label="Role",
        widget=forms.RadioSelect,
        choices=[
            ("officer", "Front-door officer"),
            ("manager", "Duty manager"),
            ("disclosure", "Disclosure Team"),
            ("admin", "Administrator"),
            (
                "integration",
                "Integration account: the council's case-management system, which reads "
                "decided contacts through the API",
            ),
        ],
        error_messages={"required": "Choose their role"},
    )

    def clean_email(self) -> str:
        email: str = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email=email).exists():
            raise forms.ValidationError("Someone already has an account with this email address")
        return email


class TwoFactorCodeForm(forms.Form):
    code = forms.CharField(
        label="Code",
        max_length=20,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "spellcheck": "false",
                "class": "govuk-input--width-10",
            }
        ),
        error_messages={"required": "Enter the code"},
    )


class ReplaceTwoFactorForm(TwoFactorCodeForm):
    """Replacing an authenticator asks again who you are (review L4): a verified session
    left open is not enough to move the second factor to another phone."""

    current = forms.CharField(
        label="Your password, or a code from your current app or a backup code",
        strip=False,
        max_length=128,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": "Enter your password or a code from your current app"},
    )
    field_order = ["current", "code"]
