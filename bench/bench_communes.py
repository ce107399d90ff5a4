"""Many communes on one installation (docs/communes.md): what the fence costs a request, what
300 served communes cost the host look-up, and how long onboarding a commune takes.

Figures: the e-guichet's catalogue and a citizen's "Mes demandes" with one commune, then with
300 (299 extra rows; the look-up table is read once per process and half-minute), the fenced
queryset against an unfenced one, and `create_commune` end to end (site, tree, groups,
settings)."""

import statistics
import time

from django.test import Client


def _median_ms(client, url, n=150, host="localhost"):
    client.get(url, HTTP_HOST=host)
    samples = []
    for _ in range(n):
        started = time.perf_counter()
        response = client.get(url, HTTP_HOST=host)
        samples.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, host, response.status_code)
    return round(statistics.median(samples), 2)


def _queryset_ms(make, n=2000):
    started = time.perf_counter()
    for _ in range(n):
        str(make().query)
    return round((time.perf_counter() - started) * 1000 / n, 4)


def run():
    from guichet import communes
    from guichet.models import Commune, DocumentRequest
    from pages.demo_mont_clair import IDENTITY
    from pages.onboarding import create_commune
    from pages.structure import ensure_site_structure

    ensure_site_structure()
    figures = {}
    one = communes.home()
    Commune.objects.filter(pk=one.pk).update(hosts="localhost\n127.0.0.1\ntestserver")
    communes.forget()
    client = Client()
    figures["catalogue, 1 commune, median ms"] = _median_ms(client, "/guichet/")

    started = time.perf_counter()
    second = create_commune(**IDENTITY, hosts=["mont-clair.localhost"])
    figures["create_commune s"] = round(time.perf_counter() - started, 2)

    Commune.objects.bulk_create(
        Commune(
            slug=f"commune-{n}",
            name=f"Commune {n}",
            place=f"Commune {n}",
            nis_code=f"{10000 + n}",
            hosts=f"commune-{n}.localhost",
            address="Rue 1",
        )
        for n in range(298)
    )
    communes.forget()
    started = time.perf_counter()
    communes.for_host("commune-297.localhost")
    figures["host table load, 300 communes, ms"] = round((time.perf_counter() - started) * 1000, 2)
    started = time.perf_counter()
    for _ in range(10000):
        communes.for_host("commune-150.localhost:8000")
    figures["host look-up, 300 communes, µs"] = round((time.perf_counter() - started) * 100, 2)
    figures["catalogue, 300 communes, median ms"] = _median_ms(client, "/guichet/")
    figures["catalogue of the second commune, median ms"] = _median_ms(
        client, "/guichet/", host="mont-clair.localhost"
    )
    with communes.activated(second):
        figures["fenced queryset build, ms"] = _queryset_ms(
            lambda: DocumentRequest.objects.filter(state="submitted")
        )
    figures["unfenced queryset build, ms"] = _queryset_ms(
        lambda: DocumentRequest.objects.filter(state="submitted")
    )
    return figures
