from django.shortcuts import render
from django.views.decorators.http import require_safe

from clinic.access import practice_required

# The palette as the style page lists it: name, custom property, what it is for.
PALETTE = [
    ("Clinic green", "--clinic-accent", "primary buttons, navigation, ticked boxes"),
    ("Deep green", "--clinic-accent-dark", "links, outline buttons' text, hover"),
    ("Darkest green", "--clinic-accent-darker", "text on the green tint, pressed buttons"),
    ("Green tint", "--clinic-accent-tint", "figures, hover backgrounds"),
    ("Ink", "--clinic-ink", "body text"),
    ("Soft ink", "--clinic-ink-soft", "secondary buttons, table headers, empty states"),
    ("Line", "--clinic-line", "borders of secondary buttons"),
    ("Surface", "--clinic-surface", "card headers, table headers, empty states"),
]

STATUSES = ["primary", "secondary", "success", "info", "warning", "danger"]


@require_safe
@practice_required
def style_guide(request):
    """Every shared component with its class names, so a new page uses them, not new ones."""
    return render(
        request,
        "clinic/style/style_guide.html",
        {"palette": PALETTE, "statuses": STATUSES},
    )
