from wagtail import hooks

from cpas.roles import CPAS_EDITORS


@hooks.register("filter_form_submissions_for_user")
def appointment_requests_for_cpas_only(user, form_pages):
    """Appointment requests hold social data: only CPAS editors (and administrators) read
    them, even though the communication group may edit the CPAS pages themselves."""
    from cpas.models import CpasAppointmentPage

    if user.is_superuser or user.groups.filter(name=CPAS_EDITORS).exists():
        return form_pages
    return form_pages.not_type(CpasAppointmentPage)
