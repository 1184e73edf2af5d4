"""gunicorn settings for the portal (``make serve``; ``gunicorn -c portal/deploy/gunicorn.conf.py
portal.wsgi``). Tuned for a 2-core host behind nginx (portal/deploy/nginx/), overridable
from the environment:

PORT (8000), BIND_HOST (127.0.0.1: only the proxy on this host reaches gunicorn),
WEB_CONCURRENCY (worker processes, default cores + 1 = 3 on 2 cores), GUNICORN_THREADS (4),
GUNICORN_TIMEOUT (30 s), GUNICORN_MAX_REQUESTS (2000), FORWARDED_ALLOW_IPS (127.0.0.1,::1).

Why gthread: a request spends much of its time waiting on PostgreSQL; threads overlap that
wait without the memory of more processes (a worker holds Django, Wagtail and the search
vocabulary, about 150 MB). nginx buffers requests and responses, so a slow client never
holds a worker thread (the reason a plain sync worker would be unsafe without a proxy).
"""

import importlib
import multiprocessing
import os
import sys

from portal.settings.environment import MissingEnvironment

_cores = multiprocessing.cpu_count()

bind = f"{os.environ.get('BIND_HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
worker_class = "gthread"
workers = int(os.environ.get("WEB_CONCURRENCY", _cores + 1))
threads = int(os.environ.get("GUNICORN_THREADS", 4))

# A request that takes longer than this is stuck (the slowest page takes well under a
# second); gunicorn restarts the worker. Graceful restarts let running requests finish.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 30))
graceful_timeout = 30
# nginx keeps upstream connections alive (see nginx.conf, keepalive 16).
keepalive = 75

# Each worker loads the application itself (no preload_app): `systemctl reload portal`
# (SIGHUP) then starts workers with the new code while the old ones finish their requests,
# a deploy without a moment of 502s. The master only checks the settings (on_starting).
preload_app = False
# Restart each worker after a number of requests, spread so they never restart together:
# bounds the memory any slow leak can take.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", 2000))
max_requests_jitter = max_requests // 10

# X-Forwarded-Proto/-For are believed only from the local proxy.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# The heartbeat file on a RAM disk: a slow or full /tmp cannot make gunicorn kill workers.
# gunicorn creates it with mkstemp (private name, mode 0600), so a shared directory is safe.
RAM_DISK = "/dev/shm"  # noqa: S108
if os.path.isdir(RAM_DISK):
    worker_tmp_dir = RAM_DISK

accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
proc_name = "portal"


def on_starting(server):
    """Stop before any worker starts when production settings are incomplete: one clear
    message and exit status 1, instead of workers failing to boot over and over."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.production")
    try:
        importlib.import_module(os.environ["DJANGO_SETTINGS_MODULE"])
    except MissingEnvironment as error:
        sys.exit(f"portal: {error}")
