from django import template
from django.utils.html import format_html

from clinic.once import FIELD, new_key

register = template.Library()


@register.simple_tag
def once_key():
    """A hidden one-time key for a form that creates a record (see ``clinic.once``)."""
    return format_html('<input type="hidden" name="{}" value="{}">', FIELD, new_key())
