import re

from django import template

register = template.Library()


@register.filter
def tel_href(number: str) -> str:
    """A ``tel:`` link for a phone number as people write it ("+1 555 0100"): a URI
    may not hold spaces, brackets or dashes, so only a leading + and the digits stay."""
    number = str(number or "").strip()
    digits = re.sub(r"\D", "", number)
    return f"tel:{'+' if number.startswith('+') else ''}{digits}"
