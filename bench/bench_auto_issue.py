"""From the citizen's confirmation POST to a downloadable PDF (auto-issue), server side.

Each iteration walks the four ordering steps for a strongly signed-in citizen asking for
their own household composition, then times the confirmation POST plus the download GET
together (what the citizen waits for). Target: p95 ≤ 1 s.
"""

import statistics
import time

from django.db import connection
from django.test import Client

ITERATIONS = 40


def _citizen():
    from guichet.constants import Assurance
    from tests.factories import family, make_citizen

    parent, *_ = family()
    citizen = make_citizen(parent)
    client = Client(SERVER_NAME="localhost")
    client.force_login(citizen.user)
    session = client.session
    session["citizen_assurance"] = Assurance.HIGH
    session.save()
    return client


def run():
    from django.conf import settings

    from guichet.models import DocumentRequest, Purpose

    settings.ORDER_RATE_LIMIT = 10**6  # the bench is one "IP" ordering in a loop

    client = _citizen()
    purpose = Purpose.objects.get(kind="composition-menage", code="mutuelle").pk
    base = "/guichet/composition-menage/commander"
    samples = []
    for i in range(ITERATIONS + 3):
        client.post(f"{base}/pour-qui/", {"subject_type": "self"})
        client.post(f"{base}/details/", {"purpose": purpose})
        client.post(f"{base}/remise/", {"copies": 1, "delivery": "download"})
        started = time.perf_counter()
        response = client.post(f"{base}/verification/")
        reference = response["Location"].split("/")[-3]
        download = client.get(f"/guichet/mes-demandes/{reference}/document.pdf")
        body = b"".join(download.streaming_content)
        elapsed = (time.perf_counter() - started) * 1000
        assert download.status_code == 200 and body.startswith(b"%PDF"), download.status_code
        if i >= 3:  # the first ones warm up WeasyPrint, fonts and templates
            samples.append(elapsed)
    issued = DocumentRequest.objects.filter(state="issued").count()
    p95 = statistics.quantiles(samples, n=100, method="inclusive")[94]
    return {
        "database": connection.vendor,
        "iterations": ITERATIONS,
        "auto-issued requests": issued,
        "confirm→PDF median ms": round(statistics.median(samples), 1),
        "confirm→PDF p95 ms": round(p95, 1),
        "confirm→PDF max ms": round(max(samples), 1),
    }
