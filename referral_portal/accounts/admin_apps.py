"""The admin app with the portal's site (``admin_scope.PortalAdminSite``) as ``admin.site``.

Its own module: an app config is imported before models load, the site only when used."""

from __future__ import annotations

from django.contrib.admin.apps import AdminConfig


class PortalAdminConfig(AdminConfig):
    default_site = "referral_portal.accounts.admin_scope.PortalAdminSite"
