"""Many communes at the size of a region (docs/communes.md, "At scale"): the targets of the
multi-commune issue, measured on a database filled by
`seed_demo --scale-communes 300 --scale-persons 3600000 --scale-requests 5000000`.

Opt-in (`make bench-scale`; SCALE_DATABASE_URL names the database, default the local
`scale`); in `make bench` it reports a skip. Figures, on the first (largest) commune, the
demo's home commune, served on `localhost`:

- the back-office queue and a request page, as a verified population clerk (≤ 150 ms median);
- a household look-up: the register read behind auto-issue and the clerk's register panel
  (`population_source().household_of`, ≤ 20 ms), and the register page itself;
- the commune's statistics page, default period and a year (≤ 1 s);
- the intercommunale statistics: `guichet.stats.intercommunal_summary`, what the page
  /bureau/statistiques/intercommunales/ and its exports show, for 30 days and a year (≤ 3 s);
- submissions over two gunicorn instances to two communes' hosts at once (≥ 100/s), then
  every commune's references and receipts checked for gaps and duplicates.

The 2-core machine runs PostgreSQL, the servers and the client at once (and other work):
figures are upper bounds of what dedicated hardware gives.
"""

import asyncio
import datetime
import os
import random
import statistics
import time

from django.db import connection
from django.test import Client
from django.utils import timezone

from bench import loadgen
from bench.bench_backoffice import _time
from bench.loadgen import ORDER, PORTS, fetch, percentiles

SUBMISSIONS_PER_COMMUNE = int(os.environ.get("BENCH_SCALE_SUBMISSIONS", "1000"))
IN_FLIGHT = 100
SECOND_HOST = "mont-clair.localhost"


def _median_of(function, arguments, *, warm=3):
    for argument in arguments[:warm]:
        function(argument)
    samples = []
    for argument in arguments:
        started = time.perf_counter()
        function(argument)
        samples.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(samples), 2), round(max(samples), 1)


def _timed_ms(function, n=3):
    function()
    samples = []
    for _ in range(n):
        started = time.perf_counter()
        function()
        samples.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(samples), 1)


EXPLAIN_FILE = loadgen.ROOT / "bench" / "results" / "scale-explain.txt"


def _explain_slowest(client, label, url, top=3):
    """With BENCH_SCALE_EXPLAIN=1: the page's slowest queries and their plans (EXPLAIN
    ANALYZE), appended to bench/results/scale-explain.txt: where an index is missing."""
    if os.environ.get("BENCH_SCALE_EXPLAIN") != "1":
        return
    timed = []

    def measure(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            timed.append(((time.perf_counter() - started) * 1000, sql, params))

    with connection.execute_wrapper(measure):
        client.get(url)
    EXPLAIN_FILE.parent.mkdir(exist_ok=True)
    with EXPLAIN_FILE.open("a") as out, connection.cursor() as cursor:
        out.write(f"\n==== {label}: {url}\n")
        for ms, sql, params in sorted(timed, key=lambda t: t[0], reverse=True)[:top]:
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
            out.write(f"\n-- {ms:.1f} ms\n{sql}\n{plan}\n")


def _staff(username, role, commune):
    from django.contrib.auth.models import User

    from guichet.models import StaffMembership
    from tests.conftest import make_staff

    User.objects.filter(username=username).delete()
    user = make_staff(username, role)
    StaffMembership.objects.create(user=user, commune=commune)
    return user


def _verified_client(user):
    from tests.conftest import verify_session

    return verify_session(Client(SERVER_NAME="localhost"), user)


def _pages(figures, home):
    from guichet import communes, roles
    from guichet.models import DocumentRequest
    from population.roles import POPULATION

    clerk = _staff("bench-scale-clerk", POPULATION, home)
    manager = _staff("bench-scale-manager", roles.MANAGERS, home)
    client = _verified_client(clerk)
    with communes.activated(home):
        sample = (
            DocumentRequest.objects.filter(state="in_review", kind="composition-menage")
            .order_by("-submitted_at")
            .first()
        )
    for label, url in [
        ("queue (open, oldest first)", "/bureau/demandes/"),
        ("queue (all states, page 200)", "/bureau/demandes/?state=all&page=200"),
        ("queue (search a name)", "/bureau/demandes/?q=Renard&state=all"),
        ("queue (search a reference)", f"/bureau/demandes/?q={sample.reference}&state=all"),
        ("request page", f"/bureau/demandes/{sample.reference}/"),
        ("register page of the request", f"/bureau/demandes/{sample.reference}/registre/"),
        ("back-office home (dashboard)", "/bureau/"),
    ]:
        _explain_slowest(client, label, url)
        median, queries = _time(client, url, n=20)
        figures[f"{label}: median ms"] = median
        figures[f"{label}: queries"] = queries
    client = _verified_client(manager)
    for label, url in [
        ("statistics page, 30 days", "/bureau/statistiques/"),
        ("statistics page, 365 days", "/bureau/statistiques/?period=365j"),
    ]:
        _explain_slowest(client, label, url)
        median, queries = _time(client, url, n=5)
        figures[f"{label}: median ms"] = median
        figures[f"{label}: queries"] = queries


def _register(figures, home):
    from guichet import communes
    from population.models import Person
    from population.sources import population_source

    rng = random.Random(3)
    with communes.activated(home):
        nisses = list(Person.objects.values_list("niss", flat=True))
        count = len(nisses)
        people = rng.sample(nisses, min(200, count))
        source = population_source()
        today = timezone.localdate()
        figures["register: persons in the commune"] = count
        median, worst = _median_of(lambda n: source.household_of(n, today), people)
        figures["household look-up (household_of): median ms"] = median
        figures["household look-up (household_of): max ms"] = worst
        median, worst = _median_of(lambda n: source.registered_in_household(n, today), people)
        figures["registered in a household (auto-issue check): median ms"] = median
        median, worst = _median_of(lambda n: source.person(n), people)
        figures["person by national number: median ms"] = median


def _intercommunal(figures):
    from guichet import stats

    for days in (30, 365):
        filters = stats.StatsFilters.last_days(days)
        figures[f"intercommunale statistics (intercommunal_summary), {days} days: ms"] = _timed_ms(
            lambda f=filters: stats.intercommunal_summary(f)
        )
    figures["whole-installation stats.compute(), 30 days (no commune current): ms"] = _timed_ms(
        lambda: stats.compute(stats.StatsFilters.last_days(30)), n=1
    )


async def _submit(sessions):
    """sessions: [(host, session)]; each goes to both instances in turn."""
    gate = asyncio.Semaphore(IN_FLIGHT)

    async def one(i, host, session):
        async with gate:
            return host, await fetch(
                PORTS[i % 2], "POST", f"{ORDER}/verification/", session=session, host=host
            )

    started = time.perf_counter()
    results = await asyncio.gather(*(one(i, h, s) for i, (h, s) in enumerate(sessions)))
    return results, time.perf_counter() - started


async def _warm(sessions):
    await asyncio.gather(
        *(
            fetch(PORTS[i % 2], "GET", path, session=s, host=h)
            for i, (h, s) in enumerate(sessions)
            for path in ("/guichet/", f"{ORDER}/verification/")
        )
    )


def _free_citizens(commune, *, start):
    """(first index, national-number serial) for loadgen.prepare_citizens whose accounts and
    national numbers are not taken yet: earlier runs and the demo's register use some. The
    birth days stay those of adults (1940 + index days); later runs take the next serial."""
    from django.contrib.auth.models import User

    from guichet import niss
    from population.models import Person

    taken = set(Person.objects.filter(commune=commune).values_list("niss", flat=True))
    users = set(
        User.objects.filter(username__startswith="load-").values_list("username", flat=True)
    )
    span = range(start, start + SUBMISSIONS_PER_COMMUNE)
    for serial in range(1, 998):
        if not any(
            loadgen.load_name(i, serial) in users
            or niss.make(datetime.date(1940, 1, 1) + datetime.timedelta(days=i), serial) in taken
            for i in span
        ):
            return start, serial
    raise RuntimeError("No free national numbers left for the load citizens.")


def _submissions(figures, home, second):
    from guichet import communes, scale
    from guichet.models import DocumentRequest

    sessions = []
    for n, (commune, host) in enumerate(((home, "localhost"), (second, SECOND_HOST))):
        offset, serial = _free_citizens(commune, start=n * SUBMISSIONS_PER_COMMUNE)
        with communes.activated(commune):
            made, _purpose = loadgen.prepare_citizens(
                SUBMISSIONS_PER_COMMUNE, offset=offset, serial=serial
            )
        sessions.append([(host, s) for s in made])
    # Interleaved: the two communes' submissions arrive at once, on both instances.
    mixed = [pair for couple in zip(*sessions, strict=True) for pair in couple]
    before = {c.pk: DocumentRequest.objects.filter(commune=c).count() for c in (home, second)}
    connection.close()
    env = {"ALLOWED_HOSTS": f"localhost,127.0.0.1,{SECOND_HOST}"}
    with loadgen.Servers(env=env):
        asyncio.run(_warm(mixed[:40]))
        results, elapsed = asyncio.run(_submit(mixed))
    statuses = [r[1][0] for r in results]
    p50, p95, p99 = percentiles([r[1][1] for r in results])
    figures["submissions: two instances, two communes, total"] = len(results)
    figures["submissions/s"] = round(len(results) / elapsed, 1)
    figures["submissions p50/p95/p99 ms"] = f"{p50} / {p95} / {p99}"
    figures["submissions accepted (302)"] = statuses.count(302)
    figures["submissions 5xx or no answer"] = sum(1 for s in statuses if s >= 500 or s == 0)
    for commune in (home, second):
        figures[f"requests created in {commune.slug}"] = (
            DocumentRequest.objects.filter(commune=commune).count() - before[commune.pk]
        )
    started = time.perf_counter()
    problems = scale.sequence_problems()
    figures["gap or duplicate in any commune's references or receipts"] = (
        "none" if not problems else problems[:5]
    )
    figures["sequence check over the whole database: s"] = round(time.perf_counter() - started, 1)


def run():
    if connection.vendor != "postgresql":
        return {"skipped": "needs PostgreSQL and a scale database: make bench-scale"}
    from guichet import communes, scale
    from guichet.models import Commune, DocumentRequest, Payment
    from population.models import Person

    if not scale.already_seeded():
        return {
            "skipped": "no scale data set here: seed_demo --scale-communes … then "
            "make bench-scale (SCALE_DATABASE_URL)"
        }
    communes.forget()
    home = communes.home()
    second = Commune.objects.filter(hosts__contains=SECOND_HOST).first()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
        size = cursor.fetchone()[0]
    figures = {
        "database size": size,
        "communes": Commune.objects.count(),
        "persons": Person.objects.count(),
        "requests": DocumentRequest.objects.count(),
        "payments": Payment.objects.count(),
        "measured commune": f"{home.slug} ({DocumentRequest.objects.filter(commune=home).count()}"
        " requests)",
        "date": datetime.date.today().isoformat(),
    }
    _register(figures, home)
    _pages(figures, home)
    _intercommunal(figures)
    if os.environ.get("BENCH_SCALE_SUBMIT", "1") != "0" and second is not None:
        _submissions(figures, home, second)
    return figures
