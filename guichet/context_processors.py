from django.conf import settings


def commune(request):
    return {"commune": settings.COMMUNE, "demo_mode": settings.DEMO_MODE}
