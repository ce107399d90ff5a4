from pages.selectors import site_context


def site(request):
    """The commune's name, contacts and hours from the CMS site settings when they are filled
    in (pages.models.SiteSettings), else from the commune (guichet.models.Commune); the
    header menu and the alert banner from the page tree. Cached per content generation."""
    context = site_context()
    return {
        "commune": context["commune"],
        "site_menu": context["menu"],
        "site_alerts": context["alerts"],
    }
