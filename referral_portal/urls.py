from __future__ import annotations

from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from referral_portal import views
from referral_portal.accounts import views as account_views

admin.site.site_header = "Referral portal administration"
admin.site.site_title = "Referral portal"

api_patterns: list[URLPattern | URLResolver] = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(
            url_name="api-schema", template_name="api/swagger_ui.html"
        ),
        name="api-docs",
    ),
    path("", include("contacts.api_urls")),
    path("", include("thresholds.api_urls")),
    path("", include("requests.api_urls")),
    path("", include("requests.information.api_urls")),
    path("", include("requests.triage.api_urls")),
    path("", include("requests.letters.api_urls")),
    path("", include("requests.dashboard.api_urls")),
    path("", include("requests.handoff.api_urls")),
    path("", include("requests.gathering.api_urls")),
]

urlpatterns = [
    path("", account_views.home, name="home"),
    path("authority/", account_views.choose_authority, name="choose_authority"),
    path("accounts/", include("referral_portal.accounts.urls")),
    path("audit/", include("referral_portal.audit.urls")),
    path("rights/", include("referral_portal.rights.urls")),
    path("emails/", include("referral_portal.outbox.urls")),
    path("procedures/", include("referral_portal.procedures.urls")),
    path("contacts/", include("contacts.urls")),
    path("thresholds/", include("thresholds.urls")),
    path("", include("requests.urls")),
    path("information-requests/", include("requests.information.urls")),
    path("triage/", include("requests.triage.urls")),
    path("letters/", include("requests.letters.urls")),
    path("dashboard/", include("requests.dashboard.urls")),
    path("gathering/", include("requests.gathering.urls")),
    path("handoff/", include("requests.handoff.urls")),
    path("api/v1/", include(api_patterns)),
    path("accessibility/", views.footer_page, {"page": "accessibility"}, name="accessibility"),
    path("privacy/", views.footer_page, {"page": "privacy"}, name="privacy"),
    path("cookies/", views.footer_page, {"page": "cookies"}, name="cookies"),
    path("contact/", views.footer_page, {"page": "contact"}, name="contact"),
    path("healthz", views.healthz, name="healthz"),
    path(".well-known/security.txt", views.security_txt, name="security_txt"),
    path("admin/", admin.site.urls),
]

handler403 = "referral_portal.views.error_403"
handler404 = "referral_portal.views.error_404"
handler500 = "referral_portal.views.error_500"
