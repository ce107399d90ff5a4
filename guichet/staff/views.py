"""Staff sign-in: password, then a second factor (enrolled at the first sign-in)."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache
from django_otp import login as otp_login
from django_otp import user_has_device

from guichet.redirects import next_from_request
from guichet.staff import landing, otp
from guichet.staff.forms import CodeForm, StaffSignInForm

BACKUP_CODES_SESSION_KEY = "staff_backup_codes"


def THROTTLED_MESSAGE():  # noqa: N802 - a message, evaluated per request for its language
    return _(
        "Trop de codes incorrects. Attendez quelques secondes avant de réessayer ; "
        "le délai augmente à chaque erreur."
    )


def safe_next(request):
    """The request's `next` when it is a path on this site the member may open, else the
    page where their role works (guichet.staff.landing)."""
    return landing.destination(request)


def with_next(url_name, next_url):
    return f"{reverse(url_name)}?{urlencode({'next': next_url})}"


class SignInView(auth_views.LoginView):
    template_name = "guichet/staff/login.html"
    form_class = StaffSignInForm
    redirect_authenticated_user = False
    # Django's form views treat PUT as POST; the sign-in form is posted, nothing else.
    http_method_names = ["get", "head", "post"]

    def get_redirect_url(self):
        # The page's hidden `next` field: only a path on this site, else none.
        return next_from_request(self.request, "")

    def form_valid(self, form):
        super().form_valid(form)
        user = form.get_user()
        step = "staff:verify" if user_has_device(user) else "staff:enrol"
        return redirect(with_next(step, safe_next(self.request)))


class SignOutView(auth_views.LogoutView):
    next_page = reverse_lazy("staff:login")

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        messages.info(request, _("Vous êtes déconnecté."))
        return response


class StaffOnlyMixin:
    """Signed in with a password, not necessarily verified yet."""

    @method_decorator(never_cache)
    @method_decorator(login_required(login_url=reverse_lazy("staff:login")))
    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_staff:
            return render(request, "guichet/staff/not_staff.html", status=403)
        return super().dispatch(request, *args, **kwargs)


class VerifyView(StaffOnlyMixin, View):
    template_name = "guichet/staff/verify.html"

    def get(self, request):
        if not user_has_device(request.user):
            return redirect(with_next("staff:enrol", safe_next(request)))
        if request.user.is_verified():
            return redirect(safe_next(request))
        return self.show(CodeForm())

    def post(self, request):
        if not user_has_device(request.user):
            return redirect(with_next("staff:enrol", safe_next(request)))
        form = CodeForm(request.POST)
        if form.is_valid():
            if otp.is_throttled(user=request.user):
                form.add_error("code", THROTTLED_MESSAGE())
                return self.show(form)
            device = otp.verify_code(user=request.user, code=form.cleaned_data["code"])
            if device is not None:
                otp_login(request, device)
                return redirect(safe_next(request))
            form.add_error(
                "code",
                _(
                    "Ce code n'est pas valable. Vérifiez l'heure de votre téléphone, ou "
                    "utilisez un code de secours non encore utilisé."
                ),
            )
        return self.show(form)

    def show(self, form):
        return render(
            self.request,
            self.template_name,
            {"form": form, "next": safe_next(self.request)},
            status=200 if not form.errors else 400,
        )


class EnrolView(StaffOnlyMixin, View):
    """First sign-in: pair an authenticator app, then receive backup codes once."""

    template_name = "guichet/staff/enrol.html"

    def dispatch(self, request, *args, **kwargs):
        # A second device may only be added by someone already verified, never with a
        # password alone: otherwise a stolen password would be enough to take the account.
        if (
            request.user.is_authenticated
            and user_has_device(request.user)
            and not request.user.is_verified()
        ):
            return redirect(with_next("staff:verify", safe_next(request)))
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        if user_has_device(request.user):
            return redirect(safe_next(request))
        return self.show(CodeForm())

    def post(self, request):
        if user_has_device(request.user):
            return redirect(safe_next(request))
        form = CodeForm(request.POST)
        device = otp.pending_totp_device(user=request.user)
        if form.is_valid() and not device.verify_is_allowed()[0]:
            form.add_error("code", THROTTLED_MESSAGE())
        elif form.is_valid():
            if device.verify_token(form.cleaned_data["code"]):
                codes = otp.confirm_enrolment(device=device)
                otp_login(request, device)
                request.session[BACKUP_CODES_SESSION_KEY] = codes
                return redirect(with_next("staff:backup_codes", safe_next(request)))
            form.add_error(
                "code",
                _(
                    "Ce code ne correspond pas. Scannez à nouveau le code QR ou saisissez la "
                    "clé, puis entrez le code affiché maintenant."
                ),
            )
        return self.show(form, status=400)

    def show(self, form, status=200):
        device = otp.pending_totp_device(user=self.request.user)
        return render(
            self.request,
            self.template_name,
            {
                "form": form,
                "qr_svg": otp.qr_code_svg(device),
                "secret": otp.secret_as_text(device),
                "next": safe_next(self.request),
            },
            status=status,
        )


class BackupCodesView(StaffOnlyMixin, View):
    """Shows the freshly issued backup codes once; reloading the page does not show them."""

    def get(self, request):
        codes = request.session.pop(BACKUP_CODES_SESSION_KEY, None)
        if not codes:
            return redirect(safe_next(request))
        return render(
            request,
            "guichet/staff/backup_codes.html",
            {"codes": codes, "next": safe_next(request)},
        )


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "guichet/staff/password_reset.html"
    email_template_name = "guichet/staff/password_reset_email.txt"
    subject_template_name = "guichet/staff/password_reset_subject.txt"
    success_url = reverse_lazy("staff:password_reset_done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "guichet/staff/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "guichet/staff/password_reset_confirm.html"
    success_url = reverse_lazy("staff:password_reset_complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "guichet/staff/password_reset_complete.html"
