"""Which commune a request, a task or a command works for, and the fence around its data.

One mechanism, not a filter remembered in each view:

- `CommuneMiddleware` finds the commune of each HTTP request by its host name and makes it
  *current* for the request (a context variable, so threads and tasks never share it). An
  unknown host gets a plain 404 page, never another commune's content. An installation that
  serves a single commune answers on any allowed host, as before communes existed.
- Every model holding personal data has a `commune` foreign key and `CommuneManager` as its
  default manager: while a commune is current, `Model.objects` only ever sees that commune's
  rows (the Django admin, forms, related managers and access.py included). Outside a request
  (commands, the task worker, tests) nothing is current and nothing is filtered; tasks and
  commands that work for one commune say so with `activated(commune)`.
- New rows take the current commune (else the installation's first, "home" commune) as their
  default, so code that creates rows never has to pass it.
- Cache keys are prefixed with the current commune (`cache_key`, the cache's KEY_FUNCTION),
  so a cached page, menu or rate-limit counter of one commune is never another's.
"""

import contextvars
import time
from contextlib import contextmanager

from django.conf import settings
from django.db import connection, models
from django.http import HttpResponseNotFound
from django.http.request import split_domain_port
from django.template.loader import render_to_string

from guichet import row_security

_current = contextvars.ContextVar("guichet_commune", default=None)

# Host → commune, read from the database at most every HOSTS_TTL seconds per process (a new
# commune's host is served within that time by every process; at once by the one that saved it).
HOSTS_TTL = 30
_hosts = {
    "expires": 0.0,
    "by_host": {},
    "by_pk": {},
    "only": None,
    "home": None,
    "departed": None,
}

# Cache keys shared by every commune: our own "global:" keys and Wagtail's (its site root
# paths, deleted by Wagtail when a site changes, must be one entry for all).
GLOBAL_CACHE_PREFIXES = ("global:", "wagtail")

# Paths answered whatever the host: the load balancer's health check.
HOSTLESS_PATHS = ("/healthz",)


def current():
    """The commune the running code works for, or None (commands, tasks, tests)."""
    return _current.get()


@contextmanager
def activated(commune):
    """Work for `commune` inside the block (None: for no commune in particular)."""
    token = _current.set(commune)
    try:
        yield commune
    finally:
        _current.reset(token)


@contextmanager
def everywhere():
    """Read across every commune inside the block: nothing current (the fenced managers do not
    filter) and, with row-level security, the connection's setting emptied, then given back.
    For figures without personal data only (guichet.stats.intercommunal_summary): a view
    reads one commune's data through the fence, never through this."""
    commune = current()
    with activated(None):
        if not row_security.enabled(connection):
            yield
            return
        row_security.set_current(connection, "")
        try:
            yield
        finally:
            row_security.set_current(connection, commune.pk if commune is not None else "")


@contextmanager
def working_for(commune):
    """Work for `commune` inside the block, the connection's row-level security setting
    included (then given back): what a page publication sets off belongs to the page's
    commune even when the editor works on another commune's host."""
    before = current()
    with activated(commune):
        if not row_security.enabled(connection):
            yield commune
            return
        row_security.set_current(connection, commune.pk if commune is not None else "")
        try:
            yield commune
        finally:
            row_security.set_current(connection, before.pk if before is not None else "")


def bound(function):
    """`function`, to run later (after commit, say) for the commune current now."""
    commune = current()

    def run():
        with activated(commune):
            return function()

    return run


def forget():
    """Drop the host table (after communes change, and between tests)."""
    _hosts.update(expires=0.0, by_host={}, by_pk={}, only=None, home=None, departed=None)


def _load():
    from guichet.models.commune import Commune

    if _hosts["expires"] > time.monotonic():
        return _hosts
    communes = list(Commune.objects.select_related("site").order_by("pk"))
    if not communes:
        communes = [_create_home()]
    active = [commune for commune in communes if commune.active]
    by_host = {host: commune for commune in active for host in commune.host_list}
    _hosts.update(
        expires=time.monotonic() + HOSTS_TTL,
        by_host=by_host,
        by_pk={commune.pk: commune for commune in active},
        only=active[0] if len(active) == 1 else None,
        home=communes[0],
        departed=None,  # read at first need (requests only: never during migrations)
    )
    return _hosts


def _departed_hosts(table):
    """The hosts of communes that left: unknown, even to a single-commune installation."""
    if table["departed"] is None:
        from guichet.models.commune import CommuneDeparture

        table["departed"] = frozenset(
            host
            for hosts in CommuneDeparture.objects.values_list("hosts", flat=True)
            for host in hosts.split()
        )
    return table["departed"]


def _create_home():
    """The first commune, from the environment's COMMUNE_* settings (as before communes
    existed). Made by the migration; again here when a test flushed the database."""
    from guichet.models.commune import Commune

    return Commune.objects.order_by("pk").first() or Commune.objects.create(**home_values())


def home_values(identity=None):
    """The first commune's fields from the environment (COMMUNE_*, SITE_URL, PAYMENT_*)."""
    identity = identity or settings.COMMUNE
    return {
        "slug": identity["slug"],
        "name": identity["name"],
        "place": identity["place"],
        "nis_code": identity["nis_code"],
        "hosts": "\n".join(settings.COMMUNE_HOSTS),
        "address": identity["address"],
        "phone": identity["phone"],
        "email": identity["email"],
        "hours": identity["hours"],
        "administrative_languages": ",".join(settings.ADMINISTRATIVE_LANGUAGES),
        "payment_iban": settings.PAYMENT_IBAN,
        "payment_bic": settings.PAYMENT_BIC,
        "payment_beneficiary": settings.PAYMENT_BENEFICIARY,
    }


def home():
    """The installation's first commune (the only one of a single-commune installation)."""
    return _load()["home"]


def home_id():
    return home().pk


def current_or_home():
    return current() or home()


def default_commune_id():
    """Default of every `commune` foreign key: the current commune, else the first one."""
    return current_or_home().pk


def for_host(host):
    """The commune served on `host` (a name, with or without port), or None."""
    table = _load()
    name, _port = split_domain_port(host or "")
    name = (name or "").lower()
    commune = table["by_host"].get(name)
    if commune is None and table["only"] is not None and name in _departed_hosts(table):
        return None
    return commune or table["only"]


def get(pk):
    """A commune by primary key, from the host table when possible."""
    from guichet.models.commune import Commune

    commune = _load()["by_pk"].get(pk)
    if commune is not None:
        return commune
    return Commune.objects.select_related("site").get(pk=pk)


def of(row):
    """The commune a fenced row belongs to (from the host table: no query)."""
    return get(getattr(row, f"{field_of(type(row))}_id"))


def served():
    """The communes served (active), from the host table."""
    return list(_load()["by_pk"].values())


def count():
    """How many communes are served (at least one)."""
    return len(_load()["by_pk"]) or 1


def field_of(model):
    """The name of the foreign key that puts `model`'s rows in a commune."""
    return getattr(model, "fence_field", "commune")


class CommuneManager(models.Manager):
    """The default manager of personal data: the current commune's rows only."""

    def get_queryset(self):
        queryset = super().get_queryset()
        commune = current()
        if commune is None:
            return queryset
        return queryset.filter(**{f"{field_of(self.model)}_id": commune.pk})


def scoped_manager(queryset_class=None):
    """A CommuneManager over a model's own queryset class."""
    if queryset_class is None:
        return CommuneManager()
    return CommuneManager.from_queryset(queryset_class)()


class CommuneForeignKey(models.ForeignKey):
    """A row's commune: set when the row is first written (save or bulk_create) to the current
    commune, else the first one, unless the code gave it. Never a default computed when an
    object is merely built in memory (which would need the database)."""

    def pre_save(self, model_instance, add):
        if add and getattr(model_instance, self.attname) is None:
            setattr(model_instance, self.attname, default_commune_id())
        return super().pre_save(model_instance, add)


def commune_field(verbose_name=None, related_name="+"):
    """The foreign key that puts a row in its commune's fence."""
    from django.utils.translation import gettext_lazy as _

    return CommuneForeignKey(
        "guichet.Commune",
        on_delete=models.PROTECT,
        related_name=related_name,
        verbose_name=verbose_name or _("commune"),
        editable=False,
    )


def inherit_commune(instance, parent_attr):
    """Give a new child row its parent's commune (a document its request's, a refund its
    payment's), whatever is current: the worker issues documents for every commune."""
    if instance._state.adding and getattr(instance, f"{parent_attr}_id", None):
        parent = getattr(instance, parent_attr)
        setattr(
            instance,
            f"{field_of(type(instance))}_id",
            getattr(parent, f"{field_of(type(parent))}_id"),
        )


def cache_key(key, key_prefix, version):
    """The cache's KEY_FUNCTION: keys belong to the current commune ("global:" keys to all)."""
    commune = current()
    shared = commune is None or key.startswith(GLOBAL_CACHE_PREFIXES)
    scope = "g" if shared else f"c{commune.pk}"
    return f"{key_prefix}:{version}:{scope}:{key}"


def unknown_host_response(request):
    body = render_to_string("guichet/unknown_host.html", {"host": request.get_host()})
    return HttpResponseNotFound(body)


class CommuneMiddleware:
    """Make the commune of the request's host current for the request (see the module)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path in HOSTLESS_PATHS:
            return self.get_response(request)  # answers even when the database does not
        commune = for_host(request.get_host())
        if commune is None:
            return unknown_host_response(request)
        request.commune = commune
        if commune.site_id is not None:
            # Wagtail serves this commune's page tree whatever its Site's own host name.
            request._wagtail_site = commune.site
        with activated(commune):
            if row_security.enabled(connection):
                row_security.set_current(connection, commune.pk)
                try:
                    return self.get_response(request)
                finally:
                    row_security.set_current(connection, "")
            return self.get_response(request)


def is_last_app(sender):
    """post_migrate receivers that need every application's tables and permissions run for
    the last application only (post_migrate is sent once per application)."""
    from django.apps import apps

    return sender.label == [c for c in apps.get_app_configs() if c.models_module][-1].label


def give_settings_row_to_first_site(apps, app_label, model_name):
    """Data step of the migrations that make a settings model per site (one per commune): the
    installation's one row goes to the first commune's site (else the default site)."""
    model = apps.get_model(app_label, model_name)
    Site = apps.get_model("wagtailcore", "Site")
    home = apps.get_model("guichet", "Commune").objects.order_by("pk").first()
    site = (home.site if home is not None and home.site_id else None) or (
        Site.objects.filter(is_default_site=True).first() or Site.objects.first()
    )
    rows = list(model.objects.order_by("pk"))
    if site is None:
        model.objects.all().delete()
        return
    for index, row in enumerate(rows):
        if index == 0:
            row.site = site
            row.save(update_fields=["site"])
        else:
            row.delete()
