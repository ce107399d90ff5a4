"""The statistics page's filters and the shape of guichet.stats.compute() (documented here,
returned as computed)."""

from rest_framework import serializers

from guichet.api.serializers.common import QueryDateField
from guichet.bureau.stats_views import PRESET_CHOICES, StatsFilterForm


def _choices(name):
    return [code for code, _label in StatsFilterForm.base_fields[name].choices if code]


class StatsFiltersSerializer(serializers.Serializer):
    period = serializers.ChoiceField(
        choices=[code for code, _label in PRESET_CHOICES],
        required=False,
        allow_blank=True,
        help_text="Période : 7j, 30j (par défaut), 90j, 365j, ou `custom` avec start et end.",
    )
    start = QueryDateField(required=False, help_text="Premier jour (period=custom).")
    end = QueryDateField(required=False, help_text="Dernier jour, inclus (period=custom).")
    kind = serializers.ChoiceField(choices=[], required=False, allow_blank=True)
    channel = serializers.ChoiceField(choices=_choices("channel"), required=False, allow_blank=True)
    service = serializers.ChoiceField(choices=[], required=False, allow_blank=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        form = StatsFilterForm()
        for name in ("kind", "service"):
            self.fields[name].choices = [code for code, _label in form.fields[name].choices if code]


class AppliedFiltersSerializer(serializers.Serializer):
    start = serializers.DateField()
    end = serializers.DateField()
    kind = serializers.CharField()
    channel = serializers.CharField()
    service = serializers.CharField()


class TotalsSerializer(serializers.Serializer):
    submitted = serializers.IntegerField()
    issued = serializers.IntegerField()
    auto_issued = serializers.IntegerField()
    rejected = serializers.IntegerField()
    cancelled = serializers.IntegerField()
    auto_share = serializers.FloatField(
        allow_null=True, help_text="Part des documents délivrés sans agent (0 à 1)."
    )


class TimeToIssueSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    median = serializers.FloatField(allow_null=True, help_text="Heures.")
    p90 = serializers.FloatField(allow_null=True, help_text="Heures, 90e percentile.")


class OnTimeSerializer(serializers.Serializer):
    on_time = serializers.IntegerField()
    late = serializers.IntegerField()
    rate = serializers.FloatField(allow_null=True)


class VolumeSerializer(serializers.Serializer):
    period = serializers.DateField(help_text="Premier jour du jour, de la semaine ou du mois.")
    submitted = serializers.IntegerField()
    issued = serializers.IntegerField()
    auto_issued = serializers.IntegerField()


class VolumesSerializer(serializers.Serializer):
    day = VolumeSerializer(many=True)
    week = VolumeSerializer(many=True)
    month = VolumeSerializer(many=True)


class BacklogSerializer(serializers.Serializer):
    state = serializers.CharField(
        help_text="Un état ouvert : submitted, in_review, awaiting_citizen."
    )
    label = serializers.CharField()
    count = serializers.IntegerField()
    ages = serializers.DictField(
        child=serializers.IntegerField(), help_text="Nombre de demandes par tranche d'âge."
    )


class RejectionReasonSerializer(serializers.Serializer):
    reason = serializers.CharField()
    count = serializers.IntegerField()


class RevenueRowSerializer(serializers.Serializer):
    kind = serializers.CharField(
        required=False, help_text="Type de document (par document, motif)."
    )
    purpose = serializers.CharField(required=False, help_text="Code du motif (par motif).")
    method = serializers.CharField(required=False, help_text="online, transfer, counter.")
    label = serializers.CharField()
    count = serializers.IntegerField()
    amount = serializers.FloatField(help_text="EUR, deux décimales.")


class RevenueSerializer(serializers.Serializer):
    count = serializers.IntegerField(help_text="Paiements reçus sur la période.")
    paid = serializers.FloatField(help_text="EUR encaissés (date de paiement).")
    refunded = serializers.FloatField(help_text="EUR remboursés de ces paiements.")
    net = serializers.FloatField()
    by_kind = RevenueRowSerializer(many=True)
    by_purpose = RevenueRowSerializer(many=True)
    by_method = RevenueRowSerializer(many=True)


class StatisticsSerializer(serializers.Serializer):
    filters = AppliedFiltersSerializer()
    totals = TotalsSerializer()
    time_to_issue_hours = TimeToIssueSerializer()
    on_time = OnTimeSerializer()
    volumes = VolumesSerializer()
    backlog = BacklogSerializer(many=True)
    rejection_reasons = RejectionReasonSerializer(many=True)
    revenue = RevenueSerializer()
