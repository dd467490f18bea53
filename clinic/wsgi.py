import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clinic.settings")
application = get_wsgi_application()

# gunicorn runs no system checks: refuse here to serve with email that reaches nobody.
from clinic.deploy_checks import refuse_unsafe_production  # noqa: E402

refuse_unsafe_production()
