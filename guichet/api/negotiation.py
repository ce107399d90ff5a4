from rest_framework.negotiation import DefaultContentNegotiation


class ContentNegotiation(DefaultContentNegotiation):
    """`?format=` picks a renderer when it names one (`/api/schema/?format=json`); any other
    value is ignored and the Accept header decides, instead of DRF's bare 404."""

    def filter_renderers(self, renderers, format):
        return [renderer for renderer in renderers if renderer.format == format] or renderers
