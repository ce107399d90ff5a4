"""E-mails to citizens at each transition they see. A formal greeting ("Madame, Monsieur,"),
never an attachment of personal data: documents are downloaded from the citizen's space.
Each e-mail says what happens next for the delivery mode ordered (guichet.dispatch).

Sending raises on failure; guichet.tasks decides whether to try again (is_transient) and, at
the end, writes "e-mail non remis" in the request's journal (record_undelivered)."""

import logging
import smtplib

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from guichet import communes, i18n
from guichet.audit import audit
from guichet.models import DocumentRequest

logger = logging.getLogger(__name__)

SUBJECTS = {
    "submitted": lambda r: _("Demande %(ref)s bien reçue") % {"ref": r.reference},
    "in_review": lambda r: _("Demande %(ref)s en traitement") % {"ref": r.reference},
    "awaiting_citizen": lambda r: (
        _("Demande %(ref)s : une question pour vous") % {"ref": r.reference}
    ),
    "issued": lambda r: (
        {
            "post": _("Votre document sera envoyé par la poste (demande %(ref)s)"),
            "counter": _("Votre document vous attend au guichet (demande %(ref)s)"),
        }.get(r.delivery, _("Votre document est prêt (demande %(ref)s)"))
        % {"ref": r.reference}
    ),
    "rejected": lambda r: _("Demande %(ref)s refusée") % {"ref": r.reference},
    "cancelled": lambda r: _("Demande %(ref)s annulée") % {"ref": r.reference},
    "closed": lambda r: _("Demande %(ref)s clôturée") % {"ref": r.reference},
    "posted": lambda r: (
        _("Votre document a été envoyé par la poste (demande %(ref)s)") % {"ref": r.reference}
    ),
    "collected": lambda r: _("Document remis (demande %(ref)s)") % {"ref": r.reference},
    "revoked": lambda r: _("Votre document a été révoqué (demande %(ref)s)") % {"ref": r.reference},
    "awaiting_payment": lambda r: (
        _("Demande %(ref)s reçue : paiement attendu") % {"ref": r.reference}
    ),
    "paid": lambda r: _("Paiement reçu (demande %(ref)s)") % {"ref": r.reference},
    "payment_expired": lambda r: (
        _("Demande %(ref)s annulée faute de paiement") % {"ref": r.reference}
    ),
    "refund": lambda r: _("Remboursement de la demande %(ref)s") % {"ref": r.reference},
}

# Events with their own message (default: guichet/email/request_event.*).
TEMPLATES = {"revoked": "guichet/email/document_revoked"}


def transfer_details(request):
    """What a citizen needs to pay this request by transfer, or None (free, or no account)."""
    if not request.structured_communication or request.fee <= 0:
        return None
    from guichet.payments import transfer

    try:
        return transfer.transfer_details(
            request.fee, request.structured_communication, commune=communes.of(request)
        )
    except (transfer.TransferNotConfigured, ValueError):
        return None


def greeting(*, title="", last_name=""):
    """How an e-mail to a citizen opens: "Bonjour Madame Peeters," when a title is known,
    else "Madame, Monsieur,". Never the first name: the commune writes as an administration.
    The sign-in gives no title today, so every e-mail opens with "Madame, Monsieur,"."""
    if title and last_name:
        return _("Bonjour %(title)s %(last_name)s,") % {"title": title, "last_name": last_name}
    return _("Madame, Monsieur,")


def send_request_email(*, request_id, event):
    request = DocumentRequest.objects.filter(pk=request_id).first()
    if request is None or not request.applicant_email or event not in SUBJECTS:
        return False
    from guichet import dispatch
    from guichet.kinds import registry

    # The citizen's language (chosen on the site when ordering); addresses in it too.
    with translation.override(i18n.supported(request.language) or settings.LANGUAGE_CODE):
        kind = registry.get(request.kind)
        commune = communes.of(request)
        base_url = commune.base_url
        context = {
            "request": request,
            "event": event,
            "steps": dispatch.next_steps(request),
            "greeting": greeting(),
            "kind_label": kind.label if kind else request.kind,
            "commune": commune.as_context(),
            "request_url": base_url + reverse("guichet:request_detail", args=[request.reference]),
            "tracking_url": base_url + reverse("tracking"),
            "order_url": base_url + reverse("guichet:order", args=[request.kind]),
            "document": getattr(request, "document", None),
            "transfer": transfer_details(request),
        }
        template = TEMPLATES.get(event, "guichet/email/request_event")
        text = render_to_string(f"{template}.txt", context)
        html = render_to_string(f"{template}.html", context)
        message = EmailMultiAlternatives(
            subject=SUBJECTS[event](request),
            body=text,
            to=[request.applicant_email],
        )
        message.attach_alternative(html, "text/html")
        message.send()
    logger.info("request e-mail sent: request id=%s event=%s", request.pk, event)
    return True


def is_transient(error):
    """Whether sending again later may succeed.

    A 5xx reply about this message (recipients, sender, content) will not change; anything
    else from the mail server may: refused or dropped connection, timeout, DNS, TLS, a 4xx
    "try again later", a failed login (fixed by the operators in the meantime).
    """
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return any(400 <= reply[0] < 500 for reply in error.recipients.values())
    if isinstance(error, smtplib.SMTPSenderRefused | smtplib.SMTPDataError):
        return 400 <= error.smtp_code < 500
    return isinstance(error, OSError)


def describe(error):
    """The error's class and SMTP code(s), safe to log: its message may hold an address."""
    name = type(error).__name__
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = sorted({str(reply[0]) for reply in error.recipients.values()})
        return " ".join([name, *codes])
    code = getattr(error, "smtp_code", None)
    return f"{name} {code}" if code else name


def record_undelivered(*, request_id, event, attempts, error):
    """Tell the clerks, in the request's journal, that the citizen was not told."""
    request = DocumentRequest.objects.filter(pk=request_id).first()
    if request is None or event not in SUBJECTS:
        return None
    with translation.override(settings.LANGUAGE_CODE):
        reason = ngettext(
            "E-mail « %(subject)s » non remis au citoyen après %(attempts)d tentative : "
            "prévenez-le par un autre moyen si nécessaire.",
            "E-mail « %(subject)s » non remis au citoyen après %(attempts)d tentatives : "
            "prévenez-le par un autre moyen si nécessaire.",
            attempts,
        ) % {"subject": SUBJECTS[event](request), "attempts": attempts}
        return audit(
            "guichet.request.email_failed",
            document_request=request,
            reason=reason,
            event=event,
            attempts=attempts,
            error=describe(error),
        )
