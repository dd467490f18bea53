"""Write the portal's app icons (SVG source, PNGs) into static/img/ from programs/pwa/icons.py."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from programs.pwa import icons


class Command(BaseCommand):
    help = "Draw the portal's app icons (SVG and PNGs) into static/img/."

    def add_arguments(self, parser):
        parser.add_argument("--out", default=str(Path(settings.BASE_DIR) / "static" / "img"))

    def handle(self, *args, out, **options):
        folder = Path(out)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / icons.SVG_NAME).write_text(icons.svg())
        for name, size, maskable in icons.PNGS:
            (folder / name).write_bytes(icons.png(size, maskable=maskable))
        self.stdout.write(f"Wrote {1 + len(icons.PNGS)} icons to {folder}.")
