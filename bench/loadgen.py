"""Load-test harness shared by bench_load and bench_faults.

- `Servers`: two gunicorn instances started with the shipped configuration
  (deploy/gunicorn.conf.py: sync workers, 2 × cores + 1 per instance, gc.freeze) in production
  mode (DEBUG off, manifest static files collected into a scratch folder).
- `fetch`: a minimal asyncio HTTP/1.1 client. One event loop drives hundreds of concurrent
  clients for a fraction of the CPU a thread per client costs — on a 2-core machine the
  generator competes with the servers and PostgreSQL, so its cost is part of the figures.
- `prepare_citizens` / `prepare_clerks`: signed-in sessions written to the database
  beforehand, so the load is the traffic itself, not OIDC round trips.
"""

import asyncio
import contextlib
import datetime
import os
import runpy
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from django.db import connection

ROOT = Path(__file__).resolve().parent.parent
PORTS = (18081, 18082)
CSRF = "b" * 32  # a fixed CSRF secret sent both as cookie and header (double submit)
KIND = "composition-menage"
ORDER = f"/guichet/{KIND}/commander"
# The servers' key: sessions prepared here are signed with it (session data and the
# session's authentication hash both depend on SECRET_KEY).
SECRET_KEY = "bench-only-" + "k" * 40


# Scratch folders of the servers, and their error logs (gunicorn-PORT.log).
SCRATCH = Path(tempfile.gettempdir()) / "guichet-bench"


def server_env():
    SCRATCH.mkdir(exist_ok=True)
    return {
        **os.environ,
        "DJANGO_DEBUG": "false",
        "DEMO_MODE": "false",
        "SECRET_KEY": SECRET_KEY,
        "ALLOWED_HOSTS": "localhost,127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
        "SECURE_HSTS_SECONDS": "0",
        "LOG_LEVEL": "ERROR",
        "ORDER_RATE_LIMIT": "100000",
        "PUBLIC_LOOKUP_RATE_LIMIT": "100000",
        "STATIC_ROOT": str(SCRATCH / "static"),
        "PRIVATE_ROOT": str(SCRATCH / "private"),
        "MEDIA_ROOT": str(SCRATCH / "media"),
        # As in production: e-mails are queued for the worker, not sent in the request.
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
    }


class Servers:
    """Two gunicorn instances on PORTS, as deployed; stopped on exit. `env`: variables to
    override (ALLOWED_HOSTS for other communes' hosts, say)."""

    def __init__(self, env=None):
        self.processes = []
        self.extra_env = env or {}

    def __enter__(self):
        env = {**server_env(), **self.extra_env}
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
            cwd=ROOT,
            env=env,
            check=True,
        )
        for port in PORTS:
            self.processes.append(
                subprocess.Popen(
                    [
                        sys.executable,
                        "-m",
                        "gunicorn",
                        "-c",
                        "deploy/gunicorn.conf.py",
                        "--bind",
                        f"127.0.0.1:{port}",
                        "--access-logfile",
                        "/dev/null",
                        "config.wsgi",
                    ],
                    cwd=ROOT,
                    env=env,
                    stdout=subprocess.DEVNULL,
                    stderr=(SCRATCH / f"gunicorn-{port}.log").open("w"),
                    start_new_session=True,
                )
            )
        deadline = time.time() + 60
        for port in PORTS:
            while time.time() < deadline:
                status, _ms, _loc, _body = asyncio.run(fetch(port, "GET", "/healthz"))
                if status == 200:
                    break
                time.sleep(0.3)
            else:
                raise RuntimeError(f"gunicorn on port {port} did not become healthy")
        return self

    @property
    def workers_per_instance(self):
        """As the shipped configuration computes it (read from the file, not repeated)."""
        return runpy.run_path(str(ROOT / "deploy" / "gunicorn.conf.py"))["workers"]

    def __exit__(self, *exc):
        for process in self.processes:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes:
            process.wait(timeout=40)


async def fetch(port, method, path, *, session=None, body="", timeout=60, host="localhost"):
    """One request on a fresh connection: (status, milliseconds, Location, body). `host`:
    the Host header (which commune answers).

    Status 0 means no HTTP answer at all (connection refused or reset, timeout).
    """
    cookie = f"csrftoken={CSRF}" + (f"; sessionid={session}" if session else "")
    payload = body.encode()
    head = [
        f"{method} {path} HTTP/1.1",
        f"Host: {host}",
        "Connection: close",
        f"Cookie: {cookie}",
    ]
    if method == "POST":
        head += [
            f"X-CSRFToken: {CSRF}",
            f"Referer: http://{host}/",
            "Content-Type: application/x-www-form-urlencoded",
            f"Content-Length: {len(payload)}",
        ]
    request = ("\r\n".join(head) + "\r\n\r\n").encode() + payload
    started = time.perf_counter()
    try:
        async with asyncio.timeout(timeout):
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            try:
                writer.write(request)
                await writer.drain()
                raw = await reader.read()
            finally:
                writer.close()
    except (OSError, TimeoutError):
        return 0, (time.perf_counter() - started) * 1000, "", b""
    elapsed = (time.perf_counter() - started) * 1000
    header, _sep, content = raw.partition(b"\r\n\r\n")
    lines = header.decode("latin-1").split("\r\n")
    try:
        status = int(lines[0].split(" ", 2)[1])
    except (IndexError, ValueError):
        return 0, elapsed, "", b""
    location = ""
    for line in lines[1:]:
        name, _colon, value = line.partition(":")
        if name.lower() == "location":
            location = value.strip()
    return status, elapsed, location, content


def percentiles(samples):
    """Median, p95 and p99 in milliseconds, rounded (interpolated between the closest samples,
    as the statistics page does)."""
    if len(samples) < 2:
        return (round(samples[0], 1),) * 3 if samples else (None, None, None)
    cuts = statistics.quantiles(samples, n=100, method="inclusive")
    return round(statistics.median(samples), 1), round(cuts[94], 1), round(cuts[98], 1)


def order_body(step, purpose_pk):
    return {
        "pour-qui": "subject_type=self",
        "details": f"purpose={purpose_pk}",
        "remise": "copies=1&delivery=download",
    }[step]


def _session(user, **data):
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.test import override_settings

    with override_settings(SECRET_KEY=SECRET_KEY):
        store = SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        for key, value in data.items():
            store[key] = value
        store.create()
    return store.session_key


def load_name(i, serial=1):
    """The load citizen's account name (and household code, lower-cased)."""
    return f"load-{i}" if serial == 1 else f"load-{serial}-{i}"


def prepare_citizens(count, *, offset=0, serial=1, with_draft=True):
    """`count` citizens living alone, signed in with a weak assurance (their requests wait
    for a clerk), each with a finished order draft when `with_draft`. Citizen i is born on
    1 January 1940 plus i days, with national-number serial `serial` (another serial gives
    other people born the same days, for a database that already has the first ones)."""
    from django.contrib.auth.models import User

    from guichet import niss
    from guichet.models import CitizenProfile, Purpose
    from population.models import Address, Household, Membership, Person

    purpose = Purpose.objects.get(kind=KIND, code="mutuelle")
    address, _ = Address.objects.get_or_create(
        street="Rue de la Charge", number="1", postcode="5999", city="Val-des-Sources"
    )
    draft = {
        "pour-qui": {
            "subject_type": "self",
            "subject_niss": "",
            "subject_name": "",
            "relationship": "",
            "relationship_detail": "",
        },
        "details": {"details": {}, "purpose": purpose.pk, "purpose_explanation": ""},
        "remise": {"copies": 1, "delivery": "download", "postal_address": {}},
    }
    sessions = []
    for i in range(offset, offset + count):
        birth = datetime.date(1940, 1, 1) + datetime.timedelta(days=i)
        number = niss.make(birth, serial)
        name = load_name(i, serial)
        person = Person.objects.create(
            niss=number,
            last_name=f"Charge{i}",
            first_names="Test",
            sex="M",
            birth_date=birth,
            birth_place="Namur",
        )
        household = Household.objects.create(
            code=name.upper(), address=address, reference_person=person
        )
        Membership.objects.create(
            person=person, household=household, relationship="reference", start_date=birth
        )
        user = User.objects.create(
            username=name,
            first_name="Test",
            last_name=f"Charge{i}",
            email=f"{name}@example.test",
        )
        CitizenProfile.objects.create(user=user, niss=number, birth_date=birth)
        data = {"citizen_assurance": "low"}
        if with_draft:
            data[f"order:{KIND}"] = {**draft, "submission_key": uuid.uuid4().hex}
        sessions.append(_session(user, **data))
    return sessions, purpose.pk


def prepare_clerks(count, *, prefix="load-clerk"):
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from population.roles import POPULATION
    from tests.conftest import make_staff

    sessions = []
    for i in range(count):
        clerk = make_staff(f"{prefix}-{i}", POPULATION)
        device = TOTPDevice.objects.get(user=clerk)
        sessions.append(_session(clerk, **{DEVICE_ID_SESSION_KEY: device.persistent_id}))
    return sessions


def references_gapless():
    """True when the requests' numbers are exactly 1..N (one year in a bench run)."""
    from guichet.models import DocumentRequest

    numbers = sorted(
        int(reference.split("-")[1])
        for reference in DocumentRequest.objects.values_list("reference", flat=True)
    )
    return numbers == list(range(1, len(numbers) + 1))


def empty_request_tables():
    """Start from no request at all (scratch database only): earlier benchmarks of the same
    run leave thousands, and the checks here count from reference 1."""
    from guichet.models import AuditEntry, DocumentRequest, ReferenceCounter

    tables = ", ".join(
        model._meta.db_table for model in (DocumentRequest, ReferenceCounter, AuditEntry)
    )
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")
