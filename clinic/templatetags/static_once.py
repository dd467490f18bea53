"""``{% load static %}`` with each file's URL worked out once per process.

Django's ``{% static %}`` asks the storage on every render (joining the URL,
looking the hashed name up in the manifest): about a quarter of ``base.html``'s
rendering time, five times on every page. A file's URL cannot change while the
process runs (the manifest is read once at start), so it is kept. Registered in
``TEMPLATES["OPTIONS"]["libraries"]`` as ``static``, so templates keep writing
``{% load static %}`` and ``{% static 'css/app.css' %}``.
"""

from functools import cache

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template import Library
from django.templatetags import static as django_static

register = Library()


class StaticOnceNode(django_static.StaticNode):
    @classmethod
    def handle_simple(cls, path):
        return _url(path)


@cache
def _url(path: str) -> str:
    return django_static.StaticNode.handle_simple(path)


@receiver(setting_changed, dispatch_uid="clinic.templatetags.static_once.forget")
def forget(*, setting, **kwargs) -> None:
    """Tests that change where static files live get fresh URLs."""
    if setting in {"STATIC_URL", "STORAGES", "STATIC_ROOT"}:
        _url.cache_clear()


@register.tag("static")
def do_static(parser, token):
    return StaticOnceNode.handle_token(parser, token)


register.tag("get_static_prefix", django_static.get_static_prefix)
register.tag("get_media_prefix", django_static.get_media_prefix)


def static(path: str) -> str:
    """The URL of a static file, as ``{% static %}`` gives it."""
    return _url(path)
