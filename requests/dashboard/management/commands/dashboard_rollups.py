"""Rebuild the 24-hour dashboard's daily rollups (the 90-day trend's final days)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from requests.dashboard.rules import TREND_DAYS
from requests.dashboard.services import daily_figures_rebuild


class Command(BaseCommand):
    help = "Rebuild the dashboard's daily figures for the last DAYS days (default 90)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, default=TREND_DAYS)

    def handle(self, *args: Any, days: int, **options: Any) -> None:
        written = daily_figures_rebuild(now=timezone.now(), days=max(days, 1))
        self.stdout.write(f"Rebuilt {written} daily figures.")
