"""The website's endpoints of the REST API, mounted under /api/v1/ by the root URLconf."""

from django.urls import path

from pages.api import views

v1 = [
    path("works/", views.WorksView.as_view(), name="works"),
    path("works.geojson", views.WorksGeoJSONView.as_view(), name="works-geojson"),
]
