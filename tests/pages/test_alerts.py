"""Works alerts by street: double opt-in, e-mails on publish and on date changes, one-click
unsubscribe (RFC 8058), renewal and purge, rate limit, street feeds."""

import datetime
import re
import xml.etree.ElementTree as ET

import pytest
from django.core import mail
from django.utils import timezone

from pages import alerts
from pages.models import AlertSubscription

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(autouse=True)
def _clean_cache():
    from django.core.cache import cache

    cache.clear()


def _link(message, part):
    return re.search(rf"http://\S+/travaux/alertes/{part}/\S+?/", message.body).group(0)


def _path(url):
    return url.split("://", 1)[1].split("/", 1)[1].join(["/", ""])


def subscribe(client, commit, email="lea@example.be", streets=("rue-de-la-gare",), **extra):
    with commit():
        return client.post("/travaux/alertes/", {"email": email, "streets": list(streets), **extra})


def confirmed(client, commit, make_notice, email="lea@example.be", street="rue de la Gare"):
    make_notice(f"base-{abs(hash(street)) % 1000}", streets=street, end=30)
    from pages.streets import street_slug

    subscribe(client, commit, email=email, streets=[street_slug(street)])
    link = _path(_link(mail.outbox[-1], "confirmer"))
    client.post(link)
    mail.outbox.clear()
    return AlertSubscription.objects.get(email=email, confirmed_at__isnull=False)


def test_subscribing_sends_only_a_confirmation_then_confirming_needs_a_post(
    client, commit, make_notice
):
    make_notice("gare", streets="rue de la Gare")
    response = subscribe(client, commit)
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "Confirmez" in mail.outbox[0].subject
    assert "List-Unsubscribe" not in mail.outbox[0].extra_headers
    pending = AlertSubscription.objects.get()
    assert pending.confirmed_at is None
    link = _path(_link(mail.outbox[0], "confirmer"))
    assert "lea" not in link and "example" not in link  # a token, not the address
    page = client.get(link)  # a mail scanner opening the link confirms nothing
    assert "Confirmer mon inscription" in page.content.decode()
    pending.refresh_from_db()
    assert pending.confirmed_at is None
    done = client.post(link)
    assert "Inscription confirmée" in done.content.decode()
    pending.refresh_from_db()
    assert pending.confirmed_at is not None
    again = client.post(link)  # single use
    assert again.status_code == 404
    assert "ne fonctionne plus" in again.content.decode()


def test_nothing_is_sent_to_a_pending_address(client, commit, make_notice):
    make_notice("gare", streets="rue de la Gare")
    subscribe(client, commit)
    mail.outbox.clear()
    with commit():
        make_notice("nouveau", streets="rue de la Gare")
    assert mail.outbox == []


def test_a_forged_or_expired_link_is_refused(client, commit, make_notice, settings):
    make_notice("gare", streets="rue de la Gare")
    subscribe(client, commit)
    link = _path(_link(mail.outbox[0], "confirmer"))
    assert client.get(link[:-3] + "xx/").status_code == 404
    settings.WEBSITE_ALERT_CONFIRM_DAYS = -1
    assert client.post(link).status_code == 404


def test_the_answer_never_reveals_an_existing_subscription(client, commit, make_notice):
    confirmed(client, commit, make_notice)
    again = subscribe(client, commit)
    first = subscribe(client, commit, email="autre@example.be")
    assert again.status_code == first.status_code == 302
    assert again["Location"] == first["Location"]


def test_confirming_again_adds_streets_to_the_existing_subscription(client, commit, make_notice):
    subscription = confirmed(client, commit, make_notice)
    make_notice("moulin", streets="rue du Moulin")
    subscribe(client, commit, streets=["rue-du-moulin"])
    client.post(_path(_link(mail.outbox[-1], "confirmer")))
    assert AlertSubscription.objects.filter(confirmed_at__isnull=False).count() == 1
    assert subscription.street_names() == ["Rue de la Gare", "Rue du Moulin"]


def test_form_errors_keep_what_was_typed(client, make_notice):
    make_notice("gare", streets="rue de la Gare")
    response = client.post("/travaux/alertes/", {"email": "pas-une-adresse"})
    body = response.content.decode()
    assert response.status_code == 400
    assert "Il y a un problème" in body and "Cochez au moins une rue." in body
    assert 'value="pas-une-adresse"' in body


def test_honeypot_sends_nothing(client, commit, make_notice):
    make_notice("gare", streets="rue de la Gare")
    response = subscribe(client, commit, site_web="http://spam.example")
    assert response.status_code == 302
    assert mail.outbox == [] and not AlertSubscription.objects.exists()


def test_subscriptions_are_rate_limited(client, commit, make_notice, settings):
    settings.WEBSITE_ALERT_RATE_LIMIT = 2
    make_notice("gare", streets="rue de la Gare")
    for n in range(2):
        assert subscribe(client, commit, email=f"p{n}@example.be").status_code == 302
    refused = subscribe(client, commit, email="p9@example.be")
    assert refused.status_code == 429
    body = refused.content.decode()
    assert "plusieurs demandes" in body and 'value="p9@example.be"' in body
    assert len(mail.outbox) == 2


def test_publish_sends_exactly_one_email_to_confirmed_subscribers_of_that_street(
    client, commit, make_notice
):
    lea = confirmed(client, commit, make_notice)
    confirmed(client, commit, make_notice, email="other@example.be", street="rue du Moulin")
    with commit():
        notice = make_notice("egouts", streets="rue de la Gare, place Communale")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["lea@example.be"]
    assert "Chantier egouts" in message.subject
    assert notice.url in message.body
    unsubscribe = f"http://127.0.0.1:8000/travaux/alertes/desinscription/{lea.token}/"
    assert message.extra_headers["List-Unsubscribe"] == f"<{unsubscribe}>".replace(
        "http://127.0.0.1:8000", message.extra_headers["List-Unsubscribe"][1:].split("/trav")[0]
    )
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert f"/travaux/alertes/renouveler/{lea.token}/" in message.body
    # publishing again without a change of dates sends nothing
    mail.outbox.clear()
    with commit():
        notice.title = "Chantier egouts (phase 1)"
        notice.save_revision().publish()
    assert mail.outbox == []


def test_changed_dates_send_one_email(client, commit, make_notice):
    confirmed(client, commit, make_notice)
    with commit():
        notice = make_notice("egouts", streets="rue de la Gare", end=20)
    mail.outbox.clear()
    with commit():
        notice.end_date = timezone.localdate() + datetime.timedelta(days=40)
        notice.save_revision().publish()
    assert len(mail.outbox) == 1
    assert "nouvelles dates" in mail.outbox[0].subject


def test_ending_early_says_so(client, commit, make_notice):
    confirmed(client, commit, make_notice)
    with commit():
        notice = make_notice("egouts", streets="rue de la Gare", start=-5, end=20)
    mail.outbox.clear()
    with commit():
        notice.end_date = timezone.localdate()
        notice.save_revision().publish()
    assert len(mail.outbox) == 1
    assert "terminés plus tôt" in mail.outbox[0].subject


def test_street_names_match_whatever_the_spelling(client, commit, make_notice):
    confirmed(client, commit, make_notice)
    with commit():
        make_notice("casse", streets="RUE  DE LA GARE")
    assert len(mail.outbox) == 1


def test_one_click_unsubscribe_rfc8058(client, commit, make_notice):
    lea = confirmed(client, commit, make_notice)
    url = f"/travaux/alertes/desinscription/{lea.token}/"
    response = client.post(
        url,
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert not AlertSubscription.objects.filter(pk=lea.pk).exists()


def test_unsubscribe_link_leads_to_a_confirmation_page(client, commit, make_notice):
    lea = confirmed(client, commit, make_notice)
    url = f"/travaux/alertes/desinscription/{lea.token}/"
    page = client.get(url)
    assert "Me désinscrire" in page.content.decode()
    assert AlertSubscription.objects.filter(pk=lea.pk).exists()
    done = client.post(url)
    assert "Désinscription enregistrée" in done.content.decode()
    assert not AlertSubscription.objects.filter(pk=lea.pk).exists()
    assert client.get(url).status_code == 404


def test_renew_and_purge_after_a_year(client, commit, make_notice):
    from guichet.retention import purge_expired

    lea = confirmed(client, commit, make_notice)
    other = confirmed(client, commit, make_notice, email="b@example.be", street="rue Haute")
    later = timezone.now() + datetime.timedelta(days=300)
    alerts.renew(other.token, now=later)
    report = purge_expired(now=timezone.now() + datetime.timedelta(days=366))
    assert not AlertSubscription.objects.filter(pk=lea.pk).exists()
    assert AlertSubscription.objects.filter(pk=other.pk).exists()
    assert sum(report.others.values()) >= 1
    renew = client.post(f"/travaux/alertes/renouveler/{other.token}/")
    assert "C&#x27;est fait" in renew.content.decode() or "C'est fait" in renew.content.decode()


def test_unconfirmed_subscriptions_are_purged_after_the_link_expires(client, commit, make_notice):
    make_notice("gare", streets="rue de la Gare")
    subscribe(client, commit)
    alerts.purge_subscriptions(now=timezone.now() + datetime.timedelta(days=8))
    assert not AlertSubscription.objects.exists()


def test_street_feed_parses_back_and_is_linked(client, make_notice):
    make_notice("gare", streets="rue de la Gare, place Communale")
    make_notice("moulin", streets="rue du Moulin")
    response = client.get("/travaux/rues/rue-de-la-gare/flux.rss")
    assert response.status_code == 200
    root = ET.fromstring(response.content)  # noqa: S314 - our own output
    titles = [item.findtext("title") for item in root.iter("item")]
    assert titles == ["Chantier gare"]
    atom = client.get("/travaux/rues/rue-du-moulin/flux.atom")
    entries = ET.fromstring(atom.content).findall(ATOM + "entry")  # noqa: S314
    assert [e.findtext(ATOM + "title") for e in entries] == ["Chantier moulin"]
    assert client.get("/travaux/rues/inconnue/flux.rss").status_code == 404
    page = client.get("/travaux/alertes/").content.decode()
    assert (
        '<link rel="alternate" type="application/rss+xml"' in page
        and "/travaux/rues/rue-de-la-gare/flux.rss" in page
    )


def test_street_list_comes_from_notices_and_settings(make_notice, settings):
    from pages.streets import street_names

    settings.WEBSITE_ALERT_STREETS = ["Avenue des Tilleuls", "rue de la gare"]
    make_notice("gare", streets="rue de la Gare, Place Communale")
    assert street_names() == ["Avenue des Tilleuls", "Place Communale", "Rue de la gare"]


def test_notice_page_offers_the_alert_form(client, make_notice):
    notice = make_notice("gare", streets="rue de la Gare")
    body = client.get(notice.url).content.decode()
    assert 'action="/travaux/alertes/"' in body
    assert 'value="rue-de-la-gare"' in body
    assert "/travaux/rues/rue-de-la-gare/flux.rss" in body
