"""The clerks' back office. Every page is behind StaffSurfaceMiddleware (verified OTP and
guichet.access_backoffice); here each request is further scoped to the kinds of the clerk's
service, anything else answering 404. Actions POST, then redirect (they work without
JavaScript; htmx only makes them in-place)."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from guichet import access, issuing, services, workflow
from guichet.audit import audit
from guichet.bureau import selectors
from guichet.bureau.forms import (
    AskForm,
    IssueForm,
    NoteForm,
    RejectForm,
    RevokeForm,
)
from guichet.kinds import registry
from guichet.models import Attachment
from guichet.payments.summary import payment_box

PAGE_SIZE = 25


def home(request):
    if not access.visible_kinds(request.user) and request.user.has_perm("guichet.manage_finances"):
        return redirect("bureau:finances")  # the finance department sees no request queue
    return render(request, "bureau/home.html", selectors.dashboard(user=request.user))


def queue(request):
    kinds = access.visible_kinds(request.user)
    filters = selectors.queue(kinds=kinds, user_id=request.user.pk, data=request.GET)
    page = Paginator(filters.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query_string = request.GET.copy()
    query_string.pop("page", None)
    return render(
        request,
        "bureau/queue.html",
        {
            "form": filters.form,
            "page": page,
            "rows": selectors.queue_rows(list(page.object_list)),
            "query_string": query_string.urlencode(),
            "can_take": bool(access.handled_kinds(request.user)),
        },
    )


@require_POST
def take_next(request):
    kinds = access.handled_kinds(request.user)
    if not kinds:
        messages.error(request, _("Votre compte ne traite aucun type de demande."))
        return redirect("bureau:queue")
    claimed = services.request_take_next(by=request.user, kinds=kinds)
    if claimed is None:
        mine = selectors.open_assigned_to(user=request.user, kinds=kinds)
        if mine:
            messages.info(
                request,
                ngettext(
                    "Aucune autre demande en attente. Vous traitez déjà %(n)s demande.",
                    "Aucune autre demande en attente. Vous traitez déjà %(n)s demandes.",
                    mine,
                )
                % {"n": mine},
            )
        else:
            messages.info(request, _("Aucune demande en attente : la file est vide."))
        return redirect("bureau:queue")
    messages.success(
        request, _("Vous traitez maintenant la demande %(ref)s.") % {"ref": claimed.reference}
    )
    return redirect("bureau:request", reference=claimed.reference)


def request_page(request, reference, *, forms=None, status=200):
    document_request = selectors.request_for_staff(user=request.user, reference=reference)
    kind = registry.get(document_request.kind)
    handles = document_request.kind in access.handled_kinds(request.user)
    entries, notes = selectors.staff_timeline(document_request=document_request)
    forms = forms or {}
    context = {
        "req": document_request,
        "kind": kind,
        "handles": handles,
        "actions": workflow.clerk_actions(document_request, request.user) if handles else [],
        "timeline": entries,
        "notes": notes,
        "attachments": list(document_request.attachments.all()),
        "document": getattr(document_request, "document", None),
        "details": kind.details_summary(document_request.details) if kind else [],
        "payment": payment_box(document_request),
        "ask_form": forms.get("ask") or AskForm(),
        "note_form": forms.get("note") or NoteForm(),
        "issue_form": forms.get("issue") or IssueForm(),
        "register_url": reverse("bureau:register", args=[document_request.reference]),
        # The kind's own box (guichet.kinds.DocumentKind.clerk_template), for its clerks.
        "kind_panel": (
            kind.clerk_context(document_request, forms=forms) if handles and kind else None
        ),
        # The page's own form sent back with errors: its summary heads the page (the site's
        # pattern). A kind's box shows its own summary beside its form.
        "invalid_form": next(
            (forms[name] for name in ("issue", "ask", "note") if name in forms), None
        ),
    }
    return render(request, "bureau/request.html", context, status=status)


@require_http_methods(["GET", "POST"])
def action(request, reference, name):
    """POST performs an action. The destructive ones (CONFIRMED) are confirmed first on
    their own page: GET shows it (what will happen, the reason fields, "Oui…" or go back),
    POST comes from it carrying the state it showed, so a stale confirmation is refused."""
    document_request = selectors.request_for_staff(user=request.user, reference=reference)
    handler = ACTION_HANDLERS.get(name)
    if handler is None:
        raise Http404
    if request.method == "GET":
        if name not in CONFIRMED:
            return HttpResponseNotAllowed(["POST"])
        return _confirmation(request, document_request, name)
    try:
        result = handler(request, document_request)
    except services.ActionRefused as refusal:
        messages.error(request, str(refusal))
        return redirect("bureau:request", reference=reference)
    if isinstance(result, dict):  # a form with errors: show it again, with what was typed
        if name in CONFIRMED:
            return _confirmation(request, document_request, name, form=result[name], status=400)
        return request_page(request, reference, forms=result, status=400)
    messages.success(request, result)
    return redirect("bureau:request", reference=reference)


# Destructive actions: each has its confirmation page (form, heading, consequences, button).
CONFIRMED = {
    "reject": {
        "form": RejectForm,
        "title": _lazy("Refuser la demande %(ref)s ?"),
        "consequences": [
            _lazy("La demande sera close : plus personne ne pourra la traiter."),
            _lazy(
                "Le citoyen recevra un e-mail ; le motif et votre explication lui seront "
                "communiqués tels quels."
            ),
            _lazy("Pour obtenir le document, il devra faire une nouvelle demande."),
        ],
        "button": _lazy("Oui, refuser la demande"),
    },
    "revoke": {
        "form": RevokeForm,
        "title": _lazy("Révoquer le document de la demande %(ref)s ?"),
        "consequences": [
            _lazy(
                "Le document ne sera plus valable : sa page de vérification dira « révoqué » "
                "avec le motif, même si quelqu'un présente le fichier d'origine."
            ),
            _lazy("Le citoyen ne pourra plus le télécharger."),
            _lazy("Il recevra un e-mail avec le motif et un lien pour commander à nouveau."),
            _lazy("La révocation est définitive."),
        ],
        "button": _lazy("Oui, révoquer le document"),
    },
}


def _confirmation(request, document_request, name, *, form=None, status=200):
    """The confirmation page of a destructive action; only for a clerk who may do it now
    (another service: 404; no longer possible: back to the request with the reason)."""
    if document_request.kind not in access.handled_kinds(request.user):
        raise Http404
    if name not in workflow.clerk_actions(document_request, request.user):
        if name == "revoke" and getattr(document_request, "document", None) is None:
            refusal = services.ActionRefused("no_document")
        elif name == "revoke":
            refusal = services.ActionRefused("already_revoked")
        else:
            refusal = services.ActionRefused("not_possible_in_state", state=document_request.state)
        messages.error(request, str(refusal))
        return redirect("bureau:request", reference=document_request.reference)
    page = CONFIRMED[name]
    kind = registry.get(document_request.kind)
    context = {
        "req": document_request,
        "kind": kind,
        "name": name,
        "form": form or page["form"](),
        "title": page["title"] % {"ref": document_request.reference},
        "consequences": [*page["consequences"], *_payment_consequences(document_request, name)],
        "button": page["button"],
        "document": getattr(document_request, "document", None),
    }
    return render(request, "bureau/confirm.html", context, status=status)


def _payment_consequences(document_request, name):
    """A paid request that is rejected gets its fee back: the confirmation page says so."""
    if name != "reject" or document_request.paid_at is None:
        return []
    paid = document_request.payments.filter(status="paid").first()
    if paid is None or paid.refunds.exists():
        return []
    return [
        _("Le paiement de %(amount)s € sera remboursé au citoyen.")
        % {"amount": number_format(paid.amount, decimal_pos=2, use_l10n=True)}
    ]


def _claim(request, document_request):
    services.request_start_review(
        document_request=document_request,
        by=request.user,
        expected_state=workflow.seen_state(request.POST.get("expected_state"), document_request),
    )
    return _("Demande prise en charge : elle est à vous.")


def _release(request, document_request):
    services.request_release(
        document_request=document_request,
        by=request.user,
        expected_state=workflow.seen_state(request.POST.get("expected_state"), document_request),
    )
    return _("Demande remise dans la file.")


def _ask(request, document_request):
    form = AskForm(request.POST)
    if not form.is_valid():
        return {"ask": form}
    services.request_ask_citizen(
        document_request=document_request,
        by=request.user,
        message=form.cleaned_data["message"],
        expected_state=workflow.seen_state(request.POST.get("expected_state"), document_request),
    )
    return _("Question envoyée au citoyen ; la demande attend sa réponse.")


def _issue(request, document_request):
    form = IssueForm(request.POST)
    if not form.is_valid():
        return {"issue": form}
    services.request_issue(
        document_request=document_request,
        by=request.user,
        expected_state=workflow.seen_state(request.POST.get("expected_state"), document_request),
    )
    return _("Document délivré ; le citoyen est prévenu.")


def _reject(request, document_request):
    form = RejectForm(request.POST)
    if not form.is_valid():
        return {"reject": form}
    services.request_reject(
        document_request=document_request,
        by=request.user,
        reason=form.reason_text(),
        rejection_code=form.cleaned_data["reason"],
        expected_state=workflow.seen_state(request.POST.get("expected_state"), document_request),
    )
    return _("Demande refusée ; le motif est communiqué au citoyen.")


def _close(request, document_request):
    services.request_close(
        document_request=document_request,
        by=request.user,
        expected_state=workflow.seen_state(request.POST.get("expected_state"), document_request),
    )
    return _("Demande clôturée (document envoyé ou retiré).")


def _note(request, document_request):
    form = NoteForm(request.POST)
    if not form.is_valid():
        return {"note": form}
    services.request_add_note(
        document_request=document_request, by=request.user, body=form.cleaned_data["body"]
    )
    return _("Note ajoutée.")


def _revoke(request, document_request):
    form = RevokeForm(request.POST)
    if not form.is_valid():
        return {"revoke": form}
    document = getattr(document_request, "document", None)
    if document is None:
        raise services.ActionRefused("no_document")
    services.document_revoke(
        document=document,
        by=request.user,
        reason=form.cleaned_data["reason"],
        expected_state=workflow.seen_state(request.POST.get("expected_state"), document_request),
    )
    return _("Document révoqué : sa page de vérification l'indique, et le citoyen est prévenu.")


ACTION_HANDLERS = {
    "claim": _claim,
    "release": _release,
    "ask": _ask,
    "issue": _issue,
    "reject": _reject,
    "close": _close,
    "note": _note,
    "revoke": _revoke,
}


@require_GET
def register(request, reference):
    """Register data beside the request; every opening is written to the audit."""
    document_request = selectors.request_for_staff(user=request.user, reference=reference)
    if document_request.kind not in access.handled_kinds(request.user):
        raise Http404
    kind = registry.get(document_request.kind)
    data = kind.register_data(document_request)
    services.register_consulted(
        document_request=document_request,
        by=request.user,
        source=kind.slug,
        why=_("Traitement de la demande"),
    )
    template = "bureau/_register.html" if request.htmx else "bureau/register_page.html"
    return render(
        request,
        template,
        {
            "req": document_request,
            "kind": kind,
            "register": data,
            "register_template": kind.register_template,
        },
    )


@require_GET
def preview(request, reference):
    """The PDF the clerk is about to issue, marked as a preview and stored nowhere."""
    document_request = selectors.request_for_staff(user=request.user, reference=reference)
    if document_request.kind not in access.handled_kinds(request.user):
        raise Http404
    try:
        pdf = issuing.render_preview(document_request=document_request)
    except issuing.IssuingError as error:
        return _preview_failed(request, document_request, error)
    services.register_consulted(
        document_request=document_request,
        by=request.user,
        source=document_request.kind,
        why=_("Aperçu du document"),
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="apercu-{reference}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


def _preview_failed(request, document_request, error):
    """A page in the back office's look saying why there is no preview and what to do: the
    kind's own instruction when something must be done first (409), else a technical
    failure to try again or report (503)."""
    if error.refusal:
        what_to_do = services.ActionRefused(error.refusal, **error.params).message
        status = 409
    else:
        what_to_do = _(
            "Réessayez dans quelques minutes. Si le problème persiste, prévenez le service "
            "informatique en donnant la référence de la demande."
        )
        status = 503
    response = render(
        request,
        "bureau/preview_failed.html",
        {"req": document_request, "why": str(error), "what_to_do": what_to_do},
        status=status,
    )
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def attachment(request, reference, attachment_id):
    document_request = selectors.request_for_staff(user=request.user, reference=reference)
    if document_request.kind not in access.handled_kinds(request.user):
        raise Http404
    item = get_object_or_404(Attachment, pk=attachment_id, request=document_request)
    audit(
        "guichet.attachment.viewed",
        actor=request.user,
        document_request=document_request,
        attachment=item.pk,
    )
    response = FileResponse(
        item.file.open("rb"), content_type=item.content_type, as_attachment=False
    )
    response["Content-Disposition"] = f'inline; filename="piece-{item.pk}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'; img-src 'self'"
    response["Cache-Control"] = "private, no-store"
    return response
