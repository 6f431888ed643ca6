"""Load a levels-of-need framework from a JSON file as a new current version.

The file is checked whole first: any fault refuses it, naming the line and field, and nothing
is loaded. The load itself is one transaction.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from referral_portal.accounts.models import Authority
from thresholds import services
from thresholds.framework_io import FrameworkFileError, parse_framework


class Command(BaseCommand):
    help = "Import a levels-of-need framework from a JSON file (see export_framework)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="The JSON file")
        parser.add_argument(
            "--authority", default="", help="Load into this authority instead of the file's"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["path"])
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"Cannot read {path}: {exc}") from exc
        try:
            data = parse_framework(text)
        except FrameworkFileError as exc:
            raise CommandError(
                f"{path} refused, nothing loaded:\n" + "\n".join(exc.errors)
            ) from exc
        slug = options["authority"] or data["authority"]
        authority = Authority.objects.filter(slug=slug).first()
        if authority is None:
            raise CommandError(f"{path} refused, nothing loaded: no authority called {slug!r}")
        try:
            framework = services.framework_import(data=data, authority=authority)
        except services.FrameworkImportError as exc:
            raise CommandError(f"{path} refused, nothing loaded: {exc}") from exc
        self.stdout.write(
            f"Loaded {framework} for {authority.name}: {len(data['indicators'])} indicators"
        )
