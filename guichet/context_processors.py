from django.conf import settings


def commune(request):
    # --- Website (Wagtail) ---
    # The commune's name, contacts and hours come from the CMS site settings when they are
    # filled in (pages.models.SiteSettings), else from settings.COMMUNE; the header menu and
    # the alert banner come from the page tree. Cached per content generation.
    from pages.selectors import site_context

    site = site_context()
    return {
        "commune": site["commune"],
        "site_menu": site["menu"],
        "site_alerts": site["alerts"],
        "demo_mode": settings.DEMO_MODE,
    }
    # --- end of website ---
