"""Managers' statistics: the page's filters, the figures of guichet.stats.compute()."""

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from guichet import stats
from guichet.api.permissions import CanReadStatistics
from guichet.api.schema import problems
from guichet.api.serializers.stats import StatisticsSerializer, StatsFiltersSerializer
from guichet.api.views.base import PrivateResponseMixin, validated_form, validated_query
from guichet.bureau.stats_views import StatsFilterForm


class StatisticsView(PrivateResponseMixin, APIView):
    permission_classes = [CanReadStatistics]

    @extend_schema(
        tags=["statistics"],
        operation_id="statistics_retrieve",
        summary="Statistiques / Statistics",
        description="Exactement les chiffres de la page Statistiques du back office, pour les "
        "mêmes filtres ; aucune donnée personnelle. Exactly the figures of the back office's "
        "statistics page for the same filters; no personal data.",
        parameters=[StatsFiltersSerializer],
        responses={200: StatisticsSerializer, **problems(400)},
    )
    def get(self, request):
        form = StatsFilterForm(data=validated_query(StatsFiltersSerializer, request))
        validated_form(form, query=True)
        return Response(stats.compute(form.filters()))
