"""The production settings, as ``make bench`` serves them to wrk on 127.0.0.1.

DEBUG is forced off so the bench measures what production runs (cached
templates, hashed static files, no query log). Only what plain HTTP to a local
port needs is relaxed: no HTTPS redirect, no secure-only cookies, no HSTS.
"""

import os

os.environ["DJANGO_DEBUG"] = "false"
os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-secret-key-never-used-in-production-7f3a9c")
# A local server that sends no real email (clinic/deploy_checks.py).
os.environ.setdefault("CLINIC_DEMO_SERVER", "true")

from clinic.settings import *  # noqa: E402, F403

ROOT_URLCONF = "clinic.bench.urls"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
