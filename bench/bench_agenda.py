"""The agenda and the associations directory with 5,000 entries each.

1. Throughput: gunicorn (2 sync workers, bench.bench_website's server and load loop) serves
   a bare Django view, /agenda/, /associations/, an event page and an association page,
   with the anonymous page cache (pages.cache: Wagtail pages; pages.views_agenda.cached_public
   for the directory). Goal: each >= 50 % of the bare view's requests per second.
2. Search: /associations/?q=... and /agenda/?place=... timed in-process, each query a first
   request (a cache miss): median of 40. Goal: <= 100 ms median.

Loopback only; every loop is bounded in count and time.
"""

import datetime
import random
import statistics
import time

from bench.bench_website import Server, load

ENTRIES = 5000
WORDS = [
    "sport",
    "culture",
    "musique",
    "théâtre",
    "football",
    "tennis",
    "chorale",
    "jeunesse",
    "aînés",
    "nature",
    "balade",
    "marché",
    "brocante",
    "patrimoine",
    "moulin",
    "école",
    "parents",
    "quartier",
    "solidarité",
    "repair",
    "vélo",
    "danse",
    "lecture",
    "cinéma",
]
PLACES = ["Salle communale", "Parc du Moulin", "Bibliothèque", "Église Saint-Martin", "Stade"]


def _seed(figures):
    from django.utils import timezone

    from pages.models import AgendaIndexPage, Association, EventPage

    rng = random.Random(16)
    started = time.perf_counter()
    Association.objects.bulk_create(
        [
            Association(
                name=f"{' '.join(rng.sample(WORDS, 2)).capitalize()} {n}",
                slug=f"association-bench-{n}",
                category=rng.choice(["culture", "sport", "youth", "seniors", "social"]),
                description=" ".join(rng.sample(WORDS, 12)),
                email=f"a{n}@bench.example",
                languages=rng.sample(["fr", "nl", "de", "en"], rng.choice((1, 2))),
                children_activities=rng.random() < 0.3,
            )
            for n in range(ENTRIES)
        ],
        batch_size=500,
    )
    figures["associations created"] = Association.objects.count()
    index = AgendaIndexPage.objects.get()
    today = timezone.localdate()
    for n in range(ENTRIES):
        weekly = n % 10 == 0
        start = today + datetime.timedelta(days=rng.randint(-200, 200))
        event = EventPage(
            title=f"{' '.join(rng.sample(WORDS, 3)).capitalize()} {n}",
            slug=f"evenement-bench-{n}",
            category=rng.choice(["concert", "sport", "market", "children", "nature"]),
            summary=" ".join(rng.sample(WORDS, 10)),
            start_date=start,
            start_time=datetime.time(rng.randint(8, 20), 0),
            recurrence="weekly" if weekly else "",
            recurrence_until=start + datetime.timedelta(days=120) if weekly else None,
            place_name=rng.choice(PLACES),
            address="Place Communale 1, 5999 Val-des-Sources",
            free=True,
            live=True,
        )
        index.add_child(instance=event)
    figures["events created"] = EventPage.objects.count()
    figures["seeding seconds"] = round(time.perf_counter() - started, 1)


def _throughput(figures):
    from bench.bench_website import CONSTANT_PATH
    from pages.models import Association, EventPage

    event = EventPage.objects.live().order_by("pk").last()
    association = Association.objects.order_by("pk").last()
    with Server() as server:
        base, errors = load(server.port, CONSTANT_PATH)
        figures["bare Django view req/s"] = base
        for name, path in (
            ("/agenda/", "/agenda/"),
            ("/associations/", "/associations/"),
            ("event page", event.url),
            ("association page", association.get_absolute_url()),
        ):
            rate, page_errors = load(server.port, path)
            errors += page_errors
            figures[f"{name} req/s"] = rate
            figures[f"{name} % of bare view"] = round(100 * rate / base, 1)
        figures["non-200 answers"] = errors


def _timed(client, path, params):
    begin = time.perf_counter()
    response = client.get(path, params)
    elapsed = (time.perf_counter() - begin) * 1000
    assert response.status_code == 200, (path, params, response.status_code)
    return elapsed


def _search(figures):
    from django.test import Client

    rng = random.Random(7)
    client = Client(SERVER_NAME="localhost")
    client.get("/associations/", {"q": "warm"})
    samples = [
        _timed(client, "/associations/", {"q": f"{rng.choice(WORDS)} {n}"[: 3 + n % 12]})
        for n in range(40)
    ]
    figures["associations search: median ms (cache miss)"] = round(statistics.median(samples), 1)
    figures["associations search: p95 ms"] = round(
        statistics.quantiles(samples, n=100, method="inclusive")[94], 1
    )
    samples = [
        _timed(client, "/agenda/", {"place": rng.choice(PLACES)[: 4 + n % 8], "page": n % 3 + 1})
        for n in range(20)
    ]
    figures["agenda filter by place: median ms (cache miss)"] = round(statistics.median(samples), 1)


def run():
    from django.conf import settings

    from pages.demo import seed_website

    seed_website()
    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    figures = {"setup": f"{ENTRIES} events and {ENTRIES} associations, DB {engine}"}
    _seed(figures)
    _throughput(figures)
    _search(figures)
    return figures
