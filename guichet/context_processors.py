from django.conf import settings

from guichet import communes


def commune(request):
    """The commune of the request's host (guichet.communes) and the demo switch. The website's
    context processor (pages.context_processors.site) completes the commune with what its
    CMS settings describe, when the website is installed."""
    current = getattr(request, "commune", None) or communes.current_or_home()
    return {"commune": current.as_context(), "demo_mode": settings.DEMO_MODE}
