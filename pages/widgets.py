"""The editors' widgets of a works notice's place: the location drawn on a map, the streets
picked from the commune's list."""

import json

from django import forms

from pages.basemap import map_config
from pages.streets import street_names, streets_geojson


class LocationMapWidget(forms.Textarea):
    """The location text ("lat, lon; lat, lon") with a map above it: a click adds a point (one
    point, or a line of points along a street), "Retirer le dernier point" and "Tout effacer"
    undo, "Reprendre le tracé de la rue" copies a street's course. The text field stays, and
    typing in it moves the map: the keyboard way, and the way to paste coordinates."""

    template_name = "pages/widgets/location_map.html"

    class Media:
        css = {"all": ["vendor/leaflet/leaflet.css", "pages/location-widget.css"]}
        js = ["vendor/leaflet/leaflet.js", "pages/location-widget.js"]

    def __init__(self, attrs=None):
        super().__init__(attrs={"rows": 3, **(attrs or {})})

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["map_config"] = json.dumps(map_config())
        context["widget"]["streets_geojson"] = json.dumps(streets_geojson(), ensure_ascii=False)
        return context


class StreetsInput(forms.TextInput):
    """The "rues concernées" text with the commune's streets as suggestions (a <datalist>);
    static/pages/streets-input.js completes the name after the last comma, so that several
    streets can be picked one after the other."""

    template_name = "pages/widgets/streets_input.html"

    class Media:
        js = ["pages/streets-input.js"]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        list_id = f"{context['widget']['attrs'].get('id') or name}-streets"
        context["widget"]["attrs"]["list"] = list_id
        context["widget"]["attrs"]["autocomplete"] = "off"
        context["widget"]["list_id"] = list_id
        context["widget"]["street_names"] = street_names()
        return context
