"""What the body chart's templates draw: each zone's rectangle and state, the legend,
the list view's rows (``templates/clients/body_chart/``)."""

from __future__ import annotations

from clients.body_chart.zones import (
    BACK,
    FRONT,
    KIND_LABELS,
    KIND_STYLE,
    KINDS,
    PREFIX,
    SIDES,
    ZONES,
    box_for,
    field_name,
    mark_rows,
    marks_by_field,
    zone_label,
)

VIEW_CAPTIONS = {
    FRONT: "Front (the right side is on the left of the picture)",
    BACK: "Back (the left side is on the left of the picture)",
}


def _drawn(view: str, kinds: dict[str, str], fields=None) -> dict:
    zones = []
    for zone in ZONES:
        if zone.view != view:
            continue
        for side, _label in SIDES:
            name = field_name(zone.code, side)
            x, y, w, h = box_for(zone, side)
            kind = kinds.get(name, "")
            colour, letter = KIND_STYLE.get(kind, ("", ""))
            zones.append(
                {
                    "name": name,
                    "label": zone_label(zone.code, side),
                    "x": x,
                    "y": y,
                    "w": w,
                    "h": h,
                    "cx": x + w / 2,
                    "cy": y + h / 2 + 4,
                    "kind": kind,
                    "kind_label": KIND_LABELS.get(kind, "nothing"),
                    "colour": colour or "#ffffff",
                    "letter": letter,
                    "field": fields[PREFIX + name] if fields else None,
                }
            )
    # The picture draws the marked zones only (looping over them all cost a few
    # hundred template nodes per chart on the client page).
    marked = [zone for zone in zones if zone["kind"]]
    return {"view": view, "caption": VIEW_CAPTIONS[view], "zones": zones, "marked": marked}


def _legend() -> list[dict]:
    return [
        {"kind": code, "label": label, "colour": KIND_STYLE[code][0], "letter": KIND_STYLE[code][1]}
        for code, label in KINDS
    ]


def input_context(form, legend: str = "Where the symptoms are") -> dict:
    fields = {name: form[name] for name in form.fields if name.startswith(PREFIX)}
    kinds = {}
    for name, bound in fields.items():
        value = bound.value()
        if value in KIND_LABELS:
            kinds[name[len(PREFIX) :]] = value
    rows = [
        {
            "label": zone.label,
            "fields": [fields[PREFIX + field_name(zone.code, side)] for side, _l in SIDES],
        }
        for zone in ZONES
    ]
    has_errors = any(bound.errors for bound in fields.values())
    return {
        "legend": legend,
        "views": [_drawn(FRONT, kinds, fields), _drawn(BACK, kinds, fields)],
        "key": _legend(),
        "rows": rows,
        "has_errors": has_errors,
        "marked": [(zone_label(*name.rsplit("_", 1)), KIND_LABELS[k]) for name, k in kinds.items()],
    }


def picture_context(chart, small: bool = False, caption: str = "", marks=None) -> dict:
    """``chart`` drawn; or, with ``marks`` (a list of BodyChartMark), those marks."""
    if marks is None:
        marks = list(chart.marks.all()) if chart is not None else []
    return {
        "chart": chart,
        "small": small,
        "caption": caption,
        "views": [_drawn(FRONT, marks_by_field(marks)), _drawn(BACK, marks_by_field(marks))],
        "rows": mark_rows(marks),
    }
