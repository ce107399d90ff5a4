"""Fixed choices of the municipal website (codes in English, labels in French)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Icon(models.TextChoices):
    """The quick-access icons: a fixed set, drawn in static/pages/icons.svg. They are
    decorative (the button's label says everything), so none needs a text alternative."""

    DOCUMENT = "document", _("Document")
    ID_CARD = "id-card", _("Carte d'identité")
    FAMILY = "family", _("Famille")
    CALENDAR = "calendar", _("Agenda")
    WORKS = "works", _("Travaux")
    WASTE = "waste", _("Déchets")
    NEWS = "news", _("Actualités")
    HELP = "help", _("Aide sociale")
    PHONE = "phone", _("Téléphone")
    MAP = "map", _("Plan")
    CLOCK = "clock", _("Horaires")
    SEARCH = "search", _("Recherche")


class WorksNature(models.TextChoices):
    SEWERS = "sewers", _("Égouttage")
    ROAD = "road", _("Voirie")
    WATER = "water", _("Réseau d'eau")
    GAS = "gas", _("Réseau de gaz")
    ELECTRICITY = "electricity", _("Réseau électrique")
    FIBRE = "fibre", _("Fibre et télécommunications")
    LIGHTING = "lighting", _("Éclairage public")
    OTHER = "other", _("Autres travaux")


class TrafficImpact(models.TextChoices):
    ROAD_CLOSED = "road_closed", _("Voirie fermée")
    ALTERNATING = "alternating", _("Circulation alternée")
    ONE_WAY = "one_way", _("Sens unique")
    NO_PARKING = "no_parking", _("Stationnement interdit")
    LOCAL_ACCESS = "local_access", _("Accès riverains uniquement")
    PEDESTRIANS = "pedestrians", _("Cheminement piéton modifié")


class WorksStatus(models.TextChoices):
    UPCOMING = "upcoming", _("À venir")
    ONGOING = "ongoing", _("En cours")
    FINISHED = "finished", _("Terminé")


class Weekday(models.TextChoices):
    MONDAY = "1", _("Lundi")
    TUESDAY = "2", _("Mardi")
    WEDNESDAY = "3", _("Mercredi")
    THURSDAY = "4", _("Jeudi")
    FRIDAY = "5", _("Vendredi")
    SATURDAY = "6", _("Samedi")
    SUNDAY = "7", _("Dimanche")


class AlertLevel(models.TextChoices):
    INFO = "info", _("Information")
    WARNING = "warning", _("Avertissement")
