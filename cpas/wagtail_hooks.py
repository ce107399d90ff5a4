from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks

from cpas.views import case_viewset


@hooks.register("register_admin_viewset")
def register_case_viewset():
    return case_viewset


@hooks.register("filter_form_submissions_for_user")
def appointment_requests_are_cases(user, form_pages):
    """Appointment requests are cases (Demandes de rendez-vous, CPAS staff only), not rows
    under Wagtail's "Formulaires": nobody finds them there, where they could be deleted or
    exported without the audit trail."""
    from cpas.models import CpasAppointmentPage

    return form_pages.not_type(CpasAppointmentPage)


@hooks.register("insert_global_admin_css")
def case_list_css():
    return format_html('<link rel="stylesheet" href="{}">', static("cpas/admin.css"))
