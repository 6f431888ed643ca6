from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from referral_portal.accounts import views

app_name = "accounts"
urlpatterns = [
    path("sign-in/", views.SignInView.as_view(), name="login"),
    path("sign-out/", views.SignOutView.as_view(), name="logout"),
    path("sign-out-everywhere/", views.sign_out_everywhere, name="sign_out_everywhere"),
    path("register/", views.register_start, name="register_start"),
    path("register/<slug:authority_slug>/", views.register, name="register"),
    path("confirm/<str:uidb64>/<str:token>/", views.confirm_email, name="confirm_email"),
    path("confirm/new-link/", views.confirmation_resend, name="confirmation_resend"),
    path("registrations/", views.registrations, name="registrations"),
    path(
        "registrations/<int:pk>/approve/", views.registration_approve, name="registration_approve"
    ),
    path("registrations/<int:pk>/refuse/", views.registration_refuse, name="registration_refuse"),
    path("profile/", views.profile, name="profile"),
    path("profile/api-keys/", views.api_token_create, name="api_token_create"),
    path("profile/api-keys/<int:pk>/revoke/", views.api_token_revoke, name="api_token_revoke"),
    path("keep-alive/", views.keep_alive, name="keep_alive"),
    path("two-factor/", views.two_factor_verify, name="two_factor_verify"),
    path("two-factor/set-up/", views.two_factor_setup, name="two_factor_setup"),
    path("people/<int:pk>/reset-two-factor/", views.two_factor_reset, name="two_factor_reset"),
    path("people/", views.people, name="people"),
    path("people/add/", views.people_add, name="people_add"),
    path("people/<int:pk>/deactivate/", views.people_deactivate, name="people_deactivate"),
    path("people/<int:pk>/unlock/", views.people_unlock, name="people_unlock"),
    path("unlock/<str:token>/", views.unlock, name="unlock"),
    path("password-reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "password-reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="accounts/password_reset_confirm.html",
            success_url=reverse_lazy("accounts:password_reset_complete"),
        ),
        name="password_reset_confirm",
    ),
    path(
        "password-reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="accounts/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
]
