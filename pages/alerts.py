"""Works alerts by street: subscribe (double opt-in), confirm, renew, unsubscribe, the
e-mails sent when a works notice is published or its dates change, and the purge.

- Subscribing creates a *pending* subscription and sends one confirmation e-mail with a
  signed, single-use link; nothing else is ever sent to a pending address. The answer is the
  same whether or not the address already follows streets (nothing is revealed).
- Confirming an address that already follows streets adds the new streets to its existing
  subscription (one subscription per address, one e-mail per notice).
- Publishing a notice (Wagtail's page_published) compares the published dates and streets
  with what subscribers were last told (WorksNoticeAlertState; for a notice published before
  this feature, the previous published revision): a new notice or a new street → "published"
  to the subscribers of its streets; changed dates → "dates"; an end moved earlier to today
  or before → "ended". Each subscriber gets at most one e-mail per publication.
- Every alert carries List-Unsubscribe / List-Unsubscribe-Post (RFC 8058 one-click) and
  links to unsubscribe and to renew; a subscription neither confirmed nor renewed for
  WEBSITE_ALERT_RETENTION_DAYS is erased by `manage.py purge_expired`.

Addresses are never logged nor put in URLs: links carry tokens only.
"""

import datetime
import logging
import secrets

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from guichet import communes
from pages.streets import normalise, notice_keys

logger = logging.getLogger(__name__)

CONFIRM_SALT = "pages.alerts.confirm"
PURGE_LABEL = gettext_lazy("abonnements aux alertes travaux effacés")
# Confirmation e-mails to one address per day, whoever asks: the form cannot be used to
# flood someone's mailbox (the visitor sees the same page either way).
CONFIRMATIONS_PER_ADDRESS_PER_DAY = 3

PUBLISHED, DATES, ENDED = "published", "dates", "ended"
EVENTS = (PUBLISHED, DATES, ENDED)


class InvalidLink(Exception):
    """A confirmation link that is forged, expired or already used."""


# --- subscribing -----------------------------------------------------------------------


def _address_allowance(email):
    import hashlib

    key = "alerts:confirm:" + hashlib.sha256(email.lower().encode()).hexdigest()[:24]
    cache.add(key, 0, timeout=86400)
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, timeout=86400)
        count = 1
    return count is None or count <= CONFIRMATIONS_PER_ADDRESS_PER_DAY


def subscribe(*, email, streets):
    """Record a pending subscription and send its confirmation e-mail (after commit).
    Returns the pending subscription, or None when nothing was sent (too many requests for
    this address today); callers answer the same in both cases."""
    from pages.models import AlertSubscription, AlertSubscriptionStreet

    email = email.strip()
    if not _address_allowance(email):
        logger.info("works alert confirmation not sent: daily limit for this address")
        return None
    with transaction.atomic():
        pending = AlertSubscription.objects.create(email=email, confirm_nonce=secrets.token_hex(8))
        keys = {}
        for name in streets:
            keys.setdefault(normalise(name), name)
        AlertSubscriptionStreet.objects.bulk_create(
            AlertSubscriptionStreet(subscription=pending, name=name, key=key)
            for key, name in keys.items()
        )
        transaction.on_commit(lambda: _enqueue("confirm", subscription_id=pending.pk))
    logger.info("works alert subscription pending: id=%s streets=%s", pending.pk, len(keys))
    return pending


def confirmation_token(subscription):
    return signing.dumps([subscription.pk, subscription.confirm_nonce], salt=CONFIRM_SALT)


def pending_for(token):
    """The pending subscription a confirmation link stands for; InvalidLink otherwise."""
    from pages.models import AlertSubscription

    try:
        pk, nonce = signing.loads(
            token, salt=CONFIRM_SALT, max_age=settings.WEBSITE_ALERT_CONFIRM_DAYS * 86400
        )
    except (signing.BadSignature, ValueError, TypeError) as error:
        raise InvalidLink from error
    subscription = AlertSubscription.objects.filter(pk=pk, confirmed_at__isnull=True).first()
    if subscription is None or not nonce or subscription.confirm_nonce != nonce:
        raise InvalidLink
    return subscription


def confirm(token, *, now=None):
    """Confirm a pending subscription; merge it into the address's existing one if any.
    Returns the confirmed subscription."""
    from pages.models import AlertSubscription, AlertSubscriptionStreet

    now = now or timezone.now()
    with transaction.atomic():
        pending = pending_for(token)
        pending = AlertSubscription.objects.select_for_update().get(pk=pending.pk)
        if pending.confirmed_at or not pending.confirm_nonce:
            raise InvalidLink
        existing = (
            AlertSubscription.objects.select_for_update()
            .filter(email__iexact=pending.email, confirmed_at__isnull=False)
            .exclude(pk=pending.pk)
            .order_by("pk")
            .first()
        )
        if existing is None:
            pending.confirmed_at = pending.renewed_at = now
            pending.confirm_nonce = ""
            pending.save(update_fields=["confirmed_at", "renewed_at", "confirm_nonce"])
            logger.info("works alert subscription confirmed: id=%s", pending.pk)
            return pending
        known = set(existing.streets.values_list("key", flat=True))
        for street in pending.streets.all():
            if street.key not in known:
                AlertSubscriptionStreet.objects.create(
                    subscription=existing, name=street.name, key=street.key
                )
        existing.renewed_at = now
        existing.save(update_fields=["renewed_at"])
        pending.delete()
        logger.info("works alert subscription confirmed into id=%s", existing.pk)
        return existing


def by_token(token):
    from pages.models import AlertSubscription

    if not token or len(token) > 64:
        return None
    return AlertSubscription.objects.filter(token=token, confirmed_at__isnull=False).first()


def unsubscribe(token):
    """Erase the subscription behind an unsubscribe link. True if there was one."""
    subscription = by_token(token)
    if subscription is None:
        return False
    subscription_id = subscription.pk
    subscription.delete()
    logger.info("works alert subscription ended by its holder: id=%s", subscription_id)
    return True


def renew(token, *, now=None):
    subscription = by_token(token)
    if subscription is None:
        return None
    subscription.renewed_at = now or timezone.now()
    subscription.save(update_fields=["renewed_at"])
    return subscription


def purge_subscriptions(*, now=None):
    """Erase subscriptions not renewed for WEBSITE_ALERT_RETENTION_DAYS, and pending ones
    whose confirmation link has expired. Registered with guichet.retention."""
    from django.db.models import Q

    from pages.models import AlertSubscription

    now = now or timezone.now()
    expired = now - datetime.timedelta(days=settings.WEBSITE_ALERT_RETENTION_DAYS)
    unconfirmed = now - datetime.timedelta(days=settings.WEBSITE_ALERT_CONFIRM_DAYS)
    rows = AlertSubscription.objects.filter(
        Q(confirmed_at__isnull=False, renewed_at__lt=expired)
        | Q(confirmed_at__isnull=True, created_at__lt=unconfirmed)
    )
    count = rows.count()
    rows.delete()
    return count


# --- publishing a notice ---------------------------------------------------------------


def _previous_published(page, revision):
    """The dates and streets of the revision published before `revision`, or None."""
    from wagtail.models import PageLogEntry

    entry = (
        PageLogEntry.objects.filter(page=page, action="wagtail.publish")
        .exclude(revision=revision)
        .exclude(revision__isnull=True)
        .order_by("-timestamp", "-pk")
        .first()
    )
    if entry is None:
        return None
    previous = entry.revision.as_object()
    return {
        "start_date": previous.start_date,
        "end_date": previous.end_date,
        "street_keys": sorted(notice_keys(previous)),
    }


def changes(before, notice, *, today=None):
    """[(event, street keys)] to announce: `before` is what subscribers were told (None: the
    notice is new to them)."""
    today = today or timezone.localdate()
    keys = notice_keys(notice)
    if before is None:
        return [(PUBLISHED, keys)] if keys else []
    announced = set(before["street_keys"])
    result = []
    added = keys - announced
    if added:
        result.append((PUBLISHED, added))
    kept = keys & announced
    dates_changed = (before["start_date"], before["end_date"]) != (
        notice.start_date,
        notice.end_date,
    )
    if dates_changed and kept:
        shortened = notice.end_date is not None and (
            before["end_date"] is None or notice.end_date < before["end_date"]
        )
        event = ENDED if shortened and notice.end_date <= today else DATES
        result.append((event, kept))
    return result


def notice_published(sender, instance, revision=None, **kwargs):
    """page_published receiver for works notices: the subscribers of the notice's own commune
    are told, whichever commune's host the editor publishes from."""
    from pages import sites

    if not instance.live:  # scheduled for later: announced when it goes live
        return
    commune = sites.commune_of_page(instance)
    if commune is None:  # outside every commune's site: nobody subscribes there
        return
    with communes.working_for(commune):
        _tell_subscribers(instance, revision)


def _tell_subscribers(notice, revision):
    from pages.models import AlertSubscription, WorksNoticeAlertState

    state = WorksNoticeAlertState.objects.filter(page=notice).first()
    if state is not None:
        before = {
            "start_date": state.start_date,
            "end_date": state.end_date,
            "street_keys": state.street_keys,
        }
    else:
        before = _previous_published(notice, revision)
    told = set()
    sends = []
    for event, keys in changes(before, notice):
        recipients = (
            AlertSubscription.objects.filter(confirmed_at__isnull=False, streets__key__in=keys)
            .exclude(pk__in=told)
            .values_list("pk", flat=True)
            .distinct()
        )
        for subscription_id in recipients:
            told.add(subscription_id)
            sends.append((subscription_id, event))
    WorksNoticeAlertState.objects.update_or_create(
        page=notice,
        defaults={
            "start_date": notice.start_date,
            "end_date": notice.end_date,
            "street_keys": sorted(notice_keys(notice)),
        },
    )
    if sends:
        logger.info("works alerts: notice id=%s, %s e-mail(s) queued", notice.pk, len(sends))

        def enqueue_all():
            for subscription_id, event in sends:
                _enqueue(
                    "notice", subscription_id=subscription_id, notice_id=notice.pk, event=event
                )

        transaction.on_commit(communes.bound(enqueue_all))


# --- e-mails ---------------------------------------------------------------------------


def _enqueue(kind, **ids):
    from pages import tasks

    tasks.send_alert_email.enqueue(kind=kind, **ids)


def _url(name, *args):
    return communes.current_or_home().base_url + reverse(name, args=args)


def _commune():
    from pages.selectors import site_context

    return site_context()["commune"]


SUBJECTS = {
    PUBLISHED: gettext_lazy("Travaux annoncés : %(title)s"),
    DATES: gettext_lazy("Travaux : nouvelles dates pour %(title)s"),
    ENDED: gettext_lazy("Travaux terminés plus tôt : %(title)s"),
}


def send_email(*, kind, subscription_id, notice_id=None, event=""):
    """Build and send one e-mail; False when there is nothing (left) to send. Raises
    OSError when the mail server fails (the task decides whether to try again)."""
    from pages.models import AlertSubscription, WorksNoticePage

    subscription = AlertSubscription.objects.filter(pk=subscription_id).first()
    if subscription is None:
        return False
    # The subscription's commune: its links and name, whatever the worker works for.
    with (
        communes.activated(communes.of(subscription)),
        translation.override(settings.LANGUAGE_CODE),
    ):
        commune = _commune()
        context = {"commune": commune, "subscription": subscription}
        headers = {"Auto-Submitted": "auto-generated"}
        if kind == "confirm":
            if subscription.confirmed or not subscription.confirm_nonce:
                return False
            context["confirm_url"] = _url("alerts_confirm", confirmation_token(subscription))
            context["streets"] = subscription.street_names()
            context["days"] = settings.WEBSITE_ALERT_CONFIRM_DAYS
            subject = _("Confirmez votre abonnement aux alertes travaux")
            template = "pages/email/alert_confirm"
        else:
            notice = WorksNoticePage.objects.live().filter(pk=notice_id).first()
            if notice is None or not subscription.confirmed or event not in EVENTS:
                return False
            unsubscribe_url = _url("alerts_unsubscribe", subscription.token)
            followed = set(subscription.streets.values_list("key", flat=True))
            context.update(
                {
                    "notice": notice,
                    "event": event,
                    "notice_url": communes.current_or_home().base_url + notice.url,
                    "streets": [s for s in notice.street_list if normalise(s) in followed],
                    "unsubscribe_url": unsubscribe_url,
                    "renew_url": _url("alerts_renew", subscription.token),
                    "expires_at": subscription.expires_at(),
                }
            )
            subject = SUBJECTS[event] % {"title": notice.title}
            template = "pages/email/alert_notice"
            targets = [f"<{unsubscribe_url}>"]
            if settings.WEBSITE_ALERT_UNSUBSCRIBE_MAILTO:
                targets.append(
                    f"<mailto:{settings.WEBSITE_ALERT_UNSUBSCRIBE_MAILTO}"
                    f"?subject=unsubscribe-{subscription.token}>"
                )
            headers["List-Unsubscribe"] = ", ".join(targets)
            headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
            headers["List-Id"] = f"{_('Alertes travaux')} <travaux.{_list_host()}>"
        message = EmailMultiAlternatives(
            subject=subject,
            body=render_to_string(f"{template}.txt", context),
            to=[subscription.email],
            headers=headers,
        )
        message.attach_alternative(render_to_string(f"{template}.html", context), "text/html")
        message.send()
    logger.info(
        "works alert e-mail sent: kind=%s subscription id=%s notice id=%s event=%s",
        kind,
        subscription_id,
        notice_id,
        event,
    )
    return True


def _list_host():
    from urllib.parse import urlsplit

    return urlsplit(communes.current_or_home().base_url).hostname or "localhost"
