"""Production: everything from environment variables; missing required values fail loudly.

Never falls back to development values or to the embedded database server: without
``DATABASE_URL`` (or ``SECRET_KEY``, ``ALLOWED_HOSTS``, ``WAGTAILADMIN_BASE_URL``) importing
this module raises ``MissingEnvironment`` naming every missing variable.
"""

import os
from pathlib import Path

from portal.database import database_from_url

from .base import *  # noqa: F403
from .environment import as_bool, as_float, as_list, require

REQUIRED = require("SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "WAGTAILADMIN_BASE_URL")

DEBUG = False
SECRET_KEY = REQUIRED["SECRET_KEY"]
ALLOWED_HOSTS = as_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = as_list("CSRF_TRUSTED_ORIGINS")
WAGTAILADMIN_BASE_URL = REQUIRED["WAGTAILADMIN_BASE_URL"]

# Persistent connections with a health check at the start of each request (a connection the
# server or a pg_terminate_backend closed is replaced instead of failing the next request),
# and a short connect timeout so an unreachable server fails /readyz and requests quickly.
DATABASES = {"default": database_from_url(REQUIRED["DATABASE_URL"])}
DATABASES["default"]["OPTIONS"].setdefault(
    "connect_timeout", int(as_float("DATABASE_CONNECT_TIMEOUT", 3))
)

# `make serve` collects static files here; whitenoise serves them (compressed, hashed names).
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", "").strip() or BASE_DIR / "staticfiles")  # noqa: F405
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", "").strip() or BASE_DIR / "media")  # noqa: F405

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = as_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 31536000))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", 25))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = as_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = 10  # a hanging mail server must not hold a worker thread for ever
SERVER_EMAIL = DEFAULT_FROM_EMAIL  # noqa: F405

LOGGING["root"]["level"] = os.environ.get("LOG_LEVEL", "WARNING").upper()  # noqa: F405
