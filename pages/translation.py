"""Translating pages and snippets in code with wagtail-localize's own models: what the
"Traduire" action of /cms/ does, for the demo data and the tests.

`translate(page, "nl", {"Démarches": "Procedures"})` makes (or updates) the Dutch translation
of `page` from its French source: each source string found in `strings` gets that text in
translation memory, any other keeps the French text (as wagtail-localize does when an editor
publishes a translation that is not complete), and the translation is saved (published for a
page when `publish`).

Call it outside any transaction (or one translation per transaction): wagtail-localize
publishes the translated page when the transaction commits, from the page as it was when
translated — inside one long transaction, a later translation of a child page would see its
parent's child count put back by that deferred publish (seed_demo translates page by page).
"""

from django.db import transaction
from wagtail.models import Locale


def ensure_locales():
    """The content locales of settings.WAGTAIL_CONTENT_LANGUAGES (idempotent)."""
    from django.conf import settings

    for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES:
        Locale.objects.get_or_create(language_code=code)


@transaction.atomic
def translate(instance, language, strings=None, *, publish=True, user=None):
    from wagtail_localize.models import (
        StringSegment,
        StringTranslation,
        Translation,
        TranslationSource,
    )

    ensure_locales()
    locale = Locale.objects.get(language_code=language)
    source, _created = TranslationSource.get_or_create_from_instance(instance)
    if not _created:
        source.update_from_db()
    translation, _new = Translation.objects.get_or_create(
        source=source, target_locale=locale, defaults={"enabled": True}
    )
    for segment in StringSegment.objects.filter(source=source).select_related("string"):
        text = (strings or {}).get(segment.string.data)
        if text is None:
            continue
        StringTranslation.objects.update_or_create(
            translation_of=segment.string,
            locale=locale,
            context=segment.context,
            defaults={
                "data": text,
                "translation_type": StringTranslation.TRANSLATION_TYPE_MANUAL,
                "last_translated_by": user,
            },
        )
    translation.save_target(user=user, publish=publish)
    return instance.get_translation(locale)
