"""The commune's closure days (site settings, "Fermetures exceptionnelles") as a source of
non-working days for the e-guichet's delays (guichet.workdays.closure_day_sources).

Cached per content generation (pages.cache.content_token): saving the site settings replaces
the token, so every process reads the new closures at once; until then, no query.
"""

import datetime

from django.core.cache import cache

from pages.cache import content_token


def _all_closure_days():
    from pages.sites import site_settings as current_settings

    site_settings = current_settings(only=["closures", "site"])
    days = set()
    for block in site_settings.closures if site_settings is not None else ():
        start = block.value["start"]
        end = block.value.get("end") or start
        while start <= end:
            days.add(start)
            start += datetime.timedelta(days=1)
    return frozenset(days)


def closure_days(first, last):
    """The dates between `first` and `last` (inclusive) on which the administration is
    closed, as entered in the site settings."""
    key = f"pages:closure-days:{content_token()}"
    days = cache.get(key)
    if days is None:
        days = _all_closure_days()
        cache.set(key, days, timeout=3600)
    return {day for day in days if first <= day <= last}
