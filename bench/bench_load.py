"""Load on two gunicorn instances sharing one PostgreSQL (loopback only, bounded).

1. 500 citizens confirm their order at once (100 in flight): every request answers without
   5xx, 500 requests exist with unique, gapless references; submissions/s and latencies.
2. 50 clerks press "take next" at once across both instances: 50 different requests.
3. 30 s of mixed traffic (home page, tracking look-ups, verification page, the queue).

Needs PostgreSQL (run with `bench/run.py --postgres load`); on SQLite it reports a skip.
Sessions are prepared in the database beforehand, so the load is the confirmation POST itself
(the step that takes the reference, writes the request and its audit entry).
"""

import http.client
import os
import signal
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from django.db import connection

ROOT = Path(__file__).resolve().parent.parent
PORTS = (18081, 18082)
CITIZENS = 500
CLERKS = 50
CSRF = "b" * 32  # a fixed CSRF secret sent both as cookie and header (double submit)


def _start_servers():
    env = {
        **os.environ,
        "DJANGO_DEBUG": "true",
        "DEMO_MODE": "false",
        "LOG_LEVEL": "WARNING",
        "ORDER_RATE_LIMIT": "100000",
        "PUBLIC_LOOKUP_RATE_LIMIT": "100000",
        "DB_CONN_MAX_AGE": "60",
        "PRIVATE_ROOT": "/tmp/guichet-bench-private",
        # As in production: e-mails are queued for the worker, not rendered in the request.
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
    }
    servers = []
    for port in PORTS:
        servers.append(
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "gunicorn",
                    "guichet.wsgi",
                    "--bind",
                    f"127.0.0.1:{port}",
                    "--workers",
                    "3",
                    "--threads",
                    "4",
                    "--log-level",
                    "warning",
                    "--timeout",
                    "60",
                ],
                cwd=ROOT,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                start_new_session=True,
            )
        )
    deadline = time.time() + 30
    for port in PORTS:
        while time.time() < deadline:
            try:
                if _request(port, "GET", "/healthz")[0] == 200:
                    break
            except OSError:
                time.sleep(0.3)
    return servers


def _stop_servers(servers):
    for server in servers:
        os.killpg(server.pid, signal.SIGTERM)
    for server in servers:
        server.wait(timeout=20)


def _request(port, method, path, session=None, body=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Host": "localhost", "Cookie": f"csrftoken={CSRF}"}
    if session:
        headers["Cookie"] += f"; sessionid={session}"
    if method == "POST":
        headers.update(
            {
                "X-CSRFToken": CSRF,
                "Referer": "http://localhost/",
                "Content-Type": "application/x-www-form-urlencoded",
            }
        )
    started = time.perf_counter()
    conn.request(method, path, body=body or "", headers=headers)
    response = conn.getresponse()
    response.read()
    conn.close()
    return response.status, (time.perf_counter() - started) * 1000


def _prepare():
    import datetime

    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.models import User
    from django.contrib.sessions.backends.db import SessionStore
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from guichet import niss, roles
    from guichet.models import CitizenProfile, Purpose
    from population.models import Address, Household, Membership, Person
    from tests.conftest import make_staff

    purpose = Purpose.objects.get(kind="composition-menage", code="mutuelle")
    address = Address.objects.create(
        street="Rue de la Charge", number="1", postcode="5999", city="Val-des-Sources"
    )
    sessions = []
    for i in range(CITIZENS):
        birth = datetime.date(1970, 1, 1) + datetime.timedelta(days=i)
        number = niss.make(birth, 1)
        person = Person.objects.create(
            niss=number,
            last_name=f"Charge{i}",
            first_names="Test",
            sex="M",
            birth_date=birth,
            birth_place="Namur",
        )
        household = Household.objects.create(
            code=f"LOAD-{i}", address=address, reference_person=person
        )
        Membership.objects.create(
            person=person, household=household, relationship="reference", start_date=birth
        )
        user = User.objects.create(
            username=f"load-{i}",
            first_name="Test",
            last_name=f"Charge{i}",
            email=f"load{i}@example.test",
        )
        CitizenProfile.objects.create(user=user, niss=number, birth_date=birth)
        store = SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store["citizen_assurance"] = "low"  # weak sign-in: the request waits for a clerk
        store["order:composition-menage"] = {
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
        store.create()
        sessions.append(store.session_key)
    clerk_sessions = []
    for i in range(CLERKS):
        clerk = make_staff(f"load-clerk-{i}", roles.POPULATION)
        store = SessionStore()
        store[SESSION_KEY] = str(clerk.pk)
        store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        store[HASH_SESSION_KEY] = clerk.get_session_auth_hash()
        store[DEVICE_ID_SESSION_KEY] = TOTPDevice.objects.get(user=clerk).persistent_id
        store.create()
        clerk_sessions.append(store.session_key)
    return sessions, clerk_sessions


def _percentiles(samples):
    samples = sorted(samples)

    def at(q):
        return round(samples[min(len(samples) - 1, int(len(samples) * q))], 1)

    return round(statistics.median(samples), 1), at(0.95), at(0.99)


def run():
    if connection.vendor != "postgresql":
        return {"skipped": "needs PostgreSQL: bench/run.py --postgres load"}
    from guichet.models import DocumentRequest

    sessions, clerk_sessions = _prepare()
    connection.close()  # the servers need the database; keep none of ours open meanwhile
    servers = _start_servers()
    figures = {"instances": len(PORTS), "citizens": CITIZENS}
    try:

        def submit(i):
            return _request(
                PORTS[i % 2],
                "POST",
                "/guichet/composition-menage/commander/verification/",
                session=sessions[i],
            )

        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=100) as pool:
            results = list(pool.map(submit, range(CITIZENS)))
        elapsed = time.perf_counter() - started
        statuses = [status for status, _ in results]
        p50, p95, p99 = _percentiles([ms for _, ms in results])
        references = sorted(
            int(r.split("-")[1])
            for r in DocumentRequest.objects.values_list("reference", flat=True)
        )
        figures.update(
            {
                "submissions/s": round(CITIZENS / elapsed, 1),
                "submit p50 ms": p50,
                "submit p95 ms": p95,
                "submit p99 ms": p99,
                "submit 5xx": sum(1 for s in statuses if s >= 500),
                "submit redirects (302 = accepted)": statuses.count(302),
                "requests created": len(references),
                "references gapless and unique": references == list(range(1, len(references) + 1)),
            }
        )

        def take(i):
            return _request(
                PORTS[i % 2], "POST", "/bureau/demandes/suivante/", session=clerk_sessions[i]
            )

        with ThreadPoolExecutor(max_workers=CLERKS) as pool:
            take_results = list(pool.map(take, range(CLERKS)))
        claimed = DocumentRequest.objects.filter(state="in_review")
        figures.update(
            {
                "take-next 5xx": sum(1 for s, _ in take_results if s >= 500),
                "take-next claimed": claimed.count(),
                "take-next distinct clerks": claimed.values("assigned_to").distinct().count(),
            }
        )

        tracking = list(DocumentRequest.objects.values_list("tracking_code", flat=True)[:50])
        mixed, errors = [], 0
        stop = time.time() + 30

        def browse(i):
            nonlocal errors
            local = []
            n = 0
            while time.time() < stop and n < 2000:
                port = PORTS[(i + n) % 2]
                kind = n % 4
                if kind == 0:
                    status, ms = _request(port, "GET", "/")
                elif kind == 1:
                    status, ms = _request(
                        port, "POST", "/suivi/", body=f"code={tracking[n % len(tracking)]}"
                    )
                elif kind == 2:
                    status, ms = _request(port, "GET", "/guichet/")
                else:
                    status, ms = _request(
                        port, "GET", "/bureau/demandes/", session=clerk_sessions[i % CLERKS]
                    )
                if status >= 500:
                    errors += 1
                local.append(ms)
                n += 1
            return local

        with ThreadPoolExecutor(max_workers=16) as pool:
            for local in pool.map(browse, range(16)):
                mixed.extend(local)
        p50, p95, p99 = _percentiles(mixed)
        figures.update(
            {
                "mixed requests in 30 s": len(mixed),
                "mixed requests/s": round(len(mixed) / 30, 1),
                "mixed 5xx": errors,
                "mixed p50 ms": p50,
                "mixed p95 ms": p95,
                "mixed p99 ms": p99,
            }
        )
    finally:
        _stop_servers(servers)
    return figures
