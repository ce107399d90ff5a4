"""Background work (Django Tasks): immediate in the demo and tests, a worker in production."""

from django_tasks import task


@task()
def send_request_email(*, request_id, event):
    from guichet.notifications import send_request_email as send

    send(request_id=request_id, event=event)
