from django.urls import include, path

from guichet.citizens import views

app_name = "citizens"

urlpatterns = [
    path("connexion/", views.sign_in, name="login"),
    # mozilla-django-oidc's views (start, callback, logout), as our subclasses
    # (OIDC_AUTHENTICATE_CLASS, OIDC_CALLBACK_CLASS); names: citizens:oidc_authentication_init,
    # citizens:oidc_authentication_callback.
    path("connexion/oidc/", include("mozilla_django_oidc.urls")),
    path("demo/", views.demo, name="demo"),
    path("deconnexion/", views.sign_out, name="logout"),
]
