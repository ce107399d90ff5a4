"""Periodic jobs for deployments without systemd timers (docker compose's `housekeeping`).

Every cycle publishes the pages scheduled in the CMS and cancels the requests left unpaid
past their due date; once a day it runs the retention purge
and prunes old task results. A job that fails (database restarting, say) is logged and tried
again next cycle; the loop itself never stops on an error. Systemd deployments use the timers
in deploy/systemd/ instead, which run the same commands.
"""

import logging
import signal
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

logger = logging.getLogger(__name__)

DAY = 24 * 3600


def _database_tasks():
    """Task results are kept only by django_tasks_db (production); the demo runs tasks at once."""
    return "django_tasks_db" in settings.TASKS["default"]["BACKEND"]


class Command(BaseCommand):
    help = (
        "Tâches périodiques : publication programmée des pages, et une fois par jour la "
        "rétention (purge_expired) et le nettoyage des résultats de tâches. --loop N répète "
        "toutes les N secondes."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--loop",
            type=int,
            default=0,
            metavar="SECONDES",
            help="Répéter toutes les N secondes (0 : une seule fois).",
        )
        parser.add_argument(
            "--daily-every",
            type=int,
            default=DAY,
            metavar="SECONDES",
            help="Intervalle des tâches quotidiennes (par défaut 86400).",
        )

    def handle(self, *args, loop, daily_every, **options):
        self.stopping = False
        if loop:
            signal.signal(signal.SIGTERM, self._stop)
        last_daily = None
        while True:
            self._run("publish_scheduled")
            self._run("expire_unpaid")
            if last_daily is None or time.monotonic() - last_daily >= daily_every:
                ok = self._run("purge_expired")
                if _database_tasks():
                    ok = self._run("prune_db_task_results", "--min-age-days", "14") and ok
                if ok:
                    last_daily = time.monotonic()
            if not loop or self._sleep(loop):
                return

    def _run(self, name, *args):
        try:
            call_command(name, *args, stdout=self.stdout, stderr=self.stderr)
        except Exception:  # any failure: logged, tried again at the next cycle
            logger.exception("housekeeping: %s failed", name)
            return False
        return True

    def _stop(self, signum, frame):
        self.stopping = True

    def _sleep(self, seconds):
        """Sleep in short steps so that SIGTERM stops the loop at once; True when stopping."""
        deadline = time.monotonic() + seconds
        while not self.stopping and time.monotonic() < deadline:
            time.sleep(min(1.0, deadline - time.monotonic()))
        return self.stopping
