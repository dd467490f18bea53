"""``manage.py figure_sheet docs/exercise-figures.png``: every drawn figure on one sheet.

For checking the pictures by eye: each row is a number, the start and the end
position, without the exercise's name. Needs Playwright and Chromium (the e2e
tests' tools; requirements-dev.txt), so it is a developer's command only.
"""

import io
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from programs.figures.sheet import sheet_html

CHROMIUM = "/usr/bin/chromium"


class Command(BaseCommand):
    help = "Render every drawn exercise figure to one PNG (a contact sheet)."

    def add_arguments(self, parser):
        parser.add_argument("output", type=Path)
        parser.add_argument("--names", action="store_true", help="Print the figure keys too.")
        parser.add_argument("--width", type=int, default=1500)

    def handle(self, *args, output: Path, names: bool, width: int, **options):
        try:
            from playwright.sync_api import sync_playwright
        except ImportError as error:
            raise CommandError(
                "figure_sheet needs Playwright: pip install -r requirements-dev.txt"
            ) from error
        from PIL import Image

        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM)
            page = browser.new_page(viewport={"width": width, "height": 800})
            page.set_content(sheet_html(with_names=names))
            png = page.screenshot(full_page=True)
            browser.close()
        # A few flat colours: a palette keeps the file small enough to commit.
        image = Image.open(io.BytesIO(png)).convert("RGB").quantize(colors=128)
        output.parent.mkdir(parents=True, exist_ok=True)
        image.save(output, optimize=True)
        self.stdout.write(f"Wrote {output} ({output.stat().st_size // 1024} KB).")
