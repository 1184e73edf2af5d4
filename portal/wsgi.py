import os

from django.core.wsgi import get_wsgi_application

from portal.worker import prepare_worker

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
application = get_wsgi_application()
prepare_worker()
