"""Request-level CSV export of 100,000 requests: wall time and peak memory.

The data is created here (like bench_backoffice), then each export runs in a fresh Python
process so that its peak RSS is the export's own, not the data generation's: the office CSV
(";", French labels, local dates) and the machine-readable variant (`variante=codes`).
Targets: ≤ 10 s and ≤ 300 MB each.
"""

import json
import os
import subprocess
import sys

EXPORT = r"""
import json, os, time, django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from django.contrib.auth.models import User
user = User.objects.get(username="bench-manager")
client = Client(SERVER_NAME="localhost")
client.force_login(user)
session = client.session
session[DEVICE_ID_SESSION_KEY] = TOTPDevice.objects.get(user=user).persistent_id
session.save()
def hwm():  # this process's own peak RSS (ru_maxrss would include the parent's, kept over exec)
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) // 1024
before = hwm()
started = time.perf_counter()
URL = "/bureau/statistiques/demandes.csv?period=custom&start=2024-01-01&end=2026-12-31" + VARIANT
response = client.get(URL)
size = lines = 0
for chunk in response.streaming_content:
    size += len(chunk); lines += chunk.count(b"\n")
elapsed = time.perf_counter() - started
peak = hwm()
print(json.dumps({"seconds": round(elapsed, 2), "rows": lines - 1, "mb": round(size / 1e6, 1),
                  "rss_before_mb": before, "rss_peak_mb": peak}))
"""


def run():
    from bench.bench_backoffice import _populate
    from guichet import roles
    from guichet.models import DocumentRequest
    from population.roles import POPULATION
    from tests.conftest import make_staff

    count = int(os.environ.get("BENCH_REQUESTS", "100000"))
    if DocumentRequest.objects.count() < count:
        _populate(make_staff("bench-clerk-export", POPULATION))
    from django.contrib.auth.models import User

    if not User.objects.filter(username="bench-manager").exists():
        make_staff("bench-manager", roles.MANAGERS)
    results = {"database": os.environ["DATABASE_URL"].split(":")[0]}
    for label, variant in [("", ""), ("codes variant ", "&variante=codes")]:
        result = subprocess.run(
            [sys.executable, "-c", f"VARIANT = {variant!r}\n" + EXPORT],
            capture_output=True,
            text=True,
            env=os.environ.copy(),
            check=True,
        )
        figures = json.loads(result.stdout.strip().splitlines()[-1])
        results.update(
            {
                f"{label}rows exported": figures["rows"],
                f"{label}CSV size MB": figures["mb"],
                f"{label}export seconds": figures["seconds"],
                f"{label}export process RSS before MB": figures["rss_before_mb"],
                f"{label}export process peak RSS MB": figures["rss_peak_mb"],
            }
        )
    return results
