from django.conf import settings


def commune(request):
    """The commune as configured (settings.COMMUNE) and the demo switch. The website's context
    processor (pages.context_processors.site) replaces the commune by the one its CMS settings
    describe, when the website is installed."""
    return {"commune": settings.COMMUNE, "demo_mode": settings.DEMO_MODE}
