"""Before/after screenshots of the key pages, as one contact sheet (issue 19).

    python docs/tools/contact_sheet.py shoot http://127.0.0.1:8150 shots/after
    python docs/tools/contact_sheet.py sheet shots/before shots/after shots/contact-sheet.png

``shoot`` logs in with the demo accounts (``manage.py seed_demo``) and saves a full-page
PNG of each page at 375 and 1280 px; ``sheet`` puts each page's before and after side
by side, phone then desk, labelled, the top of each page only (long pages are cut).
Needs Playwright with Debian's Chromium, and Pillow. Not part of the test suite.
"""

from __future__ import annotations

import sys
from pathlib import Path

PASSWORD = "movewell-demo-2026"  # the demo's published password  # noqa: S105  # nosec B105
PAGES = [
    (None, "home", "Home", "/"),
    (None, "booking", "Booking", "/book/"),
    ("owner@example.com", "dashboard", "Dashboard", "/practice/"),
    ("owner@example.com", "client-list", "Client list", "/practice/clients/"),
    ("owner@example.com", "client-page", "Client page", "/practice/clients/1/"),
    (
        "owner@example.com",
        "assessment-form",
        "Assessment form",
        "/practice/clients/1/assessments/new/",
    ),
    ("owner@example.com", "program-page", "Program page", "/practice/clients/1/program/"),
    ("alex@example.com", "portal-today", "Portal: today", "/portal/"),
    ("alex@example.com", "portal-progress", "Portal: progress", "/portal/progress/"),
]
WIDTHS = (375, 1280)


def shoot(base: str, out: Path) -> None:
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=["--no-sandbox", "--headless"]
        )
        for width in WIDTHS:
            contexts = {}
            for who, name, _label, url in PAGES:
                if who not in contexts:
                    context = browser.new_context(
                        viewport={"width": width, "height": 740 if width < 400 else 900}
                    )
                    if who:
                        page = context.new_page()
                        page.goto(base + "/login/")
                        page.fill("#id_username", who)
                        page.fill("#id_password", PASSWORD)
                        page.locator("form button[type=submit]").last.click()
                        page.wait_for_load_state("networkidle")
                        page.close()
                    contexts[who] = context
                page = contexts[who].new_page()
                page.goto(base + url)
                page.wait_for_load_state("networkidle")
                page.screenshot(path=str(out / f"{name}-{width}.png"), full_page=True)
                page.close()
            for context in contexts.values():
                context.close()
        browser.close()


def sheet(before: Path, after: Path, target: Path) -> None:
    from PIL import Image, ImageDraw, ImageFont

    def font(size):
        try:
            return ImageFont.truetype("DejaVuSans-Bold.ttf", size)
        except OSError:
            return ImageFont.load_default()

    # Each shot scaled to a column width and cut at a height (the top of the page).
    columns = [(375, 200, 760), (1280, 520, 700)]  # source width, column width, max height
    gap, label_h, header_h = 16, 34, 60
    width = gap + sum(2 * (col + gap) for _, col, _ in columns)
    row_h = label_h + max(h for _, _, h in columns) + gap
    sheet_img = Image.new("RGB", (width, header_h + row_h * len(PAGES)), "white")
    draw = ImageDraw.Draw(sheet_img)
    x = gap
    for source, col, _ in columns:
        for when in ("before", "after"):
            draw.text((x, 18), f"{when} · {source} px", fill=(17, 66, 55), font=font(20))
            x += col + gap
    for row, (_who, name, label, _url) in enumerate(PAGES):
        top = header_h + row * row_h
        draw.rectangle((0, top, width, top + label_h - 6), fill=(230, 242, 238))
        draw.text((gap, top + 4), label, fill=(17, 66, 55), font=font(20))
        x = gap
        for source, col, max_h in columns:
            for folder in (before, after):
                path = folder / f"{name}-{source}.png"
                if path.exists():
                    with Image.open(path) as shot:
                        scale = col / shot.width
                        cut = shot.crop((0, 0, shot.width, min(shot.height, int(max_h / scale))))
                        small = cut.convert("RGB").resize(
                            (col, max(1, int(cut.height * scale))), Image.Resampling.LANCZOS
                        )
                    sheet_img.paste(small, (x, top + label_h))
                    draw.rectangle(
                        (x - 1, top + label_h - 1, x + col, top + label_h + small.height),
                        outline=(160, 170, 166),
                    )
                x += col + gap
    sheet_img.save(target, optimize=True)


if __name__ == "__main__":
    command, *args = sys.argv[1:]
    if command == "shoot":
        shoot(args[0].rstrip("/"), Path(args[1]))
    else:
        sheet(Path(args[0]), Path(args[1]), Path(args[2]))
