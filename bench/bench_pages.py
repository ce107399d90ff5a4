"""Server time of the public home page and /healthz, in-process (no network); the same pages
in Dutch against French (docs/languages.md): the home page (page cache) and the e-guichet's
catalogue (rendered every time)."""

import statistics
import time

from django.test import Client


def _median_ms(client, url, n=200):
    client.get(url)  # warm-up: template loading, first queries
    samples = []
    for _ in range(n):
        started = time.perf_counter()
        response = client.get(url)
        samples.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    p95 = statistics.quantiles(samples, n=100, method="inclusive")[94]
    return round(statistics.median(samples), 2), round(p95, 2)


def run():
    client = Client(SERVER_NAME="localhost")
    figures = {}
    for label, url in (("home", "/"), ("healthz", "/healthz")):
        median, p95 = _median_ms(client, url)
        figures[f"{label} median ms"] = median
        figures[f"{label} p95 ms"] = p95
    # Dutch against French: the language prefix, the catalogue look-ups, the switcher.
    for label, url in (
        ("home nl", "/nl/"),
        ("catalogue fr", "/guichet/"),
        ("catalogue nl", "/nl/guichet/"),
    ):
        median, p95 = _median_ms(Client(SERVER_NAME="localhost"), url)
        figures[f"{label} median ms"] = median
        figures[f"{label} p95 ms"] = p95
    figures["home nl/fr"] = round(figures["home nl median ms"] / figures["home median ms"], 2)
    figures["catalogue nl/fr"] = round(
        figures["catalogue nl median ms"] / figures["catalogue fr median ms"], 2
    )
    return figures
