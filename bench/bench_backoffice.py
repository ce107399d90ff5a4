"""Back-office pages with many requests: queue page and request page server time.

Creates BENCH_REQUESTS requests (default 100,000) with bulk_create, spread over two years
and every state, then times the queue (default filters, a filtered view, a search) and a
request page as a verified population clerk. Target: ≤ 150 ms median each on PostgreSQL.
"""

import datetime
import os
import random
import statistics
import time

from django.db import connection, reset_queries
from django.test import Client
from django.utils import timezone

COUNT = int(os.environ.get("BENCH_REQUESTS", "100000"))
STATES = ["submitted", "in_review", "awaiting_citizen", "issued", "closed", "rejected", "cancelled"]
WEIGHTS = [8, 3, 1, 30, 50, 5, 3]


def _populate(clerk):
    from guichet.models import DocumentRequest, ReferenceCounter

    rng = random.Random(7)
    now = timezone.now()
    rows, per_year = [], {}
    for i in range(COUNT):
        submitted = now - datetime.timedelta(minutes=rng.randint(0, 2 * 365 * 24 * 60))
        year = submitted.year
        per_year[year] = per_year.get(year, 0) + 1
        state = rng.choices(STATES, WEIGHTS)[0]
        rows.append(
            DocumentRequest(
                reference=f"B{year}-{per_year[year]:06d}",
                tracking_code=f"BENCH{i:05d}"[:10],
                kind="composition-menage",
                state=state,
                applicant_niss="85073003328",
                applicant_first_name="Camille",
                applicant_last_name=rng.choice(["Dupont", "Lambert", "Peeters", "Maes"]),
                subject_niss="85073003328",
                subject_first_name="Camille",
                subject_last_name=rng.choice(["Dupont", "Lambert", "Peeters", "Maes", "Renard"]),
                purpose="mutuelle",
                purpose_label="Mutuelle",
                submitted_at=submitted,
                issued_at=submitted + datetime.timedelta(hours=30)
                if state in ("issued", "closed")
                else None,
                channel="clerk" if state in ("issued", "closed") else "",
                assigned_to=clerk if state == "in_review" and i % 3 == 0 else None,
            )
        )
    DocumentRequest.objects.bulk_create(rows, batch_size=5000)
    for year, last in per_year.items():
        ReferenceCounter.objects.update_or_create(year=year, defaults={"last": last})
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE guichet_documentrequest")


def _time(client, url, n=40):
    client.get(url)
    samples = []
    executed = []

    def count(execute, sql, params, many, context):
        executed.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        client.get(url)
    for _ in range(n):
        started = time.perf_counter()
        response = client.get(url)
        samples.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    reset_queries()
    return round(statistics.median(samples), 1), len(executed)


def run():
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from guichet.models import DocumentRequest
    from population.roles import POPULATION
    from tests.conftest import make_staff

    clerk = make_staff("bench-clerk", POPULATION)
    started = time.perf_counter()
    _populate(clerk)
    populate_s = round(time.perf_counter() - started, 1)
    client = Client(SERVER_NAME="localhost")
    client.force_login(clerk)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = TOTPDevice.objects.get(user=clerk).persistent_id
    session.save()
    sample = DocumentRequest.objects.filter(state="in_review").order_by("-submitted_at").first()
    figures = {"database": connection.vendor, "requests": COUNT, "populate seconds": populate_s}
    for label, url in [
        ("queue (open, oldest first)", "/bureau/demandes/"),
        ("queue (all states, page 200)", "/bureau/demandes/?state=all&page=200"),
        ("queue (mine)", "/bureau/demandes/?assigned=me"),
        ("queue (search name)", "/bureau/demandes/?q=Renard&state=all"),
        ("request page", f"/bureau/demandes/{sample.reference}/"),
        ("dashboard", "/bureau/"),
    ]:
        median, queries = _time(client, url)
        figures[f"{label} median ms"] = median
        figures[f"{label} queries"] = queries
    return figures
