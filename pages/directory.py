"""The associations directory: reads, open data, the single-use update link and the
moderation of the changes an association proposes."""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from guichet import communes
from pages.models.associations import (
    SELF_EDITABLE,
    Association,
    AssociationChange,
    AssociationUpdateToken,
    hash_token,
)

logger = logging.getLogger(__name__)

MAX_QUERY_LENGTH = 100


def published_associations():
    return Association.objects.filter(published=True)


def association_list(*, q="", category="", language="", children=False):
    rows = published_associations()
    if category:
        rows = rows.filter(category=category)
    if children:
        rows = rows.filter(children_activities=True)
    if language:
        # JSON list of codes: match the quoted code (works on SQLite and PostgreSQL).
        rows = rows.filter(languages__icontains=f'"{language}"')
    q = (q or "").strip()[:MAX_QUERY_LENGTH]
    if q:
        for word in q.split()[:5]:
            rows = rows.filter(Q(name__icontains=word) | Q(description__icontains=word))
    return rows.order_by("name").only(
        "name", "slug", "category", "description", "address", "children_activities", "languages"
    )


EXPORT_COLUMNS = (
    "id",
    "name",
    "url",
    "category",
    "category_label",
    "description",
    "email",
    "phone",
    "address",
    "latitude",
    "longitude",
    "website",
    "facebook",
    "instagram",
    "other_social",
    "enterprise_number",
    "languages",
    "children_activities",
    "updated_at",
)


def export_record(association, base_url):
    point = association.point
    return {
        "id": association.pk,
        "name": association.name,
        "url": f"{base_url}{association.get_absolute_url()}",
        "category": association.category,
        "category_label": str(association.category_label),
        "description": association.description,
        "email": association.email,
        "phone": association.phone,
        "address": association.address,
        "latitude": point[0] if point else None,
        "longitude": point[1] if point else None,
        "website": association.website,
        "facebook": association.facebook_url,
        "instagram": association.instagram_url,
        "other_social": association.other_social_url,
        "enterprise_number": association.enterprise_number,
        "languages": list(association.languages or []),
        "children_activities": association.children_activities,
        "updated_at": association.updated_at.isoformat(timespec="seconds"),
    }


# --- the single-use update link ---


def request_update_link(*, email):
    """E-mail a single-use link to every entry with this address. Says nothing about
    whether there is one (the page answers the same either way)."""
    email = (email or "").strip()
    for association in Association.objects.filter(email__iexact=email):
        raw = AssociationUpdateToken.issue(association)
        link = communes.current_or_home().base_url + reverse("association_update_edit", args=[raw])
        with translation.override(settings.LANGUAGE_CODE):
            subject = _("Mettre à jour la fiche de « %(name)s »") % {"name": association.name}
            body = render_to_string(
                "pages/email/association_update_link.txt",
                {"association": association, "link": link, "hours": 48},
            )
        try:
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [association.email])
        except OSError as error:
            logger.warning(
                "associations: update link not sent: id=%s error=%s",
                association.pk,
                type(error).__name__,
            )


def token_for(raw):
    """The token row for a raw token, usable or not; None when unknown."""
    if not raw or len(raw) > 100:
        return None
    return (
        AssociationUpdateToken.objects.select_related("association")
        .filter(token_hash=hash_token(raw))
        .first()
    )


@transaction.atomic
def propose_change(*, raw_token, cleaned_data):
    """Use the token (once) and keep the change for moderation. None when the token is no
    longer usable (used, expired, unknown)."""
    token = (
        AssociationUpdateToken.objects.select_for_update()
        .filter(token_hash=hash_token(raw_token))
        .first()
    )
    if token is None or not token.usable:
        return None
    token.used_at = timezone.now()
    token.save(update_fields=["used_at"])
    data = {}
    for name in SELF_EDITABLE:
        value = cleaned_data.get(name)
        if isinstance(value, tuple):
            value = list(value)
        data[name] = value if value is not None else ""
    return AssociationChange.objects.create(association_id=token.association_id, data=data)


@transaction.atomic
def decide_change(*, change, approve, by):
    change = AssociationChange.objects.select_for_update().get(pk=change.pk)
    if change.status != AssociationChange.Status.PENDING:
        return change
    if approve:
        association = change.association
        for name in SELF_EDITABLE:
            if name in change.data:
                setattr(association, name, change.data[name])
        association.full_clean()
        association.save()
        change.status = AssociationChange.Status.APPROVED
    else:
        change.status = AssociationChange.Status.REJECTED
    change.decided_at = timezone.now()
    change.decided_by = by
    change.save(update_fields=["status", "decided_at", "decided_by"])
    return change
