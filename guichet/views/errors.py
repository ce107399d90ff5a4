from django.shortcuts import render


def accessibility_statement(request):
    return render(request, "guichet/accessibility.html")


def error_404(request, exception=None):
    return render(request, "404.html", status=404)


def error_500(request):
    return render(request, "500.html", status=500)


def error_403(request, exception=None):
    return render(request, "403.html", status=403)
