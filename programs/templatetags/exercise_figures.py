"""``{% exercise_figure exercise "motion" %}``: an exercise's drawn positions, if it has them.

Modes: "still" (start and end side by side), "motion" (the loop, with the stills
for people who ask for reduced motion and for print), "thumb" (the end position,
small and hidden from screen readers, beside the exercise's name in a list).
"""

from django import template

from programs import figures

register = template.Library()


@register.inclusion_tag("programs/includes/exercise_figure.html")
def exercise_figure(exercise, mode: str = "still") -> dict:
    key = getattr(exercise, "figure", "")
    if figures.figure_for(key) is None:
        return {"figure": None}
    return {
        "figure": figures.figure_for(key),
        "mode": mode,
        "start": figures.still_svg(key, "start") if mode != "thumb" else "",
        "end": figures.still_svg(key, "end"),
        "motion": figures.motion_svg(key) if mode == "motion" else "",
    }
