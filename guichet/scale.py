"""Benchmark data the size of a region: `seed_demo --scale-communes 300 --scale-persons 3600000
--scale-requests 5000000` (docs/communes.md, "At scale"). PostgreSQL only.

What it writes, in one transaction (nothing at all if anything fails):

- communes: the ones already there (the demo's two full communes, with their websites) plus
  bare ones up to the number asked (`scale-001`… on `c001.scale.localhost`…): a Commune row
  with its kinds' settings and purposes, but no Wagtail tree (their pages are not served;
  their data weighs on every shared table and index as a real commune's would);
- each installed app's share through its `scale_steps` (the population register: addresses,
  households, persons, memberships);
- requests over the last two years in every state, numbered without a gap per commune and
  year after what the counters held (the counters then hold the last number, so new
  submissions continue the sequence), and their payments where the fee is above zero, with
  gapless receipt numbers.

Sizes follow a skewed spread (the k-th commune gets a share proportional to k^-0.7): with
300 communes and 3.6 million persons the first commune (the demo's home commune, where the
benchmarks look) has about 230,000 residents and 320,000 requests, a large Walloon city.

Bulk rows go through COPY (psycopg 3); the big tables' secondary indexes and unique
constraints are dropped first and built again at the end (faster than maintaining them row
by row), and foreign-key triggers are skipped when connected as a superuser
(session_replication_role): the generator writes consistent keys itself. Payments are
derived from the requests in one INSERT … SELECT. Afterwards the tables are vacuumed and
analysed. A second run is refused: recreate the database to start again.
"""

import bisect
import datetime
import heapq
import io
import itertools
import random
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal

from django.apps import apps
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone, translation
from django.utils.module_loading import import_string

from guichet import codes, communes
from guichet.constants import State

SLUG_PREFIX = "scale-"
HOST = "c{n:03d}.scale.localhost"
SKEW = 0.7
SPAN_DAYS = 730
SCALE_EMAIL = "charge@scale.example"
# How often each kind is asked for (a kind not listed: 10).
KIND_WEIGHTS = {"composition-menage": 55, "casier-judiciaire": 30, "acte-naissance": 15}

# Where a request of a given age is likely to be now: recent ones are still open, old ones
# are finished (or archived).
RECENT = [  # under 14 days
    (State.SUBMITTED, 30),
    (State.IN_REVIEW, 20),
    (State.AWAITING_CITIZEN, 8),
    (State.ISSUED, 35),
    (State.REJECTED, 3),
    (State.CANCELLED, 4),
]
MIDDLE = [  # 14 to 60 days
    (State.SUBMITTED, 3),
    (State.IN_REVIEW, 4),
    (State.AWAITING_CITIZEN, 3),
    (State.ISSUED, 25),
    (State.CLOSED, 57),
    (State.REJECTED, 4),
    (State.CANCELLED, 4),
]
OLD = [
    (State.ISSUED, 15),
    (State.CLOSED, 55),
    (State.REJECTED, 5),
    (State.CANCELLED, 5),
    (State.ARCHIVED, 20),
]
FIRST_NAMES = [
    "Lucas",
    "Louis",
    "Noah",
    "Arthur",
    "Jules",
    "Adam",
    "Victor",
    "Hugo",
    "Gabriel",
    "Nathan",
    "Thomas",
    "Maxime",
    "Antoine",
    "Martin",
    "Simon",
    "Julien",
    "Nicolas",
    "Pierre",
    "Jean",
    "Michel",
    "Philippe",
    "Marc",
    "Alain",
    "Luc",
    "Eric",
    "Olivier",
]
LAST_NAMES = [
    "Dubois",
    "Lambert",
    "Dupont",
    "Martin",
    "Simon",
    "Laurent",
    "Leclercq",
    "Mertens",
    "Peeters",
    "Janssens",
    "Maes",
    "Jacobs",
    "Renard",
    "Lejeune",
    "Collard",
    "Dumont",
    "Goffin",
    "Hubert",
    "Lemaire",
    "Delvaux",
    "Thiry",
    "Henrard",
    "Mathieu",
    "Gilson",
    "Lecomte",
    "Denis",
    "Hardy",
    "Remy",
    "Bodart",
    "Piette",
    "Pirson",
    "Wauthier",
    "Marchal",
    "Noel",
    "Servais",
    "Collignon",
    "Jacquet",
    "Lefebvre",
    "Masson",
    "Michaux",
    "Gérard",
    "Bastin",
    "Warnier",
    "Hanquet",
    "Detry",
    "Rousseau",
]


class Refused(Exception):
    """Why the generator will not run (the command shows the message)."""


@dataclass
class Share:
    """One commune's part of the data set."""

    commune_id: int
    index: int  # 0 for the first (largest) commune
    place: str
    persons: int = 0
    requests: int = 0


@dataclass
class Run:
    """What a scale step needs: the shares, a COPY helper, timings, and what steps hand on
    (`people`: per commune id, [(niss, first name, last name)] to make requests for)."""

    shares: list
    rng: random.Random
    now: datetime.datetime
    out: object = print
    superuser: bool = False
    timings: dict = field(default_factory=dict)
    counts: dict = field(default_factory=dict)
    people: dict = field(default_factory=dict)

    @contextmanager
    def timed(self, label):
        started = time.perf_counter()
        yield
        seconds = round(time.perf_counter() - started, 1)
        self.timings[label] = self.timings.get(label, 0) + seconds
        self.out(f"  {label}: {seconds} s")

    def copy(self, model, columns, buffer):
        """COPY the tab-separated lines of `buffer` (io.StringIO) into `model`'s table."""
        if not buffer.tell():
            return
        table = model._meta.db_table
        with connection.cursor() as cursor:
            raw = cursor.cursor  # psycopg's own cursor
            with raw.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                copy.write(buffer.getvalue())

    def next_id(self, model):
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {model._meta.db_table}")  # noqa: S608
            return cursor.fetchone()[0]

    @contextmanager
    def bulk(self, *models):
        """Inside the block the tables of `models` have only their primary key (secondary
        indexes and unique constraints are built again on the way out, in this transaction);
        their id sequences are moved past the rows written."""
        saved = []
        with connection.cursor() as cursor:
            for model in models:
                table = model._meta.db_table
                cursor.execute(
                    "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
                    "WHERE conrelid = %s::regclass AND contype = 'u'",
                    [table],
                )
                constraints = cursor.fetchall()
                for name, _definition in constraints:
                    cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
                cursor.execute(
                    "SELECT i.indexname, i.indexdef FROM pg_indexes i "
                    "JOIN pg_class c ON c.relname = i.indexname "
                    "JOIN pg_index x ON x.indexrelid = c.oid "
                    "WHERE i.tablename = %s AND NOT x.indisprimary",
                    [table],
                )
                indexes = cursor.fetchall()
                for name, _definition in indexes:
                    cursor.execute(f'DROP INDEX "{name}"')
                saved.append((model, table, constraints, indexes))
        yield
        label = "indexes of " + ", ".join(t for _m, t, _c, _i in saved)
        with self.timed(label), connection.cursor() as cursor:
            cursor.execute("SET LOCAL maintenance_work_mem = '1GB'")
            for _model, table, constraints, indexes in saved:
                for name, definition in constraints:
                    cursor.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
                for _name, definition in indexes:
                    cursor.execute(definition)
                cursor.execute(
                    "SELECT setval(pg_get_serial_sequence(%s, 'id'), "  # noqa: S608
                    f"(SELECT COALESCE(MAX(id), 1) FROM {table}))",
                    [table],
                )


def text(value):
    """A value for COPY's text format."""
    if value is None:
        return r"\N"
    value = str(value)
    if any(c in value for c in "\\\t\n\r"):
        value = (
            value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "")
        )
    return value


def stamp(epoch):
    """A moment (seconds since 1970, UTC) for COPY; None → NULL."""
    if epoch is None:
        return r"\N"
    return datetime.datetime.fromtimestamp(int(epoch), datetime.UTC).isoformat()


def split(total, count, skew=SKEW):
    """`total` spread over `count` communes, the k-th getting a share ∝ k^-skew (sums exact)."""
    if count <= 0:
        return []
    weights = [(k + 1) ** -skew for k in range(count)]
    whole = sum(weights)
    exact = [total * w / whole for w in weights]
    parts = [int(x) for x in exact]
    by_remainder = sorted(range(count), key=lambda i: parts[i] - exact[i])
    for i in by_remainder[: total - sum(parts)]:
        parts[i] += 1
    return parts


def scale_steps():
    steps = [
        step for config in apps.get_app_configs() for step in getattr(config, "scale_steps", ())
    ]
    return [path for _order, path in sorted(steps)]


def already_seeded():
    from guichet.models import Commune

    return Commune.objects.filter(slug__startswith=SLUG_PREFIX).exists()


def check(*, communes_wanted, persons, requests):
    """Refuse what cannot run, with the reason (raised before anything is written)."""
    if connection.vendor != "postgresql":
        raise Refused(
            "Le jeu de données à grande échelle demande PostgreSQL (COPY) : définissez "
            "DATABASE_URL=postgres://… (sur SQLite, --scale N ajoute des demandes à une commune)."
        )
    if communes_wanted < 1 or persons < 0 or requests < 0:
        raise Refused("Indiquez au moins une commune et des nombres positifs.")
    if communes_wanted > 999:
        raise Refused("Au plus 999 communes (noms d'hôte c001 à c999).")
    if already_seeded():
        raise Refused(
            "Cette base contient déjà un jeu de données à grande échelle (communes scale-…) : "
            "recréez la base pour recommencer (les numéros doivent rester sans trou)."
        )


def seed(*, communes_wanted, persons, requests, now=None, seed=1, out=print):
    """Write the data set (see the module); returns {"timings": {…}, "counts": {…}}."""
    from guichet.models import Payment

    check(communes_wanted=communes_wanted, persons=persons, requests=requests)
    run = Run(shares=[], rng=random.Random(seed), now=now or timezone.now(), out=out)  # noqa: S311
    started = time.perf_counter()
    with transaction.atomic(), translation.override("fr"):
        with connection.cursor() as cursor:
            cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
            run.superuser = bool(cursor.fetchone()[0])
            cursor.execute("SET LOCAL synchronous_commit = off")
            if run.superuser:
                # The generator writes consistent keys: skip the per-row foreign-key triggers.
                cursor.execute("SET LOCAL session_replication_role = replica")
            else:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        with run.timed("communes"):
            _communes(run, communes_wanted)
        person_counts = split(persons, len(run.shares))
        request_counts = split(requests, len(run.shares))
        for share, n_persons, n_requests in zip(
            run.shares, person_counts, request_counts, strict=True
        ):
            share.persons, share.requests = n_persons, n_requests
        for step in scale_steps():
            import_string(step)(run)
        _requests(run)
        with run.bulk(Payment), run.timed("payments (INSERT … SELECT)"):
            _payments(run)
    with run.timed("VACUUM ANALYZE"):
        vacuum_analyze()
    communes.forget()
    run.timings["total"] = round(time.perf_counter() - started, 1)
    return {"timings": run.timings, "counts": run.counts}


def vacuum_analyze():
    """Visibility map and planner statistics of the loaded tables (outside any transaction:
    after a bulk load, before measuring)."""
    if connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        return
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE)")


# -- communes --------------------------------------------------------------------------------


def _communes(run, wanted):
    from guichet.kinds import registry
    from guichet.models import Commune, KindSettings, Purpose

    existing = list(Commune.objects.order_by("pk"))
    taken_nis = set(Commune.objects.values_list("nis_code", flat=True))
    new = []
    nis = 80000
    for n in range(1, wanted - len(existing) + 1):
        while f"{nis}" in taken_nis:
            nis += 1
        taken_nis.add(f"{nis}")
        new.append(
            Commune(
                slug=f"{SLUG_PREFIX}{n:03d}",
                name=f"Commune de Charge {n:03d}",
                place=f"Charge {n:03d}",
                nis_code=f"{nis}",
                hosts=HOST.format(n=n),
                site_url=f"http://{HOST.format(n=n)}:8000",
                address=f"Place communale 1, {1300 + n * 20} Charge {n:03d}",
                email=f"guichet@c{n:03d}.scale.example",
            )
        )
    Commune.objects.bulk_create(new)
    settings_rows, purposes = [], []
    for commune in new:
        for kind in registry.all():
            settings_rows.append(
                KindSettings(
                    commune=commune,
                    kind=kind.slug,
                    base_fee=kind.default_base_fee,
                    announced_delay_days=kind.default_delay_days,
                    validity_days=kind.default_validity_days,
                )
            )
            for position, purpose in enumerate(kind.default_purposes):
                purposes.append(
                    Purpose(
                        commune=commune,
                        kind=kind.slug,
                        code=purpose.code,
                        label=str(purpose.label),
                        supplement=purpose.supplement,
                        free=purpose.free,
                        needs_explanation=purpose.needs_explanation,
                        position=position,
                        variant=purpose.variant,
                    )
                )
    KindSettings.objects.bulk_create(settings_rows, batch_size=2000)
    Purpose.objects.bulk_create(purposes, batch_size=2000)
    everyone = existing + list(Commune.objects.filter(slug__startswith=SLUG_PREFIX).order_by("pk"))
    run.shares = [
        Share(commune_id=c.pk, index=i, place=c.place) for i, c in enumerate(everyone[:wanted])
    ]
    run.counts["communes"] = len(run.shares)
    run.counts["communes created (no website)"] = len(new)


# -- requests ----------------------------------------------------------------------------------

REQUEST_COLUMNS = [
    "id",
    "commune_id",
    "reference",
    "tracking_code",
    "submission_key",
    "kind",
    "state",
    "channel",
    "applicant_id",
    "applicant_niss",
    "applicant_first_name",
    "applicant_last_name",
    "applicant_email",
    "assurance",
    "subject_type",
    "subject_niss",
    "subject_first_name",
    "subject_last_name",
    "relationship",
    "relationship_detail",
    "details",
    "purpose",
    "purpose_label",
    "purpose_explanation",
    "copies",
    "delivery",
    "postal_address",
    "document_language",
    "fee",
    "payment_choice",
    "structured_communication",
    "payment_due_until",
    "paid_at",
    "review_reason",
    "rejection_reason",
    "rejection_code",
    "assigned_to_id",
    "citizen_replied",
    "language",
    "submitted_at",
    "reviewed_at",
    "issued_at",
    "closed_at",
    "dispatch_batch_id",
    "posted_at",
    "pickup_until",
    "collected_at",
    "handed_over_by_id",
    "updated_at",
]

_BASE = len(codes.ALPHABET)
_SPACE = _BASE**10
_SCRAMBLE = 0x9E3779B97F4A7C15 % _SPACE  # not a multiple of 31: a bijection of the code space


def tracking_code(number):
    """A unique, random-looking 10-character code for a request id."""
    value = (number * _SCRAMBLE + 12345) % _SPACE
    chars = []
    for _ in range(10):
        value, digit = divmod(value, _BASE)
        chars.append(codes.ALPHABET[digit])
    return "".join(chars)


def _year_starts(now):
    """(epoch of 1 January 00:00 local time, year) for the years the data set spans."""
    tz = timezone.get_current_timezone()
    return [
        (datetime.datetime(year, 1, 1, tzinfo=tz).timestamp(), year)
        for year in range(now.year - 4, now.year + 2)
    ]


def _kind_catalogue(run):
    """Per kind: (slug, weight, [(code, label, free, supplement, details json)])."""
    import json

    from guichet.kinds import registry

    catalogue = []
    for kind in registry.all():
        purposes = []
        for purpose in kind.default_purposes:
            variants = [purpose.variant] if purpose.variant else [v for v, _l in kind.variants]
            details = [
                json.dumps({kind.variant_field: str(v)}) if kind.variant_field and v else "{}"
                for v in (variants or [""])
            ]
            purposes.append(
                (purpose.code, text(purpose.label), purpose.free, purpose.supplement, details)
            )
        if purposes:
            catalogue.append((kind.slug, KIND_WEIGHTS.get(kind.slug, 10), purposes))
    return catalogue


def _pick(rng, table):
    states, weights = zip(*table, strict=True)
    return states, list(weights)


def _requests(run):
    from guichet.models import DocumentRequest, KindSettings, ReferenceCounter

    rng = run.rng
    now = run.now.timestamp()
    catalogue = _kind_catalogue(run)
    kinds = list(catalogue)
    kind_weights = [entry[1] for entry in catalogue]
    fees = {
        (commune_id, kind): fee
        for commune_id, kind, fee in KindSettings.objects.values_list(
            "commune_id", "kind", "base_fee"
        )
    }
    counters = {}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT commune_id, year, last FROM guichet_referencecounter FOR UPDATE"  # noqa: S608
        )
        for commune_id, year, last in cursor.fetchall():
            counters[(commune_id, year)] = last
    starts = _year_starts(run.now)
    start_epochs = [s for s, _y in starts]
    recent, middle, old = (_pick(rng, t) for t in (RECENT, MIDDLE, OLD))
    day = 86400.0
    next_id = run.next_id(DocumentRequest)
    first_id = next_id
    synthetic = [
        (f"{85000000000 + i:011d}", rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES))
        for i in range(500)
    ]
    with run.bulk(DocumentRequest), run.timed("requests (generate + COPY)"):
        # Rows in the order a real installation writes them: by submission time, every
        # commune's requests interleaved (a commune's rows are spread over the whole table,
        # as they would be; its numbers still follow each other in time).
        peoples, streams = [], []
        for position, share in enumerate(run.shares):
            people = run.people.get(share.commune_id) or synthetic
            peoples.append([(text(n), text(f), text(last)) for n, f, last in people])
            moments = sorted(now - SPAN_DAYS * day * rng.random() for _ in range(share.requests))
            streams.append(zip(moments, itertools.repeat(position)))
        buffer = io.StringIO()
        write = buffer.write
        for submitted, position in heapq.merge(*streams):
            share, people = run.shares[position], peoples[position]
            year = starts[bisect.bisect_right(start_epochs, submitted) - 1][1]
            number = counters.get((share.commune_id, year), 0) + 1
            counters[(share.commune_id, year)] = number
            slug, _w, purposes = rng.choices(kinds, kind_weights)[0]
            code, label, free, supplement, details = rng.choice(purposes)
            age = (now - submitted) / day
            table = recent if age < 14 else middle if age < 60 else old
            state = rng.choices(table[0], table[1])[0]
            copies = rng.choice((1, 1, 1, 1, 2, 3))
            base_fee = fees.get((share.commune_id, slug), Decimal("0"))
            fee = Decimal("0") if free else (base_fee + supplement) * copies
            delivery = "counter" if rng.random() < 0.2 else "download"
            niss, first, last = rng.choice(people)
            if rng.random() < 0.85:
                subject = (niss, first, last)
                subject_type, relationship = "self", ""
            else:
                subject = rng.choice(people)
                subject_type, relationship = "third_party", "spouse"
            auto = state in (State.ISSUED, State.CLOSED) and rng.random() < 0.6
            assurance = "high" if auto or rng.random() < 0.7 else "low"
            choice = ""
            paid = due = None
            if fee > 0:
                choice = rng.choices(("online", "transfer", "counter"), (60, 25, 15))[0]
                if choice == "counter":
                    delivery = "counter"
                elif (
                    age < 14 and state in (State.SUBMITTED, State.CANCELLED) and rng.random() < 0.3
                ):
                    state = State.AWAITING_PAYMENT if state == State.SUBMITTED else state
                    due = submitted + 15 * day
                if choice != "counter" and due is None:
                    paid = submitted + (120 if choice == "online" else rng.uniform(1, 3) * day)
                    paid = min(paid, now)
            reviewed = issued = closed = collected = pickup = None
            channel = review_reason = rejection_reason = rejection_code = ""

            def later(start, hours):
                return min(start + rng.uniform(0.5, hours) * 3600, now)

            start = paid or submitted
            if state in (State.ISSUED, State.CLOSED):
                if auto:
                    channel, issued = "auto", start + 2
                else:
                    channel = "clerk"
                    reviewed = later(start, 48)
                    issued = later(reviewed, 72)
                if state == State.CLOSED:
                    closed = later(issued, 120)
                    if delivery == "counter":
                        collected = closed
                        if choice == "counter":
                            paid = closed
                if delivery == "counter":
                    pickup = datetime.date.fromtimestamp(issued + 60 * day).isoformat()
            elif state in (State.IN_REVIEW, State.AWAITING_CITIZEN):
                reviewed = later(start, 48)
            elif state == State.REJECTED:
                reviewed = later(start, 48)
                closed = later(reviewed, 48)
                rejection_reason = "Pièce justificative manquante."
                rejection_code = "missing"
            elif state == State.CANCELLED:
                closed = later(submitted, 24)
                paid = None
            elif state == State.ARCHIVED:
                closed = later(start, 200)
            if not auto and state != State.AWAITING_PAYMENT:
                review_reason = "Demande de charge (seed_demo --scale-requests)."
            if state == State.ARCHIVED:  # personal data purged after retention
                niss = first = last = ""
                subject = ("", "", "")
            communication = ""
            if choice == "transfer":
                base = next_id % 10_000_000_000
                communication = f"{base:010d}{base % 97 or 97:02d}"
            updated = max(t for t in (submitted, paid, reviewed, issued, closed) if t)
            write(
                "\t".join(
                    (
                        str(next_id),
                        str(share.commune_id),
                        f"{year}-{number:06d}",
                        tracking_code(next_id),
                        "",
                        slug,
                        state,
                        channel,
                        r"\N",
                        niss,
                        first,
                        last,
                        SCALE_EMAIL,
                        assurance,
                        subject_type,
                        subject[0],
                        subject[1],
                        subject[2],
                        relationship,
                        "",
                        details[0] if len(details) == 1 else rng.choice(details),
                        code,
                        label,
                        "",
                        str(copies),
                        delivery,
                        "{}",
                        "fr",
                        str(fee),
                        choice,
                        communication,
                        stamp(due),
                        stamp(paid),
                        review_reason,
                        rejection_reason,
                        rejection_code,
                        r"\N",
                        "f",
                        "fr",
                        stamp(submitted),
                        stamp(reviewed),
                        stamp(issued),
                        stamp(closed),
                        r"\N",
                        r"\N",
                        pickup or r"\N",
                        stamp(collected),
                        r"\N",
                        stamp(updated),
                    )
                )
                + "\n"
            )
            next_id += 1
            if buffer.tell() > 16_000_000:
                run.copy(DocumentRequest, REQUEST_COLUMNS, buffer)
                buffer = io.StringIO()
                write = buffer.write
        run.copy(DocumentRequest, REQUEST_COLUMNS, buffer)
        total = sum(share.requests for share in run.shares)
    run.counts["requests"] = total
    run.first_request_id = first_id
    with connection.cursor() as cursor:
        for (commune_id, year), last in counters.items():
            cursor.execute(
                f"INSERT INTO {ReferenceCounter._meta.db_table} (commune_id, year, last) "  # noqa: S608
                "VALUES (%s, %s, %s) ON CONFLICT (commune_id, year) DO UPDATE SET last = "
                "EXCLUDED.last",
                [commune_id, year, last],
            )


def _payments(run):
    """One payment per request with a fee: paid (with its receipt number, gapless per commune
    and year after the receipt counters), open while the request awaits payment, abandoned
    for a request cancelled unpaid. The receipt counters then hold the last number."""
    tz = settings.TIME_ZONE
    first = getattr(run, "first_request_id", None)
    if first is None:
        return
    with connection.cursor() as cursor:
        cursor.execute(
            """
            WITH chosen AS (
                SELECT r.id, r.commune_id, r.payment_choice, r.fee, r.paid_at, r.state,
                       r.submitted_at,
                       EXTRACT(YEAR FROM r.paid_at AT TIME ZONE %(tz)s)::int AS year
                FROM guichet_documentrequest r
                WHERE r.id >= %(first)s AND r.fee > 0 AND r.payment_choice <> ''
                  AND (r.paid_at IS NOT NULL
                       OR (r.payment_choice <> 'counter'
                           AND r.state IN ('awaiting_payment', 'cancelled')))
            ), numbered AS (
                SELECT chosen.*,
                       CASE WHEN paid_at IS NULL THEN NULL ELSE
                         COALESCE(c.last, 0) + ROW_NUMBER() OVER (
                             PARTITION BY chosen.commune_id, chosen.year,
                                          chosen.paid_at IS NULL
                             ORDER BY chosen.paid_at, chosen.id)
                       END AS receipt
                FROM chosen
                LEFT JOIN guichet_receiptcounter c
                  ON c.commune_id = chosen.commune_id AND c.year = chosen.year
            )
            INSERT INTO guichet_payment (
                commune_id, request_id, method, status, amount, currency, provider,
                provider_id, checkout_url, instrument, bank_reference, payer_iban, payer_name,
                recorded_by_id, receipt_number, created_at, paid_at, updated_at)
            SELECT commune_id, id, payment_choice,
                   CASE WHEN paid_at IS NOT NULL THEN 'paid'
                        WHEN state = 'awaiting_payment' THEN 'open' ELSE 'canceled' END,
                   fee, 'EUR',
                   CASE WHEN payment_choice = 'online' THEN 'demo' ELSE '' END,
                   CASE WHEN payment_choice = 'online' THEN 'scale-' || id ELSE '' END,
                   '',
                   CASE payment_choice WHEN 'online' THEN 'bancontact'
                        WHEN 'transfer' THEN 'transfer' ELSE 'cash' END,
                   CASE WHEN payment_choice = 'transfer' AND paid_at IS NOT NULL
                        THEN 'SCALE-' || id ELSE '' END,
                   '', '', NULL,
                   CASE WHEN receipt IS NULL THEN ''
                        ELSE year || '-R' || LPAD(receipt::text, 6, '0') END,
                   submitted_at, paid_at, COALESCE(paid_at, submitted_at)
            FROM numbered
            """,
            {"tz": tz, "first": first},
        )
        run.counts["payments"] = cursor.rowcount
        cursor.execute(
            """
            INSERT INTO guichet_receiptcounter (commune_id, year, last)
            SELECT commune_id, SPLIT_PART(receipt_number, '-', 1)::int,
                   MAX(SUBSTRING(receipt_number FROM '-R([0-9]+)$')::int)
            FROM guichet_payment WHERE receipt_number <> ''
            GROUP BY 1, 2
            ON CONFLICT (commune_id, year) DO UPDATE SET last = EXCLUDED.last
            """
        )
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence('guichet_payment', 'id'), "
            "(SELECT COALESCE(MAX(id), 1) FROM guichet_payment))"
        )


# -- checks ------------------------------------------------------------------------------------

_SEQUENCE_CHECK = """
    SELECT n.commune_id, n.year, COUNT(*), COUNT(DISTINCT n.number), MIN(n.number),
           MAX(n.number), MAX(c.last)
    FROM (
        SELECT commune_id, SPLIT_PART({column}, '-', 1)::int AS year,
               SUBSTRING({column} FROM '([0-9]+)$')::int AS number
        FROM {table} WHERE {column} <> ''
    ) n
    LEFT JOIN {counter} c ON c.commune_id = n.commune_id AND c.year = n.year
    GROUP BY n.commune_id, n.year
    HAVING COUNT(*) <> MAX(n.number) OR COUNT(DISTINCT n.number) <> COUNT(*)
        OR MIN(n.number) <> 1 OR MAX(c.last) IS DISTINCT FROM MAX(n.number)
"""


def sequence_problems():
    """Every (commune, year) whose request references or receipt numbers are not exactly
    1…N, or whose counter does not hold N: [] when all is well."""
    problems = []
    with connection.cursor() as cursor:
        for table, column, counter in (
            ("guichet_documentrequest", "reference", "guichet_referencecounter"),
            ("guichet_payment", "receipt_number", "guichet_receiptcounter"),
        ):
            cursor.execute(_SEQUENCE_CHECK.format(table=table, column=column, counter=counter))
            problems += [(table, *row) for row in cursor.fetchall()]
    return problems
