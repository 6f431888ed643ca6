"""Write an authority's levels-of-need framework as a JSON file ``import_framework`` reads."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from referral_portal.accounts.models import Authority
from thresholds.framework_io import dump_framework
from thresholds.models import Framework


class Command(BaseCommand):
    help = "Export an authority's levels-of-need framework (current version unless --version)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("authority", help="Authority slug, for example worcestershire")
        parser.add_argument("--framework-version", dest="version", default="")
        parser.add_argument("--output", "-o", default="-", help="File to write; - for stdout")

    def handle(self, *args: Any, **options: Any) -> None:
        authority = Authority.objects.filter(slug=options["authority"]).first()
        if authority is None:
            raise CommandError(f"No authority called {options['authority']!r}")
        frameworks = Framework.objects.filter(authority=authority)
        if options["version"]:
            framework = frameworks.filter(version=options["version"]).first()
        else:
            framework = frameworks.filter(is_current=True).first()
        if framework is None:
            raise CommandError(f"{authority.name} has no levels-of-need framework to export")
        text = dump_framework(framework)
        if options["output"] == "-":
            self.stdout.write(text, ending="")
        else:
            Path(options["output"]).write_text(text, encoding="utf-8")
            self.stderr.write(f"Wrote {framework} to {options['output']}")
