"""Everything one commune owns: its backup archive, and its erasure when it leaves.

`parts(commune)` lists, model by model, the rows that belong to a commune:

- the commune row and every fenced model (a foreign key to `guichet.Commune`);
- its Wagtail site and page tree (its home page, the home pages of its translations and
  everything below them), the pages' revisions and workflow states;
- its CMS groups ("<role> – <commune>"), moderation task and workflow;
- rows reached only through one of the above (attachments, messages, household memberships,
  marginal mentions, site settings, page permissions, log entries…), found by following the
  foreign keys, so a new child model is included without being named here;
- the accounts of its staff (without passwords), exported but not erased: an account is an
  installation's identity; those working for this commune alone are deactivated.

`export(commune, path)` writes a ZIP archive (format below, streamed: rows are read in
chunks and written as they come, files copied in blocks). `verify(commune, path)` checks an
archive against the database before `erase(commune, …)` deletes every part in one
transaction, then the commune's files once the transaction is committed.

The archive (described in French for the commune in its LISEZMOI.txt):

    LISEZMOI.txt            what the archive holds, how to read it
    manifest.json           commune, date, counts and SHA-256 of every data file and file
    data/<app>.<model>.jsonl one JSON object per line (Django's serialisation: model, pk,
                            fields; users and content types by natural key)
    files/<storage>/<name>  the files (citizens' attachments, issued PDFs)
"""

import contextlib
import getpass
import hashlib
import json
import os
import zipfile

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import serializers
from django.db import connection, models, transaction
from django.db.models import CharField, Min, Q
from django.db.models.deletion import ProtectedError, RestrictedError
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _

from guichet import communes

FORMAT = "e-guichet-commune-archive"
VERSION = 1
MANIFEST = "manifest.json"
README = "LISEZMOI.txt"
CHUNK = 2000
BLOCK = 1024 * 1024
# Staff accounts: who they are, never their secrets.
USER_FIELDS = (
    "username",
    "first_name",
    "last_name",
    "email",
    "is_active",
    "is_staff",
    "date_joined",
    "last_login",
    "groups",
)


class ArchiveError(Exception):
    """An archive that cannot be used to erase a commune (the message says why)."""


class Part:
    """The rows of one model that belong to a commune."""

    def __init__(self, model, queryset, *, erase=True, fields=None):
        self.model = model
        self.queryset = queryset
        self.erase = erase
        self.fields = fields

    @property
    def label(self):
        return model_label(self.model)

    @property
    def data_name(self):
        return f"data/{self.label}.jsonl"

    def count(self):
        return self.queryset.count()


def model_label(model):
    return f"{model._meta.app_label}.{model.__name__}"


def _page_models():
    from wagtail.models import Page

    return [
        model
        for model in apps.get_models()
        if issubclass(model, Page) and model is not Page and not model._meta.proxy
    ]


def _tree_pages(commune):
    """The commune's pages: its home page and its translations' home pages, with all below."""
    from wagtail.models import Page

    from pages.sites import _home_paths

    if commune.site_id is None:
        return Page.objects.none()
    root_id = commune.site.root_page_id
    condition = Q()
    for path in _home_paths([root_id]).get(root_id, []):
        condition |= Q(path__startswith=path)
    return Page.objects.filter(condition) if condition else Page.objects.none()


def _groups(commune):
    """Its CMS groups. The first commune's are the role groups of the whole installation."""
    from pages.structure import PAGE_PERMISSIONS

    if commune.is_home:
        return Group.objects.none()
    names = [f"{name} – {commune.name}"[:150] for name in PAGE_PERMISSIONS]
    return Group.objects.filter(name__in=names)


def _workflow_names(commune):
    from pages.structure import TASK_NAME, WORKFLOW_NAME

    if commune.is_home:
        return [], []
    from pages.roles import COMMUNICATION

    suffix = f"{COMMUNICATION} – {commune.name}"[:150][len(COMMUNICATION) :]
    return [TASK_NAME + suffix], [WORKFLOW_NAME + suffix]


def parts(commune):
    """Every `Part` of `commune`, parents before children."""
    from wagtail.models import Page, Revision, Task, Workflow, WorkflowState
    from wagtail.models.sites import Site

    from guichet.models import Commune

    result = []
    owned = {}  # model -> queryset of its rows that belong to the commune

    def add(model, queryset, **options):
        part = Part(model, queryset, **options)
        result.append(part)
        if options.get("erase", True):
            owned[model] = queryset
        return part

    add(Commune, Commune.objects.filter(pk=commune.pk))
    skip = {Commune, apps.get_model("guichet", "CommuneDeparture"), Page, *_page_models()}

    # The fenced models (and any other model with a foreign key to the commune).
    fenced = []
    for model in apps.get_models():
        if model in skip or model._meta.proxy:
            continue
        condition = Q()
        for field in model._meta.concrete_fields:
            if isinstance(field, models.ForeignKey) and field.related_model is Commune:
                condition |= Q(**{field.name: commune.pk})
        if condition:
            fenced.append((model, condition))
    for model, condition in _parents_first(fenced):
        add(model, model._base_manager.filter(condition))

    # The website.
    pages = _tree_pages(commune)
    page_ids = pages.values("pk")
    add(Site, Site.objects.filter(pk=commune.site_id or 0))
    add(Page, pages.order_by("path"))
    for model in _page_models():
        add(model, model._base_manager.filter(pk__in=page_ids).order_by("pk"))
    add(
        Revision,
        Revision.objects.filter(
            base_content_type__app_label="wagtailcore",
            base_content_type__model="page",
            object_id__in=pages.annotate(key=Cast("pk", CharField())).values("key"),
        ),
    )
    if apps.is_installed("wagtail_localize"):
        # Translation sources, contexts and strings of its pages (keyed by translation key).
        translatable = apps.get_model("wagtail_localize", "TranslatableObject")
        add(
            translatable,
            translatable.objects.filter(translation_key__in=pages.values("translation_key")),
        )
    add(Group, _groups(commune))
    task_names, workflow_names = _workflow_names(commune)
    add(Task, Task.objects.filter(name__in=task_names))
    for model in apps.get_models():
        if issubclass(model, Task) and model is not Task and not model._meta.proxy:
            add(model, model._base_manager.filter(name__in=task_names))
    add(Workflow, Workflow.objects.filter(name__in=workflow_names))
    add(
        WorkflowState,
        WorkflowState.objects.filter(
            Q(workflow__name__in=workflow_names)
            | Q(
                base_content_type__app_label="wagtailcore",
                base_content_type__model="page",
                object_id__in=pages.annotate(key=Cast("pk", CharField())).values("key"),
            )
        ),
    )

    # The demo payment provider's side of the commune's payments (linked by identifier).
    DemoPayment = apps.get_model("guichet", "DemoProviderPayment")
    Payment = apps.get_model("guichet", "Payment")
    add(
        DemoPayment,
        DemoPayment.objects.filter(pk__in=owned[Payment].values("provider_id")),
    )

    # Rows reached through what belongs to the commune, followed until nothing is added.
    skip |= set(owned)
    while True:
        found = []
        for model in apps.get_models():
            if model in skip or model in owned or model._meta.proxy:
                continue
            condition = Q()
            for field in model._meta.concrete_fields:
                if not isinstance(field, models.ForeignKey) or field.remote_field.parent_link:
                    continue
                target = _owner_of(field.related_model, owned)
                if target is not None:
                    condition |= Q(**{f"{field.name}__in": target.values("pk")})
            if condition:
                found.append((model, condition))
        if not found:
            break
        for model, condition in _parents_first(found):
            add(model, model._base_manager.filter(condition))

    # Its staff's accounts (exported; erased accounts would break other communes' history).
    User = get_user_model()
    add(
        User,
        User.objects.filter(commune_memberships__commune=commune).distinct(),
        erase=False,
        fields=[name for name in USER_FIELDS if _has_field(User, name)],
    )
    for part in result:
        if not part.queryset.ordered:
            part.queryset = part.queryset.order_by("pk")
    return result


def _has_field(model, name):
    try:
        model._meta.get_field(name)
    except Exception:  # noqa: BLE001 - FieldDoesNotExist
        return False
    return True


def _owner_of(model, owned):
    """The owned queryset of `model` or of a model it inherits from (a page type's pages)."""
    if model in owned:
        return owned[model]
    for parent in model._meta.get_parent_list():
        if parent in owned:
            return model._base_manager.filter(pk__in=owned[parent].values("pk"))
    return None


def _parents_first(items):
    """(model, condition) pairs, a model after the models its foreign keys point to."""
    remaining = list(items)
    ordered = []
    while remaining:
        models_left = {model for model, _c in remaining}
        ready = [
            item
            for item in remaining
            if not any(
                isinstance(field, models.ForeignKey)
                and field.related_model in models_left
                and field.related_model is not item[0]
                for field in item[0]._meta.concrete_fields
            )
        ]
        if not ready:  # a cycle: keep the remaining order
            ready = remaining
        ordered.extend(ready)
        remaining = [item for item in remaining if item not in ready]
    return ordered


def _file_fields(model):
    return [field for field in model._meta.concrete_fields if isinstance(field, models.FileField)]


def _storage_alias(storage):
    from django.core.files.storage import default_storage

    from guichet.storage import private_storage

    if storage is private_storage() or storage is private_storage:
        return "private"
    if storage is default_storage:
        return "media"
    return "other"


def commune_files(commune, all_parts=None):
    """(alias, storage, name, model label, pk) of every file of the commune's rows."""
    for part in all_parts or parts(commune):
        if not part.erase:
            continue
        fields = _file_fields(part.model)
        if not fields:
            continue
        names = [field.name for field in fields]
        for row in part.queryset.values_list("pk", *names).iterator(chunk_size=CHUNK):
            pk, values = row[0], row[1:]
            for field, name in zip(fields, values, strict=True):
                if name:
                    storage = field.storage
                    yield _storage_alias(storage), storage, name, part.label, pk


def _for_serialising(part):
    """The part's rows with what the serializer reads of each: the related rows it names by
    natural key (users, content types) joined, many-to-many values prefetched per chunk."""
    queryset = part.queryset
    wanted = set(part.fields) if part.fields else None
    joined = [
        field.name
        for field in part.model._meta.concrete_fields
        if isinstance(field, models.ForeignKey)
        and hasattr(field.related_model, "natural_key")
        and (wanted is None or field.name in wanted)
    ]
    many = [
        field.name
        for field in part.model._meta.many_to_many
        if field.remote_field.through._meta.auto_created
        and (wanted is None or field.name in wanted)
    ]
    if joined:
        queryset = queryset.select_related(*joined)
    if many:
        queryset = queryset.prefetch_related(*many)
    return queryset


class _HashingWriter:
    """A text stream for the serializer: UTF-8 into the archive entry, hashed on the way."""

    def __init__(self, raw):
        self.raw = raw
        self.sha = hashlib.sha256()

    def write(self, text):
        data = text.encode()
        self.sha.update(data)
        self.raw.write(data)
        return len(text)


def _counting(iterator, counter):
    for row in iterator:
        counter[0] += 1
        yield row


def export(commune, path, *, stdout=None):
    """Write the commune's archive at `path`; return the manifest (a dict).

    On PostgreSQL the whole export reads one snapshot (a read-only REPEATABLE READ
    transaction), so a request filed meanwhile is either in the archive with its
    attachments or not at all, and the counts are those of one instant."""
    # Inside a transaction opened by the caller (a test), its isolation stays.
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if connection.vendor == "postgresql" and outermost:
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        return _export(commune, path, stdout)


def _export(commune, path, stdout):
    all_parts = parts(commune)
    manifest = {
        "format": FORMAT,
        "version": VERSION,
        "commune": _identity(commune),
        "created_at": timezone.now().isoformat(),
        "models": {},
        "files": [],
    }
    tmp = f"{path}.partial"
    try:
        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
            for part in all_parts:
                counter = [0]
                with archive.open(part.data_name, "w", force_zip64=True) as raw:
                    writer = _HashingWriter(raw)
                    serializers.serialize(
                        "jsonl",
                        _counting(_for_serialising(part).iterator(chunk_size=CHUNK), counter),
                        stream=writer,
                        use_natural_foreign_keys=True,
                        fields=part.fields,
                    )
                manifest["models"][part.label] = {
                    "count": counter[0],
                    "file": part.data_name,
                    "sha256": writer.sha.hexdigest(),
                }
                if stdout is not None and counter[0]:
                    stdout.write(f"{part.label}: {counter[0]}")
            for alias, storage, name, label, pk in commune_files(commune, all_parts):
                entry = {"storage": alias, "name": name, "model": label, "pk": pk}
                try:
                    source = storage.open(name, "rb")
                except (OSError, FileNotFoundError):
                    entry["missing"] = True
                    manifest["files"].append(entry)
                    continue
                member = f"files/{alias}/{name}"
                sha, size = hashlib.sha256(), 0
                with source, archive.open(member, "w", force_zip64=True) as out:
                    while block := source.read(BLOCK):
                        sha.update(block)
                        size += len(block)
                        out.write(block)
                entry.update(path=member, size=size, sha256=sha.hexdigest())
                manifest["files"].append(entry)
            manifest["data_sha256"] = data_digest(manifest)
            archive.writestr(MANIFEST, json.dumps(manifest, indent=2, ensure_ascii=False))
            archive.writestr(README, readme(manifest))
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)
    return manifest


def _identity(commune):
    return {
        "pk": commune.pk,
        "slug": commune.slug,
        "name": commune.name,
        "nis_code": commune.nis_code,
        "hosts": commune.host_list,
    }


def data_digest(manifest):
    """One SHA-256 over every data file's and every file's hash, in a fixed order."""
    sha = hashlib.sha256()
    for label in sorted(manifest["models"]):
        entry = manifest["models"][label]
        sha.update(f"{label}\t{entry['count']}\t{entry['sha256']}\n".encode())
    for entry in manifest["files"]:
        sha.update(f"{entry.get('path', '')}\t{entry.get('sha256', 'missing')}\n".encode())
    return sha.hexdigest()


def file_sha256(path):
    sha = hashlib.sha256()
    with open(path, "rb") as source:
        while block := source.read(BLOCK):
            sha.update(block)
    return sha.hexdigest()


def counts(commune):
    return {part.label: part.count() for part in parts(commune)}


def verify(commune, path):
    """Check that the archive at `path` is this commune's, whole, and still up to date.
    Returns its manifest; raises ArchiveError with a message for the operator."""
    try:
        archive = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as error:
        raise ArchiveError(
            _("L'archive %(path)s ne peut pas être lue : %(error)s")
            % {"path": path, "error": error}
        ) from None
    with archive:
        try:
            manifest = json.loads(archive.read(MANIFEST))
        except (KeyError, ValueError):
            raise ArchiveError(_("L'archive n'a pas de manifeste lisible.")) from None
        if manifest.get("format") != FORMAT:
            raise ArchiveError(_("Ce fichier n'est pas une archive de commune."))
        identity = manifest.get("commune") or {}
        if identity.get("slug") != commune.slug or identity.get("pk") != commune.pk:
            raise ArchiveError(
                _("Cette archive est celle de « %(other)s », pas de « %(slug)s ».")
                % {"other": identity.get("slug"), "slug": commune.slug}
            )
        for entry in manifest["models"].values():
            if _member_sha256(archive, entry["file"]) != entry["sha256"]:
                raise ArchiveError(
                    _("Le fichier %(file)s de l'archive est abîmé (empreinte différente).")
                    % {"file": entry["file"]}
                )
        for entry in manifest["files"]:
            if entry.get("missing"):
                continue
            if _member_sha256(archive, entry["path"]) != entry["sha256"]:
                raise ArchiveError(
                    _("Le fichier %(file)s de l'archive est abîmé (empreinte différente).")
                    % {"file": entry["path"]}
                )
        if data_digest(manifest) != manifest.get("data_sha256"):
            raise ArchiveError(_("Le manifeste de l'archive a été modifié (empreinte globale)."))
    check_counts(commune, manifest)
    return manifest


def check_counts(commune, manifest):
    """Refuse when the commune's rows are no longer those the archive counted."""
    now = counts(commune)
    stale = [
        f"{label} ({manifest['models'].get(label, {}).get('count', 0)} → {number})"
        for label, number in sorted(now.items())
        if manifest["models"].get(label, {}).get("count", 0) != number
    ]
    stale += [
        f"{label} ({entry['count']} → 0)"
        for label, entry in sorted(manifest["models"].items())
        if label not in now and entry["count"]
    ]
    if stale:
        raise ArchiveError(
            _(
                "L'archive n'est plus à jour : des données ont changé depuis l'export "
                "(%(changes)s). Exportez à nouveau."
            )
            % {"changes": ", ".join(stale)}
        )


def _member_sha256(archive, name):
    sha = hashlib.sha256()
    try:
        with archive.open(name) as source:
            while block := source.read(BLOCK):
                sha.update(block)
    except (KeyError, zipfile.BadZipFile, OSError):
        return None
    return sha.hexdigest()


def refusal(commune):
    """Why this commune may not be erased, or None."""
    from guichet.models import Commune

    if Commune.objects.count() <= 1:
        return _("C'est la seule commune de l'installation : elle ne peut pas être effacée.")
    if commune.is_home:
        return _(
            "C'est la première commune de l'installation : ses groupes sont ceux de toute "
            "l'installation, les variables COMMUNE_* la décrivent et les données écrites hors "
            "de toute requête lui reviennent. Elle ne peut pas être effacée."
        )
    return None


def operator_name(by=None):
    if by:
        return by
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no user name in this environment
        return "?"


def erase(commune, *, manifest, archive_sha256, operator):
    """Delete everything of `commune` in one transaction; record its departure. Returns the
    departure record. Its files are deleted once the transaction is committed."""
    from wagtail.models import Page

    from guichet.models import Commune, CommuneDeparture

    reason = refusal(commune)
    if reason:
        raise ArchiveError(reason)
    with transaction.atomic():
        # Lock the commune row: on PostgreSQL a new row of the commune (its foreign key takes
        # a key-share lock on it) waits until the erasure is over. Then count again: nothing
        # may have been added since the archive was checked.
        Commune.objects.select_for_update().filter(pk=commune.pk).first()
        check_counts(commune, manifest)
        all_parts = parts(commune)
        files = [
            (storage, name) for _a, storage, name, _l, _pk in commune_files(commune, all_parts)
        ]
        tree = _tree_pages(commune)
        top = tree.aggregate(top=Min("depth"))["top"] or 0
        roots = list(tree.filter(depth=top).values_list("pk", flat=True))
        deactivated = _deactivate_own_staff(commune)
        Commune.objects.filter(pk=commune.pk).update(site=None)
        page_models = {Page, *_page_models()}
        pending = [
            part
            for part in reversed(all_parts)
            if part.erase and part.model is not Commune and part.model not in page_models
        ]
        _delete_parts(pending)
        try:
            # The tree's own delete (treebeard): descendants too, parents' child counts kept.
            Page.objects.filter(pk__in=roots).delete()
            Commune.objects.filter(pk=commune.pk).delete()
        except (ProtectedError, RestrictedError) as error:
            raise ArchiveError(
                _("D'autres données renvoient encore à cette commune : %(error)s")
                % {"error": error.args[0]}
            ) from None
        departure = CommuneDeparture.objects.create(
            slug=commune.slug,
            name=commune.name,
            nis_code=commune.nis_code,
            commune_number=commune.pk,
            hosts="\n".join(commune.host_list),
            operator=operator[:150],
            archive_sha256=archive_sha256,
            archive_created_at=manifest.get("created_at", ""),
            counts={label: entry["count"] for label, entry in manifest["models"].items()},
            files=len(manifest["files"]),
            deactivated_accounts=deactivated,
        )

        def delete_files():
            for storage, name in files:
                with contextlib.suppress(OSError):  # already gone: nothing left to erase
                    storage.delete(name)

        transaction.on_commit(delete_files)
        transaction.on_commit(communes.forget)
    return departure


def _deactivate_own_staff(commune):
    """Accounts of staff working for this commune alone (superusers aside): once its
    memberships are gone they would be attached to no commune, which in a single-commune
    installation means working for the one left. They are deactivated, not deleted."""
    User = get_user_model()
    own = (
        User.objects.filter(commune_memberships__commune=commune, is_superuser=False)
        .exclude(commune_memberships__commune__in=communes_other_than(commune))
        .distinct()
    )
    return User.objects.filter(pk__in=list(own.values_list("pk", flat=True))).update(
        is_active=False
    )


def communes_other_than(commune):
    from guichet.models import Commune

    return Commune.objects.exclude(pk=commune.pk)


def _delete_parts(pending):
    """Delete each part's rows, children before parents; a part still protected by another's
    rows waits for the next round."""
    while pending:
        waiting = []
        for part in pending:
            try:
                part.queryset.delete()
            except (ProtectedError, RestrictedError):
                waiting.append(part)
        if len(waiting) == len(pending):
            labels = ", ".join(part.label for part in waiting)
            raise ArchiveError(
                _("Des lignes d'autres données empêchent l'effacement de : %(labels)s.")
                % {"labels": labels}
            )
        pending = waiting


def readme(manifest):
    """The archive's LISEZMOI.txt, in French, for the commune and its next provider."""
    identity = manifest["commune"]
    lines = [
        f"Archive des données de la {identity['name']} (code INS {identity['nis_code']})",
        f"Créée le {manifest['created_at']} par e-guichet (format {FORMAT}, version {VERSION}).",
        "",
        "Cette archive contient toutes les données que l'installation e-guichet conservait",
        "pour la commune : registres (personnes, ménages, adresses, actes de naissance,",
        "casier judiciaire), demandes de documents et leur historique, paiements, documents",
        "délivrés, pièces jointes des citoyens, configuration (démarches, tarifs, motifs,",
        "réglages du site et du CPAS), le site internet (pages, révisions, traductions),",
        "les groupes de rédaction et les comptes des agents (sans mot de passe).",
        "",
        "Contenu",
        "-------",
        "manifest.json : la commune, la date, et pour chaque modèle le nombre de lignes et",
        "  l'empreinte SHA-256 de son fichier ; pour chaque fichier joint, son chemin, sa",
        "  taille et son empreinte SHA-256 ; data_sha256 résume toutes ces empreintes.",
        "data/<application>.<modèle>.jsonl : une ligne JSON par enregistrement, au format de",
        '  sérialisation de Django : {"model": …, "pk": …, "fields": {…}}. Les liens vers',
        "  d'autres enregistrements sont leur « pk » ; les comptes d'utilisateurs sont désignés",
        "  par leur identifiant (username), les types de contenu par [application, modèle].",
        "  Les dates et heures sont en ISO 8601 (UTC), les montants en texte décimal.",
        "files/private/<chemin> : les fichiers privés (pièces jointes, PDF délivrés), au",
        "  chemin indiqué dans le champ « file » de leur enregistrement.",
        "",
        "Principaux fichiers",
        "-------------------",
        "population.Person, population.Household, population.Membership, population.Address,",
        "population.CriminalRecordEntry : le registre de la population et le casier.",
        "etatcivil.BirthAct, etatcivil.MarginalMention : les actes de naissance.",
        "guichet.DocumentRequest, guichet.IssuedDocument, guichet.Attachment,",
        "guichet.RequestMessage, guichet.Payment, guichet.Refund, guichet.AuditEntry : les",
        "demandes, documents, paiements et le journal d'audit.",
        "wagtailcore.Page et pages.* / cpas.* : le site internet (une ligne par page dans",
        "wagtailcore.Page, son contenu propre dans le fichier de son type).",
        "",
        "Vérifier l'archive : calculez le SHA-256 de chaque fichier (sha256sum sous Linux,",
        "Get-FileHash sous Windows) et comparez-le au manifeste.",
        "",
        "Nombre de lignes par modèle :",
    ]
    for label, entry in sorted(manifest["models"].items()):
        if entry["count"]:
            lines.append(f"  {label} : {entry['count']}")
    lines.append(f"Fichiers : {len(manifest['files'])}")
    missing = sum(1 for entry in manifest["files"] if entry.get("missing"))
    if missing:
        lines.append(f"  dont {missing} absents du stockage au moment de l'export.")
    lines.append("")
    return "\n".join(lines)
