from django.urls import path

from etatcivil import views

app_name = "etatcivil"

urlpatterns = [
    path("demandes/<str:reference>/numerisation/", views.digitise, name="digitise"),
]
