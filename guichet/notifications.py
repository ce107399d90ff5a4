"""E-mails to citizens at each transition they see. First name only, never an attachment
of personal data: documents are downloaded from the citizen's space."""

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from guichet.models import DocumentRequest

logger = logging.getLogger(__name__)

SUBJECTS = {
    "submitted": lambda r: _("Demande %(ref)s bien reçue") % {"ref": r.reference},
    "in_review": lambda r: _("Demande %(ref)s en traitement") % {"ref": r.reference},
    "awaiting_citizen": lambda r: (
        _("Demande %(ref)s : une question pour vous") % {"ref": r.reference}
    ),
    "issued": lambda r: _("Votre document est prêt (demande %(ref)s)") % {"ref": r.reference},
    "rejected": lambda r: _("Demande %(ref)s refusée") % {"ref": r.reference},
    "cancelled": lambda r: _("Demande %(ref)s annulée") % {"ref": r.reference},
    "closed": lambda r: _("Demande %(ref)s clôturée") % {"ref": r.reference},
}


def send_request_email(*, request_id, event):
    request = DocumentRequest.objects.filter(pk=request_id).first()
    if request is None or not request.applicant_email or event not in SUBJECTS:
        return False
    from guichet.kinds import registry

    with translation.override(settings.LANGUAGE_CODE):
        kind = registry.get(request.kind)
        context = {
            "request": request,
            "event": event,
            "first_name": request.applicant_first_name,
            "kind_label": kind.label if kind else request.kind,
            "commune": settings.COMMUNE,
            "request_url": settings.SITE_URL
            + reverse("guichet:request_detail", args=[request.reference]),
            "tracking_url": settings.SITE_URL + reverse("tracking"),
        }
        text = render_to_string("guichet/email/request_event.txt", context)
        html = render_to_string("guichet/email/request_event.html", context)
        message = EmailMultiAlternatives(
            subject=SUBJECTS[event](request),
            body=text,
            to=[request.applicant_email],
        )
        message.attach_alternative(html, "text/html")
        message.send()
    logger.info("request e-mail sent: request id=%s event=%s", request.pk, event)
    return True
