from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from guichet.communes import commune_field, scoped_manager
from guichet.constants import (
    ASSURANCE_SENTENCES,
    OPEN_STATES,
    Assurance,
    Channel,
    Delivery,
    PaymentChoice,
    RejectionCode,
    Relationship,
    State,
    Subject,
    staff_state_label,
)


class DocumentRequestQuerySet(models.QuerySet):
    def open(self):
        return self.filter(state__in=[State.SUBMITTED, State.IN_REVIEW, State.AWAITING_CITIZEN])


def _clerk_of_kind(document_request, user):
    """Transitions a clerk triggers: only staff whose service handles the kind."""
    from guichet import access

    return access.handles_kind(user, document_request.kind)


def _clerk_holding_it(document_request, user):
    """Giving a request back to the queue: the clerk who holds it (or nobody holds it)."""
    return _clerk_of_kind(document_request, user) and (
        document_request.assigned_to_id in (None, user.pk) or user.is_superuser
    )


class DocumentRequest(ConcurrentTransitionMixin, models.Model):
    """A citizen's request for one document, moved through its life cycle by guichet.services.

    Transition methods change the state only (and the milestone timestamps); locking, audit
    and side effects are the services' job.
    """

    commune = commune_field()
    reference = models.CharField(
        _("référence"), max_length=16, help_text=_("Année et numéro, sans trou, par commune.")
    )
    tracking_code = models.CharField(_("code de suivi"), max_length=10, unique=True)
    # Drawn when the citizen starts the order form: confirming the same draft twice (a double
    # click, a retry after a lost answer) finds this request instead of creating another.
    submission_key = models.CharField(
        _("clé d'envoi"), max_length=32, blank=True, default="", editable=False
    )
    kind = models.CharField(_("type de document"), max_length=40, db_index=True)
    state = FSMField(
        _("état"), default=State.SUBMITTED, choices=State.choices, protected=True, db_index=True
    )
    channel = models.CharField(
        _("canal de délivrance"), max_length=8, choices=Channel.choices, blank=True
    )

    # The applicant, as identified at sign-in (a snapshot: the register may change later).
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="document_requests",
        verbose_name=_("demandeur (compte)"),
    )
    applicant_niss = models.CharField(_("NISS du demandeur"), max_length=11, blank=True)
    applicant_first_name = models.CharField(_("prénom du demandeur"), max_length=100, blank=True)
    applicant_last_name = models.CharField(_("nom du demandeur"), max_length=100, blank=True)
    applicant_email = models.EmailField(_("e-mail du demandeur"), blank=True)
    assurance = models.CharField(
        _("niveau d'authentification"),
        max_length=12,
        choices=Assurance.choices,
        default=Assurance.LOW,
        help_text=_("Seule une connexion de niveau élevé permet la délivrance automatique."),
    )

    # Whom the document is about.
    subject_type = models.CharField(
        _("la demande concerne"), max_length=12, choices=Subject.choices, default=Subject.SELF
    )
    subject_niss = models.CharField(_("NISS de la personne concernée"), max_length=11)
    subject_first_name = models.CharField(_("prénom de la personne concernée"), max_length=100)
    subject_last_name = models.CharField(_("nom de la personne concernée"), max_length=100)
    relationship = models.CharField(_("lien avec la personne concernée"), max_length=12, blank=True)
    relationship_detail = models.CharField(_("précision sur le lien"), max_length=200, blank=True)

    details = models.JSONField(
        _("détails propres au document"), default=dict, blank=True, encoder=None
    )
    purpose = models.CharField(_("motif"), max_length=40)
    purpose_label = models.CharField(_("libellé du motif"), max_length=200)
    purpose_explanation = models.CharField(_("précision sur le motif"), max_length=300, blank=True)
    copies = models.PositiveSmallIntegerField(
        _("nombre d'exemplaires"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
    )
    delivery = models.CharField(
        _("mode de remise"), max_length=10, choices=Delivery.choices, default=Delivery.DOWNLOAD
    )
    postal_address = models.JSONField(_("adresse d'envoi"), default=dict, blank=True)
    # One of the commune's administrative languages (guichet.languages), never English.
    document_language = models.CharField(
        _("langue du document"),
        max_length=8,
        default="fr",
        help_text=_("La langue administrative dans laquelle le document est rédigé."),
    )
    fee = models.DecimalField(_("montant dû (EUR)"), max_digits=7, decimal_places=2, default=0)
    # Payment (guichet.payments): how the citizen means to pay a fee above zero, the
    # structured communication of a transfer, and until when an unpaid request waits.
    payment_choice = models.CharField(
        _("mode de paiement choisi"), max_length=10, choices=PaymentChoice.choices, blank=True
    )
    structured_communication = models.CharField(
        _("communication structurée"), max_length=12, blank=True, db_index=True
    )
    payment_due_until = models.DateTimeField(_("à payer avant le"), null=True, blank=True)
    paid_at = models.DateTimeField(_("payée le"), null=True, blank=True)

    review_reason = models.TextField(
        _("motif du traitement manuel"),
        blank=True,
        help_text=_("Pourquoi la demande n'a pas pu être délivrée automatiquement."),
    )
    rejection_reason = models.TextField(_("motif du refus"), blank=True)
    rejection_code = models.CharField(
        _("catégorie du refus"), max_length=20, choices=RejectionCode.choices, blank=True
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_requests",
        verbose_name=_("agent assigné"),
    )
    citizen_replied = models.BooleanField(_("réponse du citoyen à lire"), default=False)
    # The language the citizen used when ordering (settings.LANGUAGES): their e-mails speak it.
    language = models.CharField(
        _("langue du citoyen"),
        max_length=8,
        default="fr",
        help_text=_("Langue du site lors de la demande ; les e-mails sont écrits dans celle-ci."),
    )

    submitted_at = models.DateTimeField(_("reçue le"), db_index=True)
    reviewed_at = models.DateTimeField(_("prise en charge le"), null=True, blank=True)
    issued_at = models.DateTimeField(_("délivrée le"), null=True, blank=True)
    closed_at = models.DateTimeField(_("clôturée le"), null=True, blank=True)

    # Handing the issued document over, for post and counter delivery (guichet.dispatch).
    dispatch_batch = models.ForeignKey(
        "guichet.DispatchBatch",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="requests",
        verbose_name=_("lot d'envoi"),
    )
    posted_at = models.DateTimeField(_("envoyée par la poste le"), null=True, blank=True)
    pickup_until = models.DateField(
        _("à retirer au guichet jusqu'au"),
        null=True,
        blank=True,
        help_text=_("Fixé à la délivrance d'un document à retirer au guichet."),
    )
    collected_at = models.DateTimeField(_("remise au guichet le"), null=True, blank=True)
    handed_over_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("remise ou postée par"),
    )
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    objects = scoped_manager(DocumentRequestQuerySet)

    class Meta:
        verbose_name = _("demande de document")
        verbose_name_plural = _("demandes de documents")
        ordering = ["-submitted_at"]
        indexes = [
            models.Index(fields=["kind", "state", "submitted_at"], name="req_kind_state_sub"),
            models.Index(fields=["applicant", "-submitted_at"], name="req_applicant_sub"),
            # Many communes (docs/communes.md, "At scale"): the queue, "take next", the
            # backlog and the dashboard read one commune's open requests, oldest first. Only
            # open requests are in it (a few thousand of a commune's hundreds of thousands).
            models.Index(
                fields=["commune", "submitted_at"],
                condition=models.Q(state__in=OPEN_STATES),
                name="req_commune_open_sub",
            ),
            # One commune's requests of a period (statistics, the queue in every state):
            # read from the index alone, without visiting the table.
            models.Index(
                fields=["commune", "submitted_at"],
                include=["id", "kind", "state", "channel", "issued_at"],
                name="req_commune_sub",
            ),
            # The dashboard's "issued today" (with the open ones above: two index ranges).
            models.Index(fields=["commune", "issued_at"], name="req_commune_issued"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["commune", "reference"], name="req_reference_unique"),
            models.UniqueConstraint(
                fields=["applicant", "submission_key"],
                condition=~models.Q(submission_key=""),
                name="req_one_per_submission_key",
            ),
        ]

    def __str__(self):
        return self.reference

    # -- conditions (small and named, as the state diagram shows them) -------------------
    def is_not_auto_issued_yet(self):
        return self.issued_at is None

    def is_for_download(self):
        return self.delivery == Delivery.DOWNLOAD

    def is_for_post(self):
        return self.delivery == Delivery.POST

    def is_for_counter(self):
        return self.delivery == Delivery.COUNTER

    # -- transitions: state changes only ------------------------------------------------
    @transition(field=state, source=State.AWAITING_PAYMENT, target=State.SUBMITTED)
    def payment_received(self, *, at):
        self.paid_at = at

    @transition(field=state, source=State.AWAITING_PAYMENT, target=State.CANCELLED)
    def expire_unpaid(self, *, at):
        self.closed_at = at

    @transition(
        field=state,
        source=State.SUBMITTED,
        target=State.ISSUED,
        conditions=[is_not_auto_issued_yet],
    )
    def auto_issue(self, *, at):
        self.channel = Channel.AUTO
        self.issued_at = at

    @transition(
        field=state, source=State.SUBMITTED, target=State.IN_REVIEW, permission=_clerk_of_kind
    )
    def start_review(self, *, by, at):
        self.assigned_to = by
        self.reviewed_at = self.reviewed_at or at

    @transition(
        field=state, source=State.IN_REVIEW, target=State.SUBMITTED, permission=_clerk_holding_it
    )
    def release(self):
        self.assigned_to = None

    @transition(
        field=state,
        source=State.IN_REVIEW,
        target=State.AWAITING_CITIZEN,
        permission=_clerk_of_kind,
    )
    def ask_citizen(self):
        self.citizen_replied = False

    @transition(field=state, source=State.AWAITING_CITIZEN, target=State.IN_REVIEW)
    def citizen_answer(self):
        self.citizen_replied = True

    @transition(field=state, source=State.IN_REVIEW, target=State.ISSUED, permission=_clerk_of_kind)
    def issue(self, *, at):
        self.channel = Channel.CLERK
        self.issued_at = at

    @transition(
        field=state,
        source=[State.SUBMITTED, State.IN_REVIEW, State.AWAITING_CITIZEN],
        target=State.REJECTED,
        permission=_clerk_of_kind,
    )
    def reject(self, *, reason, at, code=RejectionCode.OTHER):
        self.rejection_reason = reason
        self.rejection_code = code
        self.closed_at = at

    @transition(
        field=state, source=[State.AWAITING_PAYMENT, State.SUBMITTED], target=State.CANCELLED
    )
    def cancel(self, *, at):
        self.closed_at = at

    # A posted or collected document closes through mark_posted / mark_collected (the
    # dispatch work records when and by whom); `close` is left for the downloaded ones.
    @transition(
        field=state,
        source=State.ISSUED,
        target=State.CLOSED,
        conditions=[is_for_download],
        permission=_clerk_of_kind,
    )
    def close(self, *, at):
        self.closed_at = at

    @transition(
        field=state,
        source=State.ISSUED,
        target=State.CLOSED,
        conditions=[is_for_post],
        permission=_clerk_of_kind,
    )
    def mark_posted(self, *, by, at):
        self.posted_at = at
        self.handed_over_by = by
        self.closed_at = at

    @transition(
        field=state,
        source=State.ISSUED,
        target=State.CLOSED,
        conditions=[is_for_counter],
        permission=_clerk_of_kind,
    )
    def mark_collected(self, *, by, at):
        self.collected_at = at
        self.handed_over_by = by
        self.closed_at = at

    @transition(
        field=state, source=[State.CLOSED, State.REJECTED, State.CANCELLED], target=State.ARCHIVED
    )
    def archive(self):
        pass

    # -- display helpers -----------------------------------------------------------------
    @property
    def subject_name(self):
        return f"{self.subject_first_name} {self.subject_last_name}".strip()

    @property
    def relationship_label(self):
        """The relationship as people read it ("Mandataire (procuration)"), not its code; an
        unknown code (from an older list) is shown as stored."""
        if self.relationship in Relationship.values:
            return Relationship(self.relationship).label
        return self.relationship

    @property
    def assurance_sentence(self):
        """The applicant's sign-in in words ("connexion forte (eID / itsme)")."""
        return ASSURANCE_SENTENCES.get(self.assurance, self.assurance)

    @property
    def pays_at_counter(self):
        """A fee the clerk collects when handing the document over."""
        return self.fee > 0 and self.payment_choice == PaymentChoice.COUNTER

    @property
    def staff_state_label(self):
        """The state as clerks read it ("En attente du citoyen", where the citizen reads
        "En attente de votre réponse")."""
        return staff_state_label(self.state)
