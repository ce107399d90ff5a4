"""Load on two gunicorn instances sharing one PostgreSQL (loopback only, bounded).

1. After a warm-up (page views, no submission), 500 citizens confirm their order at once
   (100 in flight): every request answers without 5xx, 500 requests exist with unique,
   gapless references; submissions/s and latencies.
   Then 2,000 more in a row (same concurrency) for the sustained rate.
2. 50 clerks press "take next" at once across both instances: 50 different requests.
3. 60 s of mixed traffic from 24 virtual users: anonymous visitors (home, catalogue,
   procedure, works), tracking look-ups, citizens going through the whole order (four steps
   and the confirmation), clerks (queue, take next, issue the PDF).

Servers run the shipped configuration (deploy/gunicorn.conf.py) in production mode; the
client is one asyncio loop in this process (bench/loadgen.py). Needs PostgreSQL (run with
`bench/run.py --postgres load`); on SQLite it reports a skip. The 2-core machine runs the
servers, PostgreSQL and the client at once: on a real deployment the client is elsewhere.
"""

import asyncio
import itertools
import time

from django.db import connection

from bench import loadgen
from bench.loadgen import ORDER, PORTS, fetch, order_body, percentiles

BURST = 500
SUSTAINED = 2000
IN_FLIGHT = 100
CLERKS = 50
MIXED_SECONDS = 60


async def _submit_all(sessions):
    gate = asyncio.Semaphore(IN_FLIGHT)

    async def submit(i, session):
        async with gate:
            return await fetch(PORTS[i % 2], "POST", f"{ORDER}/verification/", session=session)

    started = time.perf_counter()
    client_cpu = time.process_time()
    results = await asyncio.gather(*(submit(i, s) for i, s in enumerate(sessions)))
    elapsed = time.perf_counter() - started
    # The client's own CPU (this process) over the wall time: its share of one core, to show
    # whether the load generator, on the same two cores as the servers, limits the figure.
    _submit_all.client_share = (time.process_time() - client_cpu) / elapsed
    return results, elapsed


async def _warm_up(sessions):
    """What a server that has been up for a while has done: each worker has loaded its
    templates, URL patterns and site settings (the check page reads, it does not submit)."""
    await asyncio.gather(
        *(
            fetch(PORTS[i % 2], "GET", path, session=session)
            for i, session in enumerate(sessions)
            for path in ("/", "/guichet/", f"{ORDER}/verification/")
        )
    )


def _submission_figures(label, results, elapsed):
    statuses = [r[0] for r in results]
    p50, p95, p99 = percentiles([r[1] for r in results])
    return {
        f"{label} submissions/s": round(len(results) / elapsed, 1),
        f"{label} p50/p95/p99 ms": f"{p50} / {p95} / {p99}",
        f"{label} 5xx or no answer": sum(1 for s in statuses if s >= 500 or s == 0),
        f"{label} accepted (302)": statuses.count(302),
        f"{label} client CPU (share of one core)": round(_submit_all.client_share, 2),
    }


async def _take_next(clerk_sessions):
    return await asyncio.gather(
        *(
            fetch(PORTS[i % 2], "POST", "/bureau/demandes/suivante/", session=s)
            for i, s in enumerate(clerk_sessions)
        )
    )


async def _mixed(citizens, clerks, tracking_codes, purpose_pk, procedure_path):
    """24 virtual users for MIXED_SECONDS; returns {category: [ms]} and the failures."""
    stop = time.monotonic() + MIXED_SECONDS
    latencies = {name: [] for name in ("visitor", "tracking", "order", "clerk")}
    failures = []
    port_cycle = itertools.cycle(PORTS)

    async def call(category, method, path, expected, **kwargs):
        status, ms, location, _body = await fetch(next(port_cycle), method, path, **kwargs)
        latencies[category].append(ms)
        if status not in expected:
            failures.append((category, method, path.split("?")[0], status))
        return status, location

    async def visitor(n):
        pages = ["/", "/guichet/", procedure_path, "/travaux/", "/cpas/"]
        for i in itertools.count(n):
            if time.monotonic() > stop:
                return
            await call("visitor", "GET", pages[i % len(pages)], {200})

    async def tracker(n):
        for i in itertools.count(n):
            if time.monotonic() > stop:
                return
            code = tracking_codes[i % len(tracking_codes)]
            await call("tracking", "POST", "/suivi/", {200}, body=f"code={code}")

    async def citizen(session):
        while time.monotonic() < stop:
            for step in ("pour-qui", "details", "remise"):
                body = order_body(step, purpose_pk)
                await call("order", "POST", f"{ORDER}/{step}/", {302}, session=session, body=body)
            await call("order", "GET", f"{ORDER}/verification/", {200}, session=session)
            await call("order", "POST", f"{ORDER}/verification/", {302}, session=session)

    async def clerk(session):
        while time.monotonic() < stop:
            await call("clerk", "GET", "/bureau/demandes/", {200}, session=session)
            status, location = await call(
                "clerk", "POST", "/bureau/demandes/suivante/", {302}, session=session
            )
            if status == 302 and location.rstrip("/").count("/") == 3:  # a request page
                await call("clerk", "GET", location, {200}, session=session)
                await call(
                    "clerk",
                    "POST",
                    f"{location}issue/",
                    {302},
                    session=session,
                    body="expected_state=in_review&checked=on",
                )

    await asyncio.gather(
        *(visitor(n) for n in range(8)),
        *(tracker(n) for n in range(4)),
        *(citizen(s) for s in citizens),
        *(clerk(s) for s in clerks),
    )
    return latencies, failures


def run():
    if connection.vendor != "postgresql":
        return {"skipped": "needs PostgreSQL: bench/run.py --postgres load"}
    from guichet.models import DocumentRequest, Purpose
    from pages.demo import seed_website
    from pages.models import ProcedurePage

    seed_website()
    loadgen.empty_request_tables()
    burst, purpose_pk = loadgen.prepare_citizens(BURST)
    sustained, _ = loadgen.prepare_citizens(SUSTAINED, offset=BURST)
    mixed_citizens, _ = loadgen.prepare_citizens(8, offset=BURST + SUSTAINED, with_draft=False)
    clerk_sessions = loadgen.prepare_clerks(CLERKS)
    procedure = ProcedurePage.objects.live().first()
    procedure_path = procedure.url if procedure else "/demarches/"
    assert Purpose.objects.filter(pk=purpose_pk).exists()
    connection.close()  # the servers need the database; keep none of ours open meanwhile

    figures = {"instances": len(PORTS)}
    with loadgen.Servers() as servers:
        figures["gunicorn sync workers per instance"] = servers.workers_per_instance
        asyncio.run(_warm_up(burst[:100]))
        results, elapsed = asyncio.run(_submit_all(burst))
        figures.update(_submission_figures(f"burst of {BURST}:", results, elapsed))
        figures["burst: requests created"] = DocumentRequest.objects.count()
        figures["burst: references gapless and unique"] = loadgen.references_gapless()

        results, elapsed = asyncio.run(_submit_all(sustained))
        figures.update(_submission_figures(f"sustained {SUSTAINED}:", results, elapsed))
        figures["all references gapless and unique"] = loadgen.references_gapless()

        take = asyncio.run(_take_next(clerk_sessions))
        claimed = DocumentRequest.objects.filter(state="in_review")
        figures.update(
            {
                "take-next 5xx": sum(1 for r in take if r[0] >= 500 or r[0] == 0),
                "take-next claimed": claimed.count(),
                "take-next distinct clerks": claimed.values("assigned_to").distinct().count(),
            }
        )
        tracking = list(DocumentRequest.objects.values_list("tracking_code", flat=True)[:50])
        connection.close()
        latencies, failures = asyncio.run(
            _mixed(mixed_citizens, clerk_sessions[:4], tracking, purpose_pk, procedure_path)
        )
    total = sum(len(v) for v in latencies.values())
    figures[f"mixed: requests in {MIXED_SECONDS} s"] = total
    figures["mixed: requests/s"] = round(total / MIXED_SECONDS, 1)
    figures["mixed: errors (5xx, no answer or unexpected status)"] = len(failures)
    if failures:
        figures["mixed: first errors"] = failures[:5]
    for category, samples in latencies.items():
        p50, p95, p99 = percentiles(samples)
        figures[f"mixed {category}: n, p50/p95/p99 ms"] = f"{len(samples)}, {p50} / {p95} / {p99}"
    figures["mixed: documents issued by clerks"] = DocumentRequest.objects.filter(
        state="issued"
    ).count()
    figures["all references gapless and unique after mixed"] = loadgen.references_gapless()
    return figures
