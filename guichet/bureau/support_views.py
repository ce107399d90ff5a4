"""The support access a commune's administrators grant (/bureau/support/): open one, read the
grants and what the support read, revoke early. Administrators only; others get 404."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from guichet import access, support
from guichet.bureau.support_forms import SupportGrantForm
from guichet.refusals import ActionRefused

LOG_PAGE_SIZE = 50


def _require_administrator(request):
    if not access.is_administrator(request.user):
        raise Http404


@require_http_methods(["GET", "POST"])
def index(request):
    _require_administrator(request)
    form = SupportGrantForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                grant = support.grant_open(
                    user=form.cleaned_data["account"],
                    by=request.user,
                    reason=form.cleaned_data["reason"],
                    last_day=form.cleaned_data["last_day"],
                )
            except ActionRefused as refusal:
                form.add_error(None, refusal.message)
            else:
                messages.success(
                    request,
                    _("Accès de support ouvert à %(who)s.")
                    % {"who": grant.user.get_full_name() or grant.user.get_username()},
                )
                return redirect("bureau:support")
        status = 400
    return render(
        request,
        "bureau/support.html",
        {
            "form": form,
            "grants": list(support.grants()[:100]),
            "log": list(support.log()[:20]),
            "max_days": support.MAX_DAYS,
        },
        status=status,
    )


def grant_page(request, pk):
    _require_administrator(request)
    grant = get_object_or_404(support.grants(), pk=pk)
    page = Paginator(support.log(grant), LOG_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "bureau/support_grant.html", {"grant": grant, "page": page})


@require_POST
def revoke(request, pk):
    _require_administrator(request)
    grant = get_object_or_404(support.grants(), pk=pk)
    try:
        support.grant_revoke(grant=grant, by=request.user)
    except ActionRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("Accès de support révoqué : il est fermé dès maintenant."))
    return redirect("bureau:support_grant", pk=grant.pk)
