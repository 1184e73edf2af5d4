"""ASGI entry point, for servers that want one; defaults to production like ``portal/wsgi.py``.

The portal is served by gunicorn over WSGI (``make serve``); nothing in it needs ASGI.
"""

import os

from django.core.asgi import get_asgi_application

from portal.settings.environment import MissingEnvironment
from portal.worker import prepare_worker

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.production")
try:
    application = get_asgi_application()
except MissingEnvironment as error:
    raise SystemExit(f"portal: {error}") from None
prepare_worker()
