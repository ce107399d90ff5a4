from django.utils.translation import gettext_lazy as _
from rest_framework.pagination import PageNumberPagination

from guichet.api.problems import QueryValidationError


class Pagination(PageNumberPagination):
    """`?page=2&page_size=50`: 25 items a page by default, 100 at most (larger sizes are
    brought down to 100). A page or size that is not a whole number from 1 is refused (400)
    rather than silently replaced; a page beyond the last answers 404."""

    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 100

    def _whole_number(self, request, name):
        value = request.query_params.get(name)
        if value is None:
            return None
        if not (value.isascii() and value.isdigit()) or int(value) < 1:
            raise QueryValidationError({name: [_("Un nombre entier, à partir de 1.")]})
        return int(value)

    def get_page_size(self, request):
        size = self._whole_number(request, self.page_size_query_param)
        return self.page_size if size is None else min(size, self.max_page_size)

    def get_page_number(self, request, paginator):
        return self._whole_number(request, self.page_query_param) or 1

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"]["minimum"] = 1
            if parameter["name"] == self.page_size_query_param:
                parameter["description"] = "Éléments par page (25 par défaut, 100 au plus)."
            else:
                parameter["description"] = "Numéro de page (404 au-delà de la dernière)."
        return parameters
