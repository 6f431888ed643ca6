"""Rebuild the 24-hour dashboard's derived figures: the per-contact rows and the daily rollups."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from requests.dashboard.rules import TREND_DAYS
from requests.dashboard.services import contact_figures_rebuild, daily_figures_rebuild


class Command(BaseCommand):
    help = (
        "Rebuild the dashboard's daily figures for the last DAYS days (default 90), after "
        "re-deriving those days' per-contact figure rows; with --contacts, re-derive the figure "
        "rows of every contact first (after restoring a backup or a manual data fix)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, default=TREND_DAYS)
        parser.add_argument(
            "--contacts",
            action="store_true",
            help="re-derive the figure rows of every contact, not only the last DAYS days",
        )

    def handle(self, *args: Any, days: int, contacts: bool, **options: Any) -> None:
        if contacts:
            changed = contact_figures_rebuild()
            self.stdout.write(f"Re-derived the figures of every contact: {changed} changed.")
        written = daily_figures_rebuild(now=timezone.now(), days=max(days, 1))
        self.stdout.write(f"Rebuilt {written} daily figures.")
