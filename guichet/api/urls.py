"""/api/: the versioned API (/api/v1/), its OpenAPI schema and its documentation (offline)."""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from guichet.api.views import citizen, public, staff, stats
from guichet.api.views.base import UnknownEndpoint
from guichet.api.views.root import ApiRootView

v1 = [
    path("kinds/", public.KindListView.as_view(), name="kinds"),
    path("kinds/<slug:kind_slug>/", public.KindDetailView.as_view(), name="kind"),
    path("verification/", public.VerificationView.as_view(), name="verification"),
    path("me/requests/", citizen.CitizenRequestsView.as_view(), name="citizen-requests"),
    path(
        "me/requests/<str:reference>/", citizen.CitizenRequestView.as_view(), name="citizen-request"
    ),
    path(
        "me/requests/<str:reference>/cancel/",
        citizen.CitizenCancelView.as_view(),
        name="citizen-cancel",
    ),
    path(
        "me/requests/<str:reference>/answer/",
        citizen.CitizenAnswerView.as_view(),
        name="citizen-answer",
    ),
    path("staff/requests/", staff.QueueView.as_view(), name="staff-requests"),
    path("staff/requests/next/", staff.TakeNextView.as_view(), name="staff-take-next"),
    path("staff/requests/<str:reference>/", staff.StaffRequestView.as_view(), name="staff-request"),
    path("staff/requests/<str:reference>/claim/", staff.ClaimView.as_view(), name="staff-claim"),
    path(
        "staff/requests/<str:reference>/release/", staff.ReleaseView.as_view(), name="staff-release"
    ),
    path("staff/requests/<str:reference>/ask/", staff.AskView.as_view(), name="staff-ask"),
    path("staff/requests/<str:reference>/issue/", staff.IssueView.as_view(), name="staff-issue"),
    path("staff/requests/<str:reference>/reject/", staff.RejectView.as_view(), name="staff-reject"),
    path("staff/requests/<str:reference>/close/", staff.CloseView.as_view(), name="staff-close"),
    path("staff/requests/<str:reference>/note/", staff.NoteView.as_view(), name="staff-note"),
    path("staff/requests/<str:reference>/revoke/", staff.RevokeView.as_view(), name="staff-revoke"),
    path("statistics/", stats.StatisticsView.as_view(), name="statistics"),
]


def patterns(extra_v1=(), extra_group="website"):
    """/api/ with the counter's endpoints and those other apps add to /api/v1/ (the root
    URLconf passes the website's); /api/v1/ itself lists them, the others under
    `extra_group`."""
    extra_v1 = list(extra_v1)
    extra_names = [pattern.name for pattern in extra_v1 if getattr(pattern, "name", None)]
    root = ApiRootView.as_view(extra_groups={extra_group: extra_names} if extra_names else {})
    return [
        path("v1/", root, name="root"),
        path("v1/", include(v1 + extra_v1)),
        path("schema/", SpectacularAPIView.as_view(), name="schema"),
        # The split view serves its start-up script as a file: no inline script, so the
        # site's Content-Security-Policy (script-src 'self') holds; the UI comes from the
        # sidecar's static files, never from a CDN.
        path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
        # Anything else under /api/ (even with a newline in it): a problem, not an HTML page.
        re_path(r"^[\s\S]*$", UnknownEndpoint.as_view()),
    ]
