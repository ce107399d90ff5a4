"""Pages that need no sign-in: tracking by code and document verification.

Both show no personal data (at most the holder's initials), are POST-driven so codes stay out
of logs and browser history where possible, and are rate-limited per IP.
"""

import hashlib

from django.conf import settings
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from guichet import codes, communes, languages, selectors
from guichet.forms import PdfCheckForm, TrackingForm, VerificationForm
from guichet.kinds import registry
from guichet.models import DocumentRequest, IssuedDocument
from guichet.ratelimit import hit

# Lazy: a module-level text must follow the language of each request, not of the import.
RATE_LIMITED = gettext_lazy(
    "Trop d'essais depuis votre connexion. Attendez une minute avant de réessayer."
)


@never_cache
@require_http_methods(["GET", "POST"])
def tracking(request):
    result = None
    status = 200
    form = TrackingForm(request.POST or None)
    if request.method == "POST":
        if not hit(request, scope="tracking", limit=settings.PUBLIC_LOOKUP_RATE_LIMIT):
            form.is_valid()
            form.add_error(None, RATE_LIMITED)
            status = 429
        elif form.is_valid():
            code = codes.normalise(form.cleaned_data["code"])
            found = (
                DocumentRequest.objects.filter(tracking_code=code)
                .only(
                    "kind",
                    "state",
                    "submitted_at",
                    "issued_at",
                    "closed_at",
                    "reference",
                    "delivery",
                    "posted_at",
                    "pickup_until",
                    "collected_at",
                )
                .first()
            )
            if found is None:
                form.add_error(
                    "code",
                    _(
                        "Aucune demande ne correspond à ce code. Vérifiez-le : "
                        "10 caractères, sans 0 ni 1."
                    ),
                )
                status = 404
            else:
                kind = registry.get(found.kind)
                result = {
                    "req": found,
                    "kind_label": kind.label if kind else found.kind,
                    "expected": selectors.expected_date(document_request=found),
                }
        else:
            status = 400
    return render(request, "guichet/tracking.html", {"form": form, "result": result}, status=status)


@require_http_methods(["GET", "POST"])
def verification_form(request):
    form = VerificationForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if not hit(request, scope="verification", limit=settings.PUBLIC_LOOKUP_RATE_LIMIT):
            form.is_valid()
            form.add_error(None, RATE_LIMITED)
            status = 429
        elif form.is_valid():
            code = codes.normalise_verification(form.cleaned_data["code"])
            if IssuedDocument.objects.filter(verification_code=code).exists():
                return redirect("verification:detail", code=code)
            elsewhere = _issuing_commune_url(code)
            if elsewhere:
                return redirect(elsewhere)
            form.add_error(
                "code",
                _(
                    "Aucun document ne correspond à ce code. Vérifiez les 12 "
                    "caractères imprimés en bas du document."
                ),
            )
            status = 404
        else:
            status = 400
    return render(request, "guichet/verification_form.html", {"form": form}, status=status)


def _issuing_commune_url(code):
    """Verification codes are unique across communes: a code typed on another commune's site
    is sent to the page of the commune that issued it (which shows it under its own rules)."""
    with communes.activated(None):
        commune_id = (
            IssuedDocument.objects.filter(verification_code=code)
            .values_list("commune_id", flat=True)
            .first()
        )
    if commune_id is None:
        return None
    commune = communes.get(commune_id)
    if not commune.active:
        return None
    with translation.override(settings.LANGUAGE_CODE):
        return commune.base_url + reverse("verification:detail", args=[code])


@never_cache
@require_http_methods(["GET", "POST"])
def verification_detail(request, code):
    if not hit(request, scope="verification-page", limit=settings.PUBLIC_LOOKUP_RATE_LIMIT * 6):
        return render(
            request,
            "guichet/verification_form.html",
            {"form": VerificationForm(), "rate_limited": RATE_LIMITED},
            status=429,
        )
    document = IssuedDocument.objects.filter(verification_code=code).first()
    if document is None:
        elsewhere = _issuing_commune_url(code)
        if elsewhere:
            return redirect(elsewhere)
        return render(request, "guichet/verification_unknown.html", status=404)
    kind = registry.get(document.kind)
    comparison = None
    form = PdfCheckForm()
    status = 200
    if request.method == "POST":
        form = PdfCheckForm(request.POST, request.FILES)
        if not hit(request, scope="verification", limit=settings.PUBLIC_LOOKUP_RATE_LIMIT):
            form.is_valid()
            form.add_error(None, RATE_LIMITED)
            status = 429
        elif form.is_valid():
            digest = hashlib.sha256()
            for chunk in form.cleaned_data["pdf"].chunks():
                digest.update(chunk)
            comparison = "identique" if digest.hexdigest() == document.sha256 else "différent"
        else:
            status = 400
    return render(
        request,
        "guichet/verification_detail.html",
        {
            "document": document,
            "kind_label": kind.label if kind else document.kind,
            "document_language": languages.language_name(document.language),
            "status": document.status(),
            "form": form,
            "comparison": comparison,
        },
        status=status,
    )
