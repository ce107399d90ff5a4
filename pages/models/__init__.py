from pages.models.accessibility import AccessibilityStatement
from pages.models.agenda import AgendaIndexPage, EventPage
from pages.models.alerts import (
    AlertSubscription,
    AlertSubscriptionStreet,
    PageFeedback,
    WorksNoticeAlertState,
)
from pages.models.associations import (
    Association,
    AssociationChange,
    AssociationUpdateToken,
)
from pages.models.home import HomePage, QuickAccessButton
from pages.models.library import LibraryCopy, LibraryIndexPage
from pages.models.news import NewsIndexPage, NewsPage
from pages.models.procedures import ProcedureIndexPage, ProcedurePage
from pages.models.search import SearchSynonym
from pages.models.site import Alert, SiteSettings
from pages.models.standard import StandardPage
from pages.models.streets import Street
from pages.models.works import WorksIndexPage, WorksNoticePage

__all__ = [
    "AccessibilityStatement",
    "AgendaIndexPage",
    "Association",
    "AssociationChange",
    "AssociationUpdateToken",
    "EventPage",
    "Alert",
    "AlertSubscription",
    "AlertSubscriptionStreet",
    "PageFeedback",
    "WorksNoticeAlertState",
    "HomePage",
    "LibraryCopy",
    "LibraryIndexPage",
    "NewsIndexPage",
    "NewsPage",
    "ProcedureIndexPage",
    "ProcedurePage",
    "QuickAccessButton",
    "SearchSynonym",
    "SiteSettings",
    "StandardPage",
    "Street",
    "WorksIndexPage",
    "WorksNoticePage",
]
