"""PostgreSQL restarted in the middle of a load run (two gunicorn instances, loopback).

1,500 citizens confirm their order, 40 at a time; after 4 s the PostgreSQL cluster is stopped
(fast shutdown: open connections are cut) and started again 3 s later. Meanwhile /healthz is
probed every 100 ms and visitors load the home page and the catalogue. A citizen who gets no
reference waits a second and confirms again, as the 503 page tells them to.

Checked afterwards: every failure was a 503 with the French page (no other 5xx); /healthz said
503 during the outage and 200 again after; nothing is half-written (every request has its real
reference, its tracking code and its "submitted" audit entry; references are gapless and the
year's counter equals the number of requests); every citizen ended with exactly one request
(or the duplicates are counted); the service resumed by itself.

Needs root, the local cluster (pg_ctlcluster) and BENCH_RESTART_POSTGRES=1 (`make
bench-faults`); otherwise it reports a skip. Never run it where something else uses that
PostgreSQL.
"""

import asyncio
import os
import shutil
import subprocess
import time
from collections import Counter

from django.db import connection

from bench import loadgen
from bench.loadgen import ORDER, PORTS, fetch, percentiles

CITIZENS = 1500
IN_FLIGHT = 40
OUTAGE_AT = 4.0
OUTAGE_SECONDS = 3.0
FRENCH_503 = "Service momentanément indisponible".encode()


def _cluster():
    """(version, name) of the local cluster on port 5432, or None."""
    if os.geteuid() != 0 or not shutil.which("pg_lsclusters"):
        return None
    listing = subprocess.run(["pg_lsclusters", "-h"], capture_output=True, text=True).stdout
    for line in listing.splitlines():
        version, name, port, *_rest = line.split()
        if port == "5432":
            return version, name
    return None


def _pg(action, cluster):
    command = ["pg_ctlcluster", "--skip-systemctl-redirect", *cluster, action]
    if action == "stop":
        command += ["-m", "fast"]
    subprocess.run(command, check=True, capture_output=True)


async def _run(sessions, cluster):
    started = time.monotonic()
    events = {}
    answers = []  # (status, ms, is_french_503)
    outcomes = {"accepted": 0, "already recorded": 0, "gave up": 0}
    health = []  # (seconds since start, status)
    visitors = []
    done = asyncio.Event()
    queue = asyncio.Queue()
    for i, session in enumerate(sessions):
        queue.put_nowait((i, session))

    async def citizen_worker():
        while not queue.empty():
            i, session = queue.get_nowait()
            for _attempt in range(60):
                status, ms, location, body = await fetch(
                    PORTS[i % 2], "POST", f"{ORDER}/verification/", session=session, timeout=30
                )
                answers.append((status, ms, status == 503 and FRENCH_503 in body))
                if status == 302:
                    key = "accepted" if "/confirmation/" in location else "already recorded"
                    outcomes[key] += 1
                    break
                await asyncio.sleep(1)
            else:
                outcomes["gave up"] += 1

    async def prober():
        while not done.is_set():
            status, *_ = await fetch(PORTS[0], "GET", "/healthz", timeout=5)
            health.append((time.monotonic() - started, status))
            await asyncio.sleep(0.1)

    async def visitor(n):
        pages = ["/", "/guichet/"]
        while not done.is_set():
            status, *_ = await fetch(PORTS[n % 2], "GET", pages[n % 2], timeout=30)
            visitors.append(status)
            await asyncio.sleep(0.05)

    async def outage():
        await asyncio.sleep(OUTAGE_AT)
        events["stop"] = time.monotonic() - started
        await asyncio.to_thread(_pg, "stop", cluster)
        events["stopped"] = time.monotonic() - started
        await asyncio.sleep(OUTAGE_SECONDS)
        events["restarting"] = time.monotonic() - started
        await asyncio.to_thread(_pg, "start", cluster)
        events["start"] = time.monotonic() - started

    background = [asyncio.create_task(prober())]
    background += [asyncio.create_task(visitor(n)) for n in range(4)]
    await asyncio.gather(outage(), *(citizen_worker() for _ in range(IN_FLIGHT)))
    events["end"] = time.monotonic() - started
    done.set()
    await asyncio.gather(*background)
    return events, answers, outcomes, health, visitors


def _nothing_half_written(year_counts):
    from guichet.models import AuditEntry, DocumentRequest, ReferenceCounter

    requests = DocumentRequest.objects.all()
    submitted_audits = set(
        AuditEntry.objects.filter(action="guichet.request.submitted").values_list(
            "request_id", flat=True
        )
    )
    counters_match = all(
        ReferenceCounter.objects.filter(year=year, last=count).exists()
        for year, count in year_counts.items()
    )
    return {
        "placeholder references left (tmp-)": requests.filter(reference__startswith="tmp-").count(),
        "requests without tracking code": requests.filter(tracking_code="").count(),
        "requests without their 'submitted' audit entry": sum(
            1 for pk in requests.values_list("pk", flat=True) if pk not in submitted_audits
        ),
        "year counter equals number of requests": counters_match,
        "references gapless and unique": loadgen.references_gapless(),
    }


def run():
    if connection.vendor != "postgresql":
        return {"skipped": "needs PostgreSQL: bench/run.py --postgres faults"}
    if os.environ.get("BENCH_RESTART_POSTGRES") != "1":
        return {
            "skipped": "restarts the local PostgreSQL: `make bench-faults` (sets "
            "BENCH_RESTART_POSTGRES=1)"
        }
    cluster = _cluster()
    if cluster is None:
        return {"skipped": "needs root and the local PostgreSQL cluster on port 5432"}
    from django.db.models import Count
    from django.db.models.functions import ExtractYear

    from guichet.models import DocumentRequest

    loadgen.empty_request_tables()
    sessions, _purpose = loadgen.prepare_citizens(CITIZENS, offset=20000)
    connection.close()

    with loadgen.Servers():
        events, answers, outcomes, health, visitors = asyncio.run(_run(sessions, cluster))
    connection.close()  # ours was cut by the restart too

    statuses = [status for status, _ms, _fr in answers]
    failures = [a for a in answers if a[0] != 302]
    # While the cluster is down for sure: between the end of the stop and the start command.
    outage_health = [s for t, s in health if events["stopped"] < t < events["restarting"]]
    back = next((t for t, s in health if t > events["start"] and s == 200), None)
    year_counts = dict(
        DocumentRequest.objects.annotate(year=ExtractYear("submitted_at"))
        .values_list("year")
        .annotate(n=Count("pk"))
        .values_list("year", "n")
    )
    per_citizen = (
        DocumentRequest.objects.values("applicant").annotate(n=Count("pk")).filter(n__gt=1).count()
    )
    p50, p95, p99 = percentiles([ms for _s, ms, _fr in answers])
    figures = {
        "citizens": CITIZENS,
        "PostgreSQL stop → stopped → start → accepting (s)": (
            f"{events['stop']:.1f} → {events['stopped']:.1f} → {events['restarting']:.1f} → "
            f"{events['start']:.1f}"
        ),
        "run length s": round(events["end"], 1),
        "confirmations sent (with retries)": len(answers),
        "accepted at once or after retry": outcomes["accepted"],
        "answered 'already recorded' on retry": outcomes["already recorded"],
        "gave up": outcomes["gave up"],
        "503 with the French page": sum(1 for _s, _ms, fr in answers if fr),
        "503 without the French page": sum(1 for s, _ms, fr in answers if s == 503 and not fr),
        "other 5xx": sum(1 for s in statuses if s >= 500 and s != 503),
        "no answer (connection cut)": statuses.count(0),
        "unexpected statuses": sorted({s for s, *_ in failures if s not in (0, 503)}),
        "submit p50/p95/p99 ms": f"{p50} / {p95} / {p99}",
        "healthz during outage (status: probes)": dict(Counter(outage_health)),
        "healthz 200 again, s after PostgreSQL is back": (
            round(back - events["start"], 1) if back else "never"
        ),
        "visitor pages: 200 / 503 / other": (
            f"{visitors.count(200)} / {visitors.count(503)} / "
            f"{sum(1 for s in visitors if s not in (200, 503))}"
        ),
        "requests created": DocumentRequest.objects.count(),
        "citizens with two requests (retry after a lost answer)": per_citizen,
    }
    figures.update(_nothing_half_written(year_counts))
    return figures
