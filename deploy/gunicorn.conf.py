"""gunicorn settings for e-guichet (`gunicorn -c deploy/gunicorn.conf.py config.wsgi`)."""

import gc
import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Sync workers: requests are short (PDF rendering is bounded by PDF_RENDER_TIMEOUT_SECONDS).
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
max_requests = 2000
max_requests_jitter = 200
accesslog = "-"
# No query strings in access logs: they could carry search terms typed by clerks.
access_log_format = '%(h)s "%(m)s %(U)s" %(s)s %(b)s %(L)ss rid=%({x-request-id}o)s'
preload_app = True
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")


def post_fork(server, worker):
    # Long-lived objects made at start-up (Django, Wagtail, WeasyPrint) are frozen so the
    # garbage collector stops rescanning them: removes the ~100 ms pauses measured in the
    # PDF benchmark (docs/pdf.md).
    gc.freeze()
