"""The body chart on a page.

``{% body_chart_input form %}``: the drawn front and back to tap, the legend, and the
list view, for a form with the chart's fields (``clients.body_chart.forms``).
``{% body_chart_picture chart %}``: a chart as it was recorded, drawn and in words
(``small`` for the first-vs-latest picture on the client page).
"""

from __future__ import annotations

from django import template

from clients.body_chart.drawing import input_context, picture_context

register = template.Library()


@register.inclusion_tag("clients/body_chart/_input.html")
def body_chart_input(form, legend: str = "Where the symptoms are") -> dict:
    return input_context(form, legend)


@register.inclusion_tag("clients/body_chart/_picture.html")
def body_chart_picture(chart, small: bool = False, caption: str = "", marks=None) -> dict:
    """``chart`` drawn; or, with ``marks`` (a list of BodyChartMark), those marks."""
    return picture_context(chart, small=small, caption=caption, marks=marks)
