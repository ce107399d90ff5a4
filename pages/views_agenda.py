"""Public views of the agenda (the submission form) and of the associations directory, and
the open data page. The agenda's list, archives and exports are routes of AgendaIndexPage."""

import functools
import hashlib

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from guichet import ratelimit
from pages import agenda, directory
from pages import cache as page_cache
from pages.forms_agenda import (
    HONEYPOT_FIELD,
    AssociationEditForm,
    AssociationFilterForm,
    EventSubmissionForm,
    UpdateRequestForm,
)

KEPT_HEADERS = ("Content-Disposition", "Link")


def cached_public(view):
    """The anonymous page cache of Wagtail pages (pages.cache) for a plain Django view:
    same content token, same lifetime, same conditions (no session, GET, 200, no cookie)."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not settings.WEBSITE_PAGE_CACHE_SECONDS or not page_cache._anonymous(request):
            return view(request, *args, **kwargs)
        # The page cache's own key (content token, language, host, path), hashed: an export
        # without a language prefix is written in the visitor's language, and long filters
        # must not exceed the cache's key length.
        where = hashlib.sha256(page_cache._key(request, page_cache.content_token()).encode())
        key = f"pages:view:{where.hexdigest()}"
        hit = cache.get(key)
        if hit is not None:
            content, content_type, headers = hit
            response = HttpResponse(content, content_type=content_type)
            for name, value in headers.items():
                response[name] = value
            response[page_cache.CACHE_HEADER] = "hit"
            return response
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and not response.is_rendered:
            response.render()
        if (
            response.status_code == 200
            and not response.cookies
            and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        ):
            seconds = page_cache._seconds_to_live(timezone.now())
            if seconds > 0:
                headers = {
                    name: response[name] for name in KEPT_HEADERS if response.has_header(name)
                }
                cache.set(key, (response.content, response["Content-Type"], headers), seconds)
            response[page_cache.CACHE_HEADER] = "miss"
        return response

    return wrapper


def _base_url(request):
    return f"{request.scheme}://{request.get_host()}"


# --- agenda: proposing an event ---


@require_http_methods(["GET", "HEAD", "POST"])
def event_submit(request):
    index = agenda.agenda_index()
    if index is None:
        raise Http404
    form = EventSubmissionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data.get(HONEYPOT_FIELD):
            # A robot: the same thank-you page, nothing kept or sent.
            return redirect("event_submit_thanks")
        if ratelimit.hit(
            request,
            scope="agenda-submission",
            limit=settings.AGENDA_SUBMISSIONS_PER_HOUR,
            window=3600,
        ):
            agenda.submit_event(data=form.cleaned_data)
            return redirect("event_submit_thanks")
        form.add_error(
            None,
            _(
                "Nous avons déjà reçu plusieurs propositions depuis cette connexion. "
                "Réessayez dans une heure."
            ),
        )
    return render(request, "pages/agenda/submit.html", {"form": form, "agenda": index})


@require_safe
def event_submit_thanks(request):
    return render(request, "pages/agenda/submit_thanks.html", {"agenda": agenda.agenda_index()})


@require_safe
@cached_public
def agenda_ics(request):
    return agenda.ics_response(request, category="")


@require_safe
@cached_public
def agenda_category_ics(request, category):
    if category not in agenda.EventCategory.values:
        raise Http404
    return agenda.ics_response(request, category=category)


@require_safe
@cached_public
def agenda_json(request):
    return agenda.json_response(request)


@require_safe
@cached_public
def agenda_csv(request):
    return agenda.csv_response(request)


# --- associations directory ---


@require_safe
@cached_public
def association_list(request):
    form = AssociationFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    rows = directory.association_list(**filters)
    page_obj = Paginator(rows, 20).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "pages/associations/list.html",
        {
            "filter_form": form,
            "filtered": bool(filters and any(filters.values())),
            "rows": page_obj,
            "total": page_obj.paginator.count,
            "query_string": query.urlencode(),
        },
    )


@require_safe
@cached_public
def association_detail(request, slug):
    association = get_object_or_404(directory.published_associations(), slug=slug)
    events = agenda.event_rows(organiser=association)[:5]
    return render(
        request,
        "pages/associations/detail.html",
        {"association": association, "events": events},
    )


def _association_records(request):
    base_url = _base_url(request)
    return [
        directory.export_record(a, base_url)
        for a in directory.published_associations().order_by("name")
    ]


@require_safe
@cached_public
def associations_json(request):
    data = {
        "metadata": agenda.licence_metadata(_("Répertoire des associations")),
        "associations": _association_records(request),
    }
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})


@require_safe
@cached_public
def associations_csv(request):
    body = agenda.csv_text(_association_records(request), directory.EXPORT_COLUMNS)
    return agenda.csv_http_response(body, filename="associations.csv")


@require_http_methods(["GET", "HEAD", "POST"])
def association_update_request(request):
    form = UpdateRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not form.cleaned_data.get(HONEYPOT_FIELD):
            if ratelimit.hit(request, scope="association-update-link", limit=5, window=3600):
                directory.request_update_link(email=form.cleaned_data["email"])
            else:
                form.add_error(
                    None,
                    _("Trop de demandes depuis cette connexion. Réessayez dans une heure."),
                )
                return render(request, "pages/associations/update_request.html", {"form": form})
        return render(request, "pages/associations/update_request_sent.html", {})
    return render(request, "pages/associations/update_request.html", {"form": form})


@require_http_methods(["GET", "HEAD", "POST"])
def association_update_edit(request, token):
    row = directory.token_for(token)
    if row is None or not row.usable:
        response = render(
            request,
            "pages/associations/update_link_invalid.html",
            {"used": row is not None and row.used_at is not None},
            status=410 if row is not None else 404,
        )
        response["Referrer-Policy"] = "no-referrer"
        return response
    association = row.association
    form = AssociationEditForm(request.POST or None, instance=association)
    if request.method == "POST" and form.is_valid():
        change = directory.propose_change(raw_token=token, cleaned_data=form.cleaned_data)
        # The form's instance was changed in memory only: it is never saved here.
        if change is None:
            return render(
                request,
                "pages/associations/update_link_invalid.html",
                {"used": True},
                status=410,
            )
        return render(request, "pages/associations/update_sent.html", {"change": change})
    response = render(
        request, "pages/associations/update_edit.html", {"form": form, "association": association}
    )
    response["Referrer-Policy"] = "no-referrer"
    response["Cache-Control"] = "no-store"
    return response


@require_safe
@cached_public
def open_data(request):
    index = agenda.agenda_index()
    return render(
        request,
        "pages/open_data.html",
        {
            "agenda": index,
            "licence": settings.WEBSITE_OPEN_DATA_LICENCE,
            "licence_url": settings.WEBSITE_OPEN_DATA_LICENCE_URL,
            "categories": agenda.EventCategory.choices,
        },
    )
