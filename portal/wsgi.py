"""WSGI entry point for gunicorn (``make serve``, portal/deploy/gunicorn.conf.py).

Defaults to the production settings: a server started without ``DJANGO_SETTINGS_MODULE``
must never serve development settings (DEBUG, a public secret key). A missing environment
variable ends the process with one clear message and exit status 1.
"""

import os

from django.core.wsgi import get_wsgi_application

from portal.settings.environment import MissingEnvironment
from portal.worker import prepare_worker

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.production")
try:
    application = get_wsgi_application()
except MissingEnvironment as error:
    raise SystemExit(f"portal: {error}") from None
prepare_worker()
