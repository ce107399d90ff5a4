from django.contrib.auth.decorators import login_required
from django.shortcuts import render


@login_required
def home(request):
    """Landing page of the back office; the queue arrives with the back-office issue."""
    groups = request.user.groups.order_by("name").values_list("name", flat=True)
    return render(request, "bureau/home.html", {"groups": list(groups)})
