import datetime
import hashlib
import random
from decimal import Decimal

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from guichet import codes, communes, demo, scale
from guichet.citizens.views import demo_profiles
from guichet.constants import Assurance, Channel, Delivery, State, Subject
from guichet.models.citizen import CitizenProfile

# Requests made by --scale carry this e-mail address: they are counted (never duplicated by a
# second run) and easy to delete from a benchmark database.
SCALE_EMAIL = "charge@scale.example"
SCALE_BATCH = 2000


def demo_steps():
    """The demo data each installed app contributes, in order: an app's config lists
    `demo_steps` as (order, "dotted.path.to.function"); each function seeds idempotently and
    returns {"lines": [summary lines]}. Demo citizens carry what their case shows
    (CitizenProfile.demo_situation), printed here and shown on the demo sign-in page."""
    steps = [
        step for config in apps.get_app_configs() for step in getattr(config, "demo_steps", ())
    ]
    return [path for _order, path in sorted(steps)]


def demo_people():
    """The living people load-test requests are made for: (niss, first names, last name), from
    the app whose config names `demo_people` (the population register)."""
    for config in apps.get_app_configs():
        if getattr(config, "demo_people", None):
            return import_string(config.demo_people)()
    return []


class Command(BaseCommand):
    help = "Remplit la base avec les données fictives de démonstration (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            type=int,
            default=0,
            metavar="N",
            help=(
                "Ajoute des demandes fictives réparties sur deux ans, dans tous les états, "
                "jusqu'à en avoir N (mesures de performance)."
            ),
        )
        # The data set at the size of a region (guichet.scale; PostgreSQL, COPY).
        parser.add_argument(
            "--scale-communes",
            type=int,
            default=0,
            metavar="N",
            help=(
                "Jeu de données à grande échelle (PostgreSQL) : N communes en tout (les communes "
                "de la démo, puis des communes de charge sans site, c001.scale.localhost…)."
            ),
        )
        parser.add_argument(
            "--scale-persons",
            type=int,
            default=0,
            metavar="N",
            help="Avec --scale-communes : N personnes au registre, réparties sur les communes.",
        )
        parser.add_argument(
            "--scale-requests",
            type=int,
            default=0,
            metavar="N",
            help="Avec --scale-communes : N demandes sur deux ans, avec leurs paiements.",
        )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "seed_demo crée des comptes au mot de passe public : "
                "refusé quand DJANGO_DEBUG=false."
            )
        if options["scale"] < 0:
            raise CommandError("--scale attend un nombre positif de demandes.")
        large = options["scale_communes"] or options["scale_persons"] or options["scale_requests"]
        if large:
            if options["scale"]:
                raise CommandError("--scale et --scale-communes ne vont pas ensemble.")
            try:
                scale.check(
                    communes_wanted=options["scale_communes"] or 1,
                    persons=options["scale_persons"],
                    requests=options["scale_requests"],
                )
            except scale.Refused as refusal:
                raise CommandError(str(refusal)) from None
        demo.seed_staff()
        # Each step writes the situations of its citizens again.
        CitizenProfile.objects.filter(is_demo=True).update(demo_situation="")
        lines = []
        for step in demo_steps():
            part = import_string(step)()
            lines += part.get("lines", [])
        created = seed_scale(options["scale"]) if options["scale"] else 0
        grant = demo.seed_support_grant()
        if large:
            self.stdout.write("Jeu de données à grande échelle :")
            try:
                result = scale.seed(
                    communes_wanted=options["scale_communes"] or 1,
                    persons=options["scale_persons"],
                    requests=options["scale_requests"],
                    out=lambda line: self.stdout.write(line),
                )
            except scale.Refused as refusal:
                raise CommandError(str(refusal)) from None
            for name, value in result["counts"].items():
                self.stdout.write(f"  {name}: {value}")
            self.stdout.write(f"  durée totale : {result['timings']['total']} s")
        seal_path = demo.ensure_demo_seal()

        self.stdout.write(self.style.SUCCESS("Données de démonstration prêtes."))
        self.stdout.write(
            f"Cachet électronique de démonstration (auto-signé) : {seal_path} — `make run` "
            "scelle les documents avec lui."
        )
        self.stdout.write("")
        self.stdout.write(f"Comptes du personnel (mot de passe : {demo.DEMO_PASSWORD}) :")
        for username, first, last, group, _superuser, enrolled in demo.demo_staff():
            note = "" if enrolled else "  (pas encore de 2FA : activation à la 1re connexion)"
            self.stdout.write(f"  {username:<14} {first} {last} — {group}{note}")
        self.stdout.write(
            f"  support : accès de support ouvert par {communes.home().name} jusqu'au "
            f"{timezone.localtime(grant.ends_at):%d/%m/%Y %H:%M} (lecture seule, journalisé) ; "
            "aucun sur les autres communes."
        )
        self.stdout.write(
            "  interco : statistiques de toutes les communes, sur l'adresse de n'importe "
            "laquelle (/bureau/statistiques/intercommunales/)."
        )
        self.stdout.write("")
        self.stdout.write("Vérification en deux étapes, au choix :")
        self.stdout.write(
            "  - un code de secours (chacun sert une fois, remis à neuf par seed_demo) : "
            + ", ".join(demo.DEMO_BACKUP_CODES)
        )
        self.stdout.write("  - ou ajoutez cette clé à une application TOTP :")
        self.stdout.write(f"    {demo.demo_otpauth_uri()}")
        self.stdout.write("")
        self.stdout.write("Connexion du personnel : http://127.0.0.1:8000/bureau/compte/connexion/")
        self.stdout.write("")
        for line in lines:
            self.stdout.write(line)
        self.stdout.write("Citoyens de démonstration (connexion en un clic) :")
        for profile in demo_profiles():
            name = profile.user.get_full_name()
            self.stdout.write(f"  {name:<28} {profile.demo_situation}")
        self.stdout.write("Guichet en ligne : http://127.0.0.1:8000/guichet/demo/")
        if options["scale"]:
            self.stdout.write("")
            self.stdout.write(
                f"Charge : {created} demandes ajoutées ({options['scale']} demandes de charge "
                "au total)."
            )


# -- --scale N -------------------------------------------------------------------------------

# Where a request of a given age is likely to be now: recent ones are still open, old ones are
# finished (or archived, personal data purged).
_RECENT_STATES = scale.RECENT  # the scale data set's own table (guichet.scale)
_OLD_STATES = [
    (State.ISSUED, 20),
    (State.CLOSED, 50),
    (State.REJECTED, 5),
    (State.CANCELLED, 5),
    (State.ARCHIVED, 20),
]


def _pick(rng, weighted):
    states, weights = zip(*weighted, strict=True)
    return rng.choices(states, weights=weights)[0]


def _code(rng, length):
    return "".join(rng.choice(codes.ALPHABET) for _ in range(length))


def _free_code(rng, taken, length):
    while True:
        code = _code(rng, length)
        if code not in taken:
            taken.add(code)
            return code


@transaction.atomic
def seed_scale(target, *, now=None):
    """Top the load-test requests up to `target` (spread over two years, every state) with
    bulk inserts; references continue each year's ReferenceCounter without a gap. Returns the
    number of requests created."""
    from guichet.kinds import registry
    from guichet.models import (
        DocumentRequest,
        IssuedDocument,
        KindSettings,
        Purpose,
        ReferenceCounter,
    )

    missing = target - DocumentRequest.objects.filter(applicant_email=SCALE_EMAIL).count()
    if missing <= 0:
        return 0
    now = now or timezone.now()
    rng = random.Random(target)  # noqa: S311 - benchmark data, meant to be reproducible
    people = demo_people()
    if not people:
        raise CommandError("Le registre de la population est vide : rien à demander.")
    kinds = registry.all()
    purposes = {
        kind.slug: list(Purpose.objects.filter(kind=kind.slug, active=True)) for kind in kinds
    }
    kinds = [kind for kind in kinds if purposes[kind.slug]]
    fees = dict(KindSettings.objects.values_list("kind", "base_fee"))
    validity = dict(KindSettings.objects.values_list("kind", "validity_days"))
    span = datetime.timedelta(days=730)
    moments = sorted(now - span * rng.random() for _ in range(missing))

    per_year = {}
    for moment in moments:
        year = timezone.localtime(moment).year
        per_year[year] = per_year.get(year, 0) + 1
    next_number = {}
    for year, count in per_year.items():
        counter, _created = ReferenceCounter.objects.select_for_update().get_or_create(year=year)
        next_number[year] = counter.last + 1
        counter.last += count
        counter.save(update_fields=["last"])

    tracking = set(DocumentRequest.objects.values_list("tracking_code", flat=True))
    verification = set(IssuedDocument.objects.values_list("verification_code", flat=True))
    all_states = [state for state, _label in State.choices]
    requests, issued = [], []
    for index, submitted in enumerate(moments):
        year = timezone.localtime(submitted).year
        reference = f"{year}-{next_number[year]:06d}"
        next_number[year] += 1
        kind = kinds[index % len(kinds)]
        purpose = rng.choice(purposes[kind.slug])
        details = {}
        if kind.variants:
            details = {kind.variant_field: purpose.variant or rng.choice(kind.variants)[0]}
        if index < len(all_states):
            state = all_states[index]  # every state at least once
        elif now - submitted > datetime.timedelta(days=60):
            state = _pick(rng, _OLD_STATES)
        else:
            state = _pick(rng, _RECENT_STATES)
        niss, first_names, last_name = rng.choice(people)
        copies = rng.choice([1, 1, 1, 2, 3])
        auto = state in (State.ISSUED, State.CLOSED) and rng.random() < 0.6
        request = DocumentRequest(
            reference=reference,
            tracking_code=_free_code(rng, tracking, 10),
            kind=kind.slug,
            state=state,
            applicant_niss=niss,
            applicant_first_name=first_names.split(" ")[0],
            applicant_last_name=last_name,
            applicant_email=SCALE_EMAIL,
            assurance=Assurance.HIGH if auto or rng.random() < 0.7 else Assurance.LOW,
            subject_type=Subject.SELF,
            subject_niss=niss,
            subject_first_name=first_names.split(" ")[0],
            subject_last_name=last_name,
            details=details,
            purpose=purpose.code,
            purpose_label=purpose.label,
            copies=copies,
            delivery=rng.choice([Delivery.DOWNLOAD] * 4 + [Delivery.POST, Delivery.COUNTER]),
            fee=Decimal("0")
            if purpose.free
            else (fees.get(kind.slug, Decimal("0")) + purpose.supplement) * copies,
            review_reason="" if auto else "Demande de charge (seed_demo --scale).",
            submitted_at=submitted,
        )
        _set_milestones(request, rng, now=now, auto=auto)
        requests.append(request)
    DocumentRequest.objects.bulk_create(requests, batch_size=SCALE_BATCH)

    for request in requests:
        if request.issued_at is None or request.state == State.ARCHIVED:
            continue
        days = validity.get(request.kind, 90)
        issued.append(
            IssuedDocument(
                request=request,
                kind=request.kind,
                verification_code=_formatted(_free_code(rng, verification, 12)),
                sha256=hashlib.sha256(request.reference.encode()).hexdigest(),
                size=20_000,
                holder_initials=(request.subject_first_name[:1] + request.subject_last_name[:1]),
                issued_at=request.issued_at,
                valid_until=request.issued_at + datetime.timedelta(days=days),
                file_removed_at=request.issued_at + datetime.timedelta(days=180)
                if now - request.issued_at > datetime.timedelta(days=180)
                else None,
            )
        )
    IssuedDocument.objects.bulk_create(issued, batch_size=SCALE_BATCH)
    return len(requests)


def _formatted(code):
    return f"{code[0:4]}-{code[4:8]}-{code[8:12]}"


def _set_milestones(request, rng, *, now, auto):
    """Timestamps consistent with the state (review, issue and close after submission)."""
    state = request.state

    def later(start, max_hours):
        return min(start + datetime.timedelta(hours=rng.uniform(0.5, max_hours)), now)

    if state in (State.ISSUED, State.CLOSED):
        if auto:
            request.channel = Channel.AUTO
            request.issued_at = request.submitted_at + datetime.timedelta(seconds=2)
        else:
            request.channel = Channel.CLERK
            request.reviewed_at = later(request.submitted_at, 48)
            request.issued_at = later(request.reviewed_at, 72)
        if state == State.CLOSED:
            request.closed_at = later(request.issued_at, 120)
    elif state in (State.IN_REVIEW, State.AWAITING_CITIZEN):
        request.reviewed_at = later(request.submitted_at, 48)
    elif state == State.REJECTED:
        request.reviewed_at = later(request.submitted_at, 48)
        request.closed_at = later(request.reviewed_at, 48)
        request.rejection_reason = "Pièce justificative manquante."
    elif state == State.CANCELLED:
        request.closed_at = later(request.submitted_at, 24)
    elif state == State.ARCHIVED:
        # Archived after the retention period: personal data purged.
        request.closed_at = later(request.submitted_at, 200)
        request.applicant_niss = request.subject_niss = ""
        request.applicant_first_name = request.applicant_last_name = ""
        request.subject_first_name = request.subject_last_name = ""
