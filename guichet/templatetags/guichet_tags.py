from datetime import timedelta

from django import template

register = template.Library()


@register.filter
def minutes(value):
    """A timedelta as a whole number of minutes (rounded up), e.g. for the lockout page."""
    if not isinstance(value, timedelta):
        return ""
    return max(1, -(-int(value.total_seconds()) // 60))


@register.filter
def tracking(code):
    """A tracking code in two groups of five, as printed for people (ZK2H8-4DWFN)."""
    from guichet.codes import format_tracking

    return format_tracking(code or "")


@register.filter
def niss_masked(value):
    from guichet.niss import mask

    return mask(value) if value else "—"


@register.filter
def niss_formatted(value):
    """Full number, for clerks who need it (never in citizen-facing or manager pages)."""
    from guichet.niss import format_niss

    return format_niss(value) if value else "—"


@register.filter
def audit_sentence(entry):
    """An audit entry as a clerk reads it: "Prise en charge par Claire Lambert"."""
    from guichet.audit import clerk_sentence

    return clerk_sentence(entry)


@register.filter
def audit_citizen_sentence(entry):
    """An audit entry as the citizen reads it in their timeline ("" if not for them)."""
    from guichet.audit import citizen_sentence

    return citizen_sentence(entry)


@register.filter
def handover(document_request):
    """Where a document to post or collect stands: "Envoyée le 3 décembre 2026", "Prête au
    guichet jusqu'au …", "Remise le …" ("" otherwise). No personal data: the public tracking
    page shows it too."""
    from guichet.dispatch import handover_status

    return handover_status(document_request)


@register.simple_tag(takes_context=True)
def error_title_prefix(context):
    """The prefix "Erreur : " before the title of a page sent back with errors: a form of the page
    holding errors (alone or in a list of forms), or the page's `error` message. Screen
    readers announce the title first, so the mistake is known before anything else."""
    from django.forms import BaseForm
    from django.utils.functional import LazyObject
    from django.utils.translation import gettext

    for value in context.flatten().values():
        # A lazy value (the CSRF token) would be evaluated by isinstance(): a page would set a
        # CSRF cookie it never needed, and the anonymous page cache would never store it.
        if isinstance(value, LazyObject):
            continue
        candidates = value if isinstance(value, list | tuple) else (value,)
        # _errors is None until the form was validated: never validate one here.
        if any(isinstance(f, BaseForm) and f._errors for f in candidates):
            return gettext("Erreur : ")
    if context.get("error"):
        return gettext("Erreur : ")
    return ""


@register.filter
def long_date(value):
    """A date in words, in the active language: "1er décembre 2026" in French (the first of
    the month is an ordinal there), "1 december 2026" in Dutch..."""
    from guichet.formats import long_date as format_long_date

    return format_long_date(value)


@register.filter
def clock(value):
    """A 24-hour time as written in the active language's text: "13 h 06" in French."""
    from guichet.formats import clock as format_clock

    return format_clock(value)
