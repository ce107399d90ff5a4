"""Matching a line of a bank statement with the payment it settles: a pure function, no query.

The caller (the reconciliation service) reads the communications of a line with
``find_communications(line)``, looks up the open payment of the communication it found and
asks ``classify(line, expected)`` what the line is. A line is settled automatically only when
its status is ``matched``; every other status goes to the finance clerk's list with its
explanation.

A citizen who pays by transfer sometimes types the structured communication in the free text
("+++123/4567/89002+++", "123/4567/89002", "123456789002"): when the bank's structured field
is empty, the free text is searched for valid structured communications (the mod-97 check
digits make a false find unlikely: 1 in 97 for a random run of 12 digits). Several different
ones in one line mean one transfer for several requests: a clerk splits it.
"""

import re
from dataclasses import dataclass
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from guichet.payments import ogm

MATCHED = "matched"
PARTIAL = "partial"
OVERPAID = "overpaid"
ALREADY_PAID = "already_paid"
UNKNOWN_COMMUNICATION = "unknown_communication"
NO_COMMUNICATION = "no_communication"
SEVERAL_COMMUNICATIONS = "several_communications"
DEBIT = "debit"

STATUSES = (
    MATCHED,
    PARTIAL,
    OVERPAID,
    ALREADY_PAID,
    UNKNOWN_COMMUNICATION,
    NO_COMMUNICATION,
    SEVERAL_COMMUNICATIONS,
    DEBIT,
)

# 12 digits as people write them: "+++123/4567/89002+++", "***123/4567/89002***",
# "123/4567/89002", "123 4567 89002", "123456789002"; never part of a longer run of digits
# (an account number, a phone number).
_SEPARATOR = r"\s*[/. -]?\s*"
_CANDIDATE = re.compile(
    r"(?<![\d/])(?:[+*]{3}\s*)?"  # not inside a run of digits; optional +++ or ***
    rf"(\d{{3}}){_SEPARATOR}(\d{{4}}){_SEPARATOR}(\d{{5}})"
    r"(?:\s*[+*]{3})?(?![\d/])"
)


@dataclass(frozen=True)
class Expected:
    """The open payment waiting for this communication."""

    communication: str  # 12 digits
    amount: Decimal  # what is due
    already_paid: bool = False


@dataclass(frozen=True)
class Match:
    status: str  # one of STATUSES
    explanation: str  # for the reconciliation list, in the active language
    communication: str = ""  # the 12 digits the line pays, when there is one
    communications: tuple = ()  # every communication found (several: SEVERAL_COMMUNICATIONS)
    due: Decimal | None = None
    received: Decimal = Decimal("0.00")

    @property
    def difference(self):
        """Received minus due (negative: missing, positive: to refund); 0 without a due."""
        return self.received - self.due if self.due is not None else Decimal("0.00")

    @property
    def settles(self):
        """True when the payment can be marked paid without a clerk."""
        return self.status == MATCHED

    @property
    def needs_attention(self):
        return self.status not in (MATCHED, DEBIT)


def find_communications(line):
    """The valid structured communications of a statement line (12 digits each), in order,
    without repeats: the bank's structured field, else those typed in the free text."""
    structured = ogm.normalise(line.structured_communication)
    if structured:
        return [structured]
    found = []
    for match in _CANDIDATE.finditer(line.free_communication or ""):
        digits = ogm.normalise("".join(match.groups()))
        if digits and digits not in found:
            found.append(digits)
    return found


def _euros(amount):
    return number_format(amount, decimal_pos=2, use_l10n=True)


def classify(line, expected):
    """What ``line`` is, given ``expected``: the open payment for the line's communication
    (``find_communications(line)[0]``), or None when no payment waits for it."""
    received = line.amount
    if received < 0:
        return Match(
            DEBIT,
            _("Sortie d'argent : ce n'est pas le paiement d'une demande."),
            received=received,
        )
    communications = tuple(find_communications(line))
    if not communications:
        return Match(
            NO_COMMUNICATION,
            _(
                "Aucune communication structurée valide dans ce virement de %(received)s € : "
                "à rapprocher à la main (nom, montant, texte libre)."
            )
            % {"received": _euros(received)},
            received=received,
        )
    if len(communications) > 1:
        return Match(
            SEVERAL_COMMUNICATIONS,
            _(
                "Ce virement de %(received)s € porte plusieurs communications (%(list)s) : "
                "un virement pour plusieurs demandes, à répartir à la main."
            )
            % {
                "received": _euros(received),
                "list": ", ".join(ogm.display(c) for c in communications),
            },
            communications=communications,
            received=received,
        )
    communication = communications[0]
    shown = ogm.display(communication)
    if expected is None:
        return Match(
            UNKNOWN_COMMUNICATION,
            _(
                "La communication %(communication)s ne correspond à aucun paiement attendu "
                "(%(received)s € reçus) : erreur de frappe, demande annulée ou autre dossier."
            )
            % {"communication": shown, "received": _euros(received)},
            communication=communication,
            communications=communications,
            received=received,
        )
    if ogm.normalise(expected.communication) != communication:
        raise ValueError("expected is the payment of another communication")
    due = expected.amount
    params = {
        "communication": shown,
        "received": _euros(received),
        "due": _euros(due),
        "difference": _euros(abs(received - due)),
    }
    common = {
        "communication": communication,
        "communications": communications,
        "due": due,
        "received": received,
    }
    if expected.already_paid:
        return Match(
            ALREADY_PAID,
            _(
                "La demande de la communication %(communication)s est déjà payée : "
                "%(received)s € reçus en plus, à rembourser (paiement en double ?)."
            )
            % params,
            **common,
        )
    if received == due:
        return Match(
            MATCHED,
            _("Paiement complet : %(received)s € pour la communication %(communication)s.")
            % params,
            **common,
        )
    if received < due:
        return Match(
            PARTIAL,
            _(
                "Paiement partiel pour %(communication)s : %(received)s € reçus sur %(due)s € "
                "dus, il manque %(difference)s €."
            )
            % params,
            **common,
        )
    return Match(
        OVERPAID,
        _(
            "Trop-perçu pour %(communication)s : %(received)s € reçus pour %(due)s € dus, "
            "%(difference)s € à rembourser."
        )
        % params,
        **common,
    )


def classify_line(line, lookup):
    """``classify`` with the look-up done: ``lookup(communication)`` returns the Expected
    payment of a communication or None."""
    communications = find_communications(line)
    expected = lookup(communications[0]) if len(communications) == 1 else None
    return classify(line, expected)
