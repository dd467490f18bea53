"""The contact sheet: every drawn figure's start and end on one page, for people to check.

``manage.py figure_sheet`` screenshots this page into docs/exercise-figures.png.
Names are left off on purpose: a practitioner should know each exercise from
its picture alone. The number beside each row leads to the list in the docs.
"""

from __future__ import annotations

from programs.figures import svg
from programs.figures.library import FIGURES


def sheet_html(*, with_names: bool = False) -> str:
    rows = []
    for number, figure in enumerate(FIGURES, start=1):
        name = f" {figure.key}" if with_names else ""
        rows.append(
            f'<div class="row"><div class="n">{number}{name}</div>'
            f'<div class="pic">{svg.still(figure, "start")}</div>'
            f'<div class="pic">{svg.still(figure, "end")}</div></div>'
        )
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Figures</title>"
        "<style>body{font:14px sans-serif;margin:8px;display:grid;"
        "grid-template-columns:repeat(3,1fr);gap:6px}"
        ".row{display:grid;grid-template-columns:24px 1fr 1fr;gap:4px;align-items:center;"
        "border:1px solid #ddd;padding:4px}"
        ".pic svg{width:100%;height:150px}.n{font-weight:bold}</style></head><body>"
        + "".join(rows)
        + "</body></html>"
    )
