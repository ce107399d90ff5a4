"""The public website under load, its cache invalidation and its search.

1. Throughput: gunicorn (2 sync workers, 127.0.0.1, a free high port) serves the demo site;
   a bounded loop of HTTP requests from this process (4 threads, at most REQUESTS per URL
   and SECONDS_PER_URL seconds each) loads, side by side in one run: a bare Django view
   returning a constant string (same settings, middleware and server), the anonymous home
   page, /travaux/ and a CPAS page. Then the same with the page cache switched off
   (WEBSITE_PAGE_CACHE_SECONDS=0), to show what the cache buys. The servers are stopped at
   the end, whatever happens.
2. Publishing: a title is published through Wagtail and the page fetched through gunicorn
   right after the commit, several times: the new title must be there every time.
3. Search: 5,000 extra pages in the scratch database, then /recherche/ queries timed
   in-process (median of 60 queries).

Loopback only; every loop is bounded in count and time.
"""

import http.client
import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REQUESTS = 1500
SECONDS_PER_URL = 15
THREADS = 4
SEARCH_PAGES = 5000
CONSTANT_PATH = "/bench/constant/"


# --- the bench server: the project's URLs plus one constant view ------------------------
def constant_view(request):
    from django.http import HttpResponse

    return HttpResponse("ok", content_type="text/plain")


def __getattr__(name):
    """urlpatterns for ROOT_URLCONF="bench.bench_website", built lazily (PEP 562) so that this
    module can be imported before Django is set up (gunicorn imports it first)."""
    if name == "urlpatterns":
        from django.urls import path

        from config.urls import urlpatterns

        return [path(CONSTANT_PATH.strip("/") + "/", constant_view), *urlpatterns]
    raise AttributeError(name)


def wsgi():
    """gunicorn entry point: the project's WSGI app with the bench URLconf."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from django.conf import settings
    from django.core.wsgi import get_wsgi_application

    application = get_wsgi_application()
    settings.ROOT_URLCONF = "bench.bench_website"
    return application


# --- helpers ------------------------------------------------------------------------------
def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    def __init__(self, **env):
        self.port = _free_port()
        self.env = {**os.environ, "PYTHONPATH": str(ROOT), "LOG_LEVEL": "WARNING", **env}
        self.process = None

    def __enter__(self):
        gunicorn = str(Path(sys.executable).parent / "gunicorn")
        self.process = subprocess.Popen(
            [
                gunicorn,
                "bench.bench_website:wsgi()",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                "2",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=self.env,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if get(self.port, "/healthz")[0] in (200, 503):
                    return self
            except OSError:
                time.sleep(0.2)
        self.__exit__()
        raise RuntimeError("gunicorn did not start")

    def __exit__(self, *exc):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()


def get(port, path):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("GET", path, headers={"Host": "localhost"})
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def load(port, path):
    """Requests per second for `path`: THREADS loops, REQUESTS in all, SECONDS_PER_URL max."""
    for _ in range(20):  # warm-up: every worker renders and caches the page
        status, _body = get(port, path)
        assert status == 200, (path, status)
    counter = {"done": 0, "errors": 0}
    lock = threading.Lock()
    deadline = time.monotonic() + SECONDS_PER_URL

    def worker():
        while time.monotonic() < deadline:
            with lock:
                if counter["done"] + counter["errors"] >= REQUESTS:
                    return
            status, _body = get(port, path)
            with lock:
                counter["done" if status == 200 else "errors"] += 1

    started = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    return round(counter["done"] / elapsed, 1), counter["errors"]


def _throughput(figures, label, cpas_path, **env):
    with Server(**env) as server:
        base, errors = load(server.port, CONSTANT_PATH)
        figures[f"{label}: bare Django view req/s"] = base
        for name, path in (("home", "/"), ("/travaux/", "/travaux/"), ("CPAS page", cpas_path)):
            rate, page_errors = load(server.port, path)
            errors += page_errors
            figures[f"{label}: {name} req/s"] = rate
            figures[f"{label}: {name} % of bare view"] = round(100 * rate / base, 1)
        figures[f"{label}: non-200 answers"] = errors


def _publish_visibility(figures):
    from pages.models import WorksIndexPage

    page = WorksIndexPage.objects.get()
    stale, delays = 0, []
    with Server() as server:
        for attempt in range(5):
            get(server.port, page.url)  # cached by a worker
            page.title = f"Travaux en cours (version {attempt})"
            page.save_revision().publish()
            published = time.perf_counter()
            _status, body = get(server.port, page.url)
            delays.append((time.perf_counter() - published) * 1000)
            if page.title.encode() not in body:
                stale += 1
    figures["publish: stale answers right after publishing (of 5)"] = stale
    figures["publish: first fresh answer after commit, max ms"] = round(max(delays), 1)


WORDS = [
    "commune",
    "travaux",
    "voirie",
    "égouttage",
    "école",
    "crèche",
    "collecte",
    "déchets",
    "bibliothèque",
    "piscine",
    "conseil",
    "échevin",
    "bourgmestre",
    "mobilité",
    "parking",
    "vélo",
    "sentier",
    "forêt",
    "rivière",
    "fête",
    "marché",
    "brocante",
    "logement",
    "énergie",
    "subside",
    "permis",
    "urbanisme",
    "environnement",
    "sport",
    "culture",
    "jeunesse",
    "aînés",
    "santé",
    "sécurité",
    "police",
    "pompiers",
    "cimetière",
    "église",
    "place",
    "rue",
    "avenue",
    "chemin",
    "quartier",
]


def _search(figures):
    from django.test import Client
    from wagtail.models import Page

    from pages.models import HomePage, StandardPage

    home = HomePage.objects.get()
    parent = StandardPage(title="Archives", slug="archives-bench")
    home.add_child(instance=parent)
    parent.save_revision().publish()
    rng = random.Random(6)
    started = time.perf_counter()
    for number in range(SEARCH_PAGES):
        words = rng.sample(WORDS, 12)
        page = StandardPage(
            title=f"{words[0].capitalize()} {words[1]} — note {number}",
            slug=f"note-{number}",
            intro=" ".join(words[2:8]),
            body=[("paragraph", f"<p>{' '.join(rng.sample(WORDS, 30))}</p>")],
            live=True,
        )
        parent.add_child(instance=page)
    figures["search: pages created (and indexed)"] = SEARCH_PAGES
    figures["search: creation seconds"] = round(time.perf_counter() - started, 1)
    figures["search: live pages in the index"] = Page.objects.live().count()

    client = Client(SERVER_NAME="localhost")
    queries = [" ".join(rng.sample(WORDS, rng.choice((1, 2)))) for _ in range(60)]
    queries += ["egouttage", "echevin", "ÉNERGIE"]
    client.get("/recherche/", {"q": "commune"})  # warm-up
    samples, hits = [], 0
    for query in queries:
        begin = time.perf_counter()
        response = client.get("/recherche/", {"q": query})
        samples.append((time.perf_counter() - begin) * 1000)
        assert response.status_code == 200
        hits += "Aucun résultat" not in response.content.decode()
    figures["search: median ms (view + template, 10 results)"] = round(
        statistics.median(samples), 1
    )
    p95 = statistics.quantiles(samples, n=100, method="inclusive")[94]
    figures["search: p95 ms"] = round(p95, 1)
    figures["search: queries with results"] = f"{hits}/{len(queries)}"


def run():
    from django.conf import settings

    from cpas.models import CpasServicePage
    from pages.demo import seed_website

    seed_website()
    cpas_path = CpasServicePage.objects.live().first().url
    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    figures = {
        "setup": f"gunicorn 2 sync workers, {THREADS} client threads, <= {REQUESTS} requests "
        f"or {SECONDS_PER_URL} s per URL, DB {engine}"
    }
    _throughput(figures, "page cache on", cpas_path)
    _throughput(figures, "page cache off", cpas_path, WEBSITE_PAGE_CACHE_SECONDS="0")
    _publish_visibility(figures)
    _search(figures)
    return figures
