"""The body chart's fields, added to any form that shows the chart.

One choice per zone and side (``chart_calf_left``: "", "pain", ... "numbness"):
the list view renders them as they are, and the drawn chart
(``static/js/body-chart.js``) sets the same fields, so the list is a complete
alternative to the picture and the page works without JavaScript.
"""

from __future__ import annotations

from crispy_forms.layout import LayoutObject
from django import forms
from django.template.loader import render_to_string

from clients.body_chart.drawing import input_context
from clients.body_chart.zones import KINDS, PREFIX, SIDES, ZONES, field_name, zone_label

NO_MARK = ("", "Nothing")


def add_chart_fields(form: forms.BaseForm, initial: dict[str, str]) -> None:
    """Add a field per zone and side to ``form``, from ``initial`` ({"calf_left": kind})."""
    for zone in ZONES:
        for side, _label in SIDES:
            name = field_name(zone.code, side)
            form.fields[PREFIX + name] = forms.ChoiceField(
                label=zone_label(zone.code, side),
                choices=[NO_MARK, *KINDS],
                required=False,
                initial=initial.get(name, ""),
                error_messages={"invalid_choice": "Choose one of the symptoms in the list."},
            )


def chart_marks(data: dict) -> dict[str, str]:
    """{"calf_left": "tingling", ...} from a form's cleaned data (marked zones only)."""
    return {
        name[len(PREFIX) :]: value
        for name, value in data.items()
        if name.startswith(PREFIX) and value
    }


def chart_field_names() -> list[str]:
    return [PREFIX + field_name(zone.code, side) for zone in ZONES for side, _l in SIDES]


class BodyChartForm(forms.Form):
    """The chart on its own (the portal check-in and the intake's section)."""

    def __init__(self, *args, initial_marks: dict[str, str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        add_chart_fields(self, initial_marks or {})

    @property
    def marks(self) -> dict[str, str]:
        return chart_marks(self.cleaned_data)


class BodyChartLayout(LayoutObject):
    """The chart in a crispy layout: places every chart field (``fields``), drawn by
    ``{% body_chart_input %}``'s template."""

    def __init__(self, legend: str = "Where the symptoms are"):
        self.fields = chart_field_names()
        self.legend = legend

    def render(self, form, context, template_pack=None, **kwargs):
        return render_to_string("clients/body_chart/_input.html", input_context(form, self.legend))
