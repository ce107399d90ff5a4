"""Producing the PDF of a request: render (no lock held), then store under the row lock.

Rendering happens before the transaction so a slow or failing render never holds a lock;
`store` runs inside the issuing transaction; the caller deletes the stored file if that
transaction does not commit.
"""

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from guichet import codes, communes, languages
from guichet.documents.pdf import PdfRenderError, render_pdf
from guichet.documents.qr import qr_svg_data_uri
from guichet.documents.seal import SealError, seal_pdf
from guichet.kinds import registry
from guichet.models import IssuedDocument, KindSettings, Purpose


class IssuingError(Exception):
    """The document cannot be produced now. `refusal`, when given, is a refusal code
    (guichet.refusals) whose message tells the clerk what to do first (a paper act to
    digitise...); without it the failure is technical (rendering, seal)."""

    def __init__(self, message, *, refusal=None, **params):
        super().__init__(message)
        self.refusal = refusal
        self.params = params


@dataclass
class Rendered:
    pdf: bytes
    verification_code: str
    sha256: str
    initials: str
    language: str = languages.DEFAULT


def verification_url(code, commune=None):
    """The address printed on the document, on its commune's site: unprefixed whatever the
    language of the moment (a first visitor is sent on to their browser's language,
    guichet.i18n)."""
    commune = commune or communes.current_or_home()
    with translation.override(settings.LANGUAGE_CODE):
        return commune.base_url + reverse("verification:detail", args=[code])


def initials(first_name, last_name):
    return "".join(f"{part[:1].upper()}." for part in (first_name, last_name) if part)


def render_preview(*, document_request):
    """The document as it would be issued now, for the clerk: marked "APERÇU — sans valeur"
    on every page, with no verification code, no QR code and no seal; nothing is stored."""
    return render(document_request=document_request, preview=True).pdf


def signatory(kind, kind_settings):
    """Who issues a document of this kind, as printed at its foot: the commune's formula,
    name and function (KindSettings), each falling back on the kind's default when empty."""
    return {
        "formula": kind_settings.signatory_formula or kind.signatory_formula,
        "name": kind_settings.signatory_name,
        "function": kind_settings.signatory_function or kind.default_signatory_function,
    }


def document_language(document_request):
    """The language the document is written in: the one stored on the request while it is
    still one of the commune's administrative languages, else as for a new order in the
    citizen's language (guichet.languages.document_language), never the clerk's."""
    return languages.document_language(
        document_request.document_language,
        document_request.language,
        commune=communes.of(document_request),
    )


def kind_settings_of(document_request):
    """The request's commune's configuration of its kind (the worker issues for every
    commune, with none current)."""
    return KindSettings.objects.get(
        commune_id=document_request.commune_id, kind=document_request.kind
    )


def purpose_label(document_request):
    """The purpose as the document states it, in the active language: the commune's wording
    for that language when the purpose still exists, else the label stored on the request."""
    purpose = Purpose.objects.filter(
        commune_id=document_request.commune_id,
        kind=document_request.kind,
        code=document_request.purpose,
    ).first()
    return purpose.localized_label() if purpose else document_request.purpose_label


def render(*, document_request, at=None, preview=False):
    """The PDF, written in the request's document language (every label of the templates,
    dates, the purpose), whatever the language of the person who triggers it."""
    language = document_language(document_request)
    with translation.override(language):
        rendered = _render(document_request=document_request, at=at, preview=preview)
    rendered.language = language
    return rendered


def _render(*, document_request, at=None, preview=False):
    kind = registry.get(document_request.kind)
    if kind is None:
        raise IssuingError(_("type de document inconnu"))
    at = at or timezone.now()
    register_data = kind.register_data(document_request)
    if register_data is None:
        raise IssuingError(_("données introuvables dans le registre"))
    # A preview is no document: no verification code (nothing to verify), hence no QR code.
    code = "" if preview else _free_verification_code()
    commune = communes.of(document_request)
    url = verification_url(code, commune) if code else ""
    context = kind.document_context(document_request, register_data)
    context.update(
        {
            "commune": commune.as_context(),
            # The templates' name for the request they print.
            "request": document_request,
            "purpose_label": purpose_label(document_request),
            "reference": document_request.reference,
            "document_title": kind.document_title(document_request),
            "signatory": signatory(kind, kind_settings_of(document_request)),
            "preview": preview,
            "verification_code": code,
            "verification_url": url,
            "qr_data_uri": qr_svg_data_uri(url) if url else "",
            "issued_at": timezone.localtime(at),
        }
    )
    try:
        pdf = render_pdf(kind.pdf_template, context)
        # The commune's seal vouches for an issued document, never for a preview.
        if not preview:
            pdf = seal_pdf(pdf, communes.of(document_request))
    except PdfRenderError as error:
        raise IssuingError(str(error) or _("rendu PDF impossible")) from error
    except SealError as error:
        raise IssuingError(_("cachet électronique indisponible")) from error
    return Rendered(
        pdf=pdf,
        verification_code=code,
        sha256=hashlib.sha256(pdf).hexdigest(),
        initials=initials(document_request.subject_first_name, document_request.subject_last_name),
    )


def _free_verification_code():
    while True:
        code = codes.new_verification_code()
        if not IssuedDocument.objects.filter(verification_code=code).exists():
            return code


def store(*, document_request, rendered, at):
    validity = kind_settings_of(document_request).validity_days
    document = IssuedDocument(
        request=document_request,
        kind=document_request.kind,
        verification_code=rendered.verification_code,
        sha256=rendered.sha256,
        size=len(rendered.pdf),
        holder_initials=rendered.initials,
        language=rendered.language,
        issued_at=at,
        valid_until=at + IssuedDocument.validity(validity),
    )
    name = f"documents/{timezone.localtime(at):%Y/%m}/{rendered.sha256[:32]}.pdf"
    document.file.save(name, ContentFile(rendered.pdf), save=False)
    document.save()
    return document
