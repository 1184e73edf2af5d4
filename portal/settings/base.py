"""Settings shared by every environment. Environment-specific files import from here."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

from django.utils.translation import gettext_lazy as _

from portal.client_ip import DEFAULT_HEADER as DEFAULT_CLIENT_IP_HEADER
from portal.client_ip import parse_trusted_proxies
from portal.settings.environment import as_float
from portal.settings.machine_translation import machine_translator_from_environment
from search.backend_settings import search_backends

BASE_DIR = Path(__file__).resolve().parent.parent.parent
PROJECT_DIR = BASE_DIR / "portal"

INSTALLED_APPS = [
    "portal.core",
    "portal.users",
    "portal.pages",
    "directory",
    "locations",
    "faq",
    "search",
    "portal.editorial",
    "portal.localization",
    "portal.opendata",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "axes",
]

MIDDLEWARE = [
    # First: probes skip host checks, redirects, sessions and rate limits (portal/health.py).
    "portal.health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "portal.http_methods.MethodMiddleware",  # 405 for OPTIONS/TRACE, HEAD without body
    "portal.security.PortalCSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "portal.core.site_cache.SiteMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Repeats a GET whose database connection was killed mid-query (portal/db_retry.py);
    # inside everything but axes' lockout check.
    "portal.db_retry.RetryOnLostConnectionMiddleware",
    # A failed machine translation becomes a message to the editor (portal/localization).
    "portal.localization.machine.MachineTranslationErrorMiddleware",
    # Last, as django-axes asks: answers a locked-out login with portal.login_throttle.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "portal.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
            # language_links, content_lang, untranslated_notice in every template.
            "builtins": ["portal.localization.templatetags.localization_tags"],
        },
    },
]

WSGI_APPLICATION = "portal.wsgi.application"

# DATABASES: dev.py and test.py (embedded server without DATABASE_URL), production.py
# (DATABASE_URL only): importing this module never starts a database server.
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "users.User"
# Admin login throttling (django-axes, portal/login_throttle.py): after
# ADMIN_LOGIN_FAILURE_LIMIT wrong passwords for one user name from one client address, that
# combination is refused for ADMIN_LOGIN_LOCKOUT_MINUTES, even with the right password.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("ADMIN_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("ADMIN_LOGIN_LOCKOUT_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "portal.client_ip.client_ip"
AXES_LOCKOUT_CALLABLE = "portal.login_throttle.lockout_response"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_DISABLE_ACCESS_LOG = True  # count failures; keep no log of successful logins
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "nl"
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True
# The one list of site languages (native names, shown as such in the language switch); the
# first is the default, served without a URL prefix. Adding a language: add it here, run
# makemessages, translate, then `manage.py setup_site` (portal/localization/README.md).
LANGUAGES = WAGTAIL_CONTENT_LANGUAGES = [
    ("nl", "Nederlands"),
    ("en", "English"),
    ("tr", "Türkçe"),
    ("ar", "العربية"),
    ("pl", "Polski"),
    ("uk", "Українська"),
]
WAGTAIL_I18N_ENABLED = True
LOCALE_PATHS = [BASE_DIR / "locale"]

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STATIC_URL = "/static/"
MEDIA_ROOT = BASE_DIR / "media"
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Redis where the machine offers it (shared across processes, needed for per-IP rate
# limits with several workers); a process-local cache otherwise. A Redis outage degrades
# to the per-process cache with short timeouts instead of failing requests
# (portal/resilient_cache.py).
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "portal.resilient_cache.ResilientRedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "OPTIONS": {
                "socket_connect_timeout": as_float("REDIS_CONNECT_TIMEOUT", 0.5),
                "socket_timeout": as_float("REDIS_SOCKET_TIMEOUT", 0.5),
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# The client's address behind a reverse proxy (portal/client_ip.py): only REMOTE_ADDRs in
# TRUSTED_PROXIES (comma-separated IPs/CIDRs; empty = trust no header) may set it, in the
# header CLIENT_IP_HEADER. Used by the report form's rate limit and the admin login throttle.
TRUSTED_PROXIES = parse_trusted_proxies(os.environ.get("TRUSTED_PROXIES", ""))
CLIENT_IP_HEADER = os.environ.get("CLIENT_IP_HEADER", "").strip() or DEFAULT_CLIENT_IP_HEADER

WAGTAIL_SITE_NAME = "Basisondersteuning Hengelo"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILADMIN_PERMITTED_LANGUAGES = [("nl", "Nederlands"), ("en", "English")]
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_GRAVATAR_PROVIDER_URL = None  # no third-party requests, not even in the admin
WAGTAILDOCS_EXTENSIONS = ["csv", "pdf", "xlsx", "docx", "odt", "txt", "zip"]
WAGTAILSNIPPETS_MENU_SHOW_ALL = False
WAGTAIL_WORKFLOW_ENABLED = True
# Machine translation as a draft for editors (machine_translation.py here): off unless
# MACHINE_TRANSLATOR is set; a wrong or incomplete setting stops startup with a message.
WAGTAILLOCALIZE_MACHINE_TRANSLATOR = machine_translator_from_environment(os.environ)

# Search engine by environment (see search/backend_settings.py and README "Search").
WAGTAILSEARCH_BACKENDS = search_backends(
    os.environ.get("SEARCH_BACKEND"), os.environ.get("SEARCH_URL"), os.environ.get("SEARCH_INDEX")
)
# Seconds a whole search API response may be served from the cache (0: off; search/responses.py).
SEARCH_RESPONSE_CACHE_SECONDS = int(os.environ.get("SEARCH_RESPONSE_CACHE_SECONDS", "60"))

# A reporter's e-mail address is deleted this many days after the report came in, even
# when the report is still open (after closing it goes sooner: the "bewaren" review setting).
# Run daily by send_verification_digest (or manage.py purge_reporter_emails).
REPORTER_EMAIL_MAX_AGE_DAYS = int(os.environ.get("REPORTER_EMAIL_MAX_AGE_DAYS", "180"))
if REPORTER_EMAIL_MAX_AGE_DAYS < 1:
    raise ValueError("REPORTER_EMAIL_MAX_AGE_DAYS must be 1 or more")

EMAIL_SUBJECT_PREFIX = "[Basisondersteuning Hengelo] "
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "noreply@basisondersteuning-hengelo.nl")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

# Security headers (HSTS and secure cookies: production.py). No inline script or style on
# the public site; map tiles from PDOK are the only third-party request, and only as images.
PDOK_TILE_HOST = "https://service.pdok.nl"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", PDOK_TILE_HOST],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# Wagtail's admin (and the page previews it shows in an iframe) needs inline script/style.
CSP_ADMIN_PATH_PREFIXES = ["/admin/"]
CSP_ADMIN_DIRECTIVES = {
    "default-src": ["'self'"],
    "script-src": ["'self'", "'unsafe-inline'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:", PDOK_TILE_HOST],
    "font-src": ["'self'", "data:"],
    "connect-src": ["'self'"],
    "frame-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'self'"],
}
PERMISSIONS_POLICY = {
    "geolocation": ["self"],  # "Zoek dichtbij mij", only after a tap
    "camera": [],
    "microphone": [],
    "payment": [],
    "usb": [],
}
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True

FORMAT_MODULE_PATH = None
MUNICIPALITY_PHONE = "14 074"
MUNICIPALITY_PHONE_HOURS = _("werkdagen 8.30–17.00 uur")
