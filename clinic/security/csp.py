"""django-csp's middleware, with the site-wide policy built once per process.

django-csp builds the ``Content-Security-Policy`` header from the settings on every
response (and the report-only one, even when there is none): about a tenth of
the CPU of an empty signed-in page (docs/benchmarks.md, round 3). A response
whose view changed nothing (no ``@csp_update``/``@csp_replace``/``@csp``
decorator, no ``csp_exempt``) and whose page used no nonce gets the same policy
every time, so that one is kept; every other response goes through django-csp
unchanged.
"""

from __future__ import annotations

from functools import cache

from csp.constants import HEADER
from csp.middleware import CheckableLazyObject
from csp.middleware import CSPMiddleware as DjangoCSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver

# What django-csp's decorators put on a response; any of them means a policy of its own.
PER_VIEW = (
    "_csp_config",
    "_csp_update",
    "_csp_replace",
    "_csp_exempt",
    "_csp_config_ro",
    "_csp_update_ro",
    "_csp_replace_ro",
    "_csp_exempt_ro",
)


@cache
def site_policy() -> str:
    return build_policy(config=None, update=None, replace=None, nonce=None)


@receiver(setting_changed, dispatch_uid="clinic.security.csp.forget")
def _forget(*, setting, **kwargs) -> None:
    if setting.startswith("CONTENT_SECURITY_POLICY"):
        site_policy.cache_clear()


class CSPMiddleware(DjangoCSPMiddleware):
    def process_response(self, request, response):
        plain = (
            not getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", None)
            and not (getattr(settings, "CONTENT_SECURITY_POLICY", None) or {}).get(
                "EXCLUDE_URL_PREFIXES"
            )
            and not settings.DEBUG
            and getattr(request, "_csp_nonce", None) is None
            and not any(hasattr(response, name) for name in PER_VIEW)
        )
        if not plain:
            return super().process_response(request, response)
        policy = site_policy()
        if policy and HEADER not in response:
            response[HEADER] = policy
        # As django-csp: a nonce asked for after the header is written is an error.
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response
