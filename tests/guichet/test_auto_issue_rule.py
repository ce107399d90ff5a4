"""Issuing without a clerk is the core's rule, not each kind's: a kind whose decide() always
says "auto" still goes to a clerk after a low-assurance sign-in, or when the kind says it is
never issued automatically (DocumentKind.can_auto_issue)."""

import pytest

from guichet.constants import Assurance
from guichet.kinds import Decision, DocumentKind, decide
from guichet.models import DocumentRequest


class AlwaysAuto(DocumentKind):
    def decide(self, request):
        return Decision(auto=True)


class AlwaysClerk(DocumentKind):
    def decide(self, request):
        return Decision.clerk("Raison du type.")


@pytest.mark.parametrize("assurance", [Assurance.LOW, Assurance.SUBSTANTIAL])
def test_a_kind_that_always_says_auto_waits_for_a_clerk_below_high_assurance(assurance):
    decision = decide(AlwaysAuto(slug="fake"), DocumentRequest(assurance=assurance))
    assert not decision.auto
    assert decision.reason == "Connexion sans niveau d'authentification élevé."


def test_a_kind_never_issued_automatically_waits_for_a_clerk_even_after_eid():
    kind = AlwaysAuto(slug="fake", can_auto_issue=False)
    decision = decide(kind, DocumentRequest(assurance=Assurance.HIGH))
    assert not decision.auto
    assert decision.reason == "Ce document est toujours établi par un agent."


def test_high_assurance_and_a_willing_kind_issue_at_once():
    assert decide(AlwaysAuto(slug="fake"), DocumentRequest(assurance=Assurance.HIGH)).auto


def test_the_kinds_reasons_come_first_then_the_cores():
    decision = decide(AlwaysClerk(slug="fake"), DocumentRequest(assurance=Assurance.LOW))
    assert decision.reason == ("Raison du type. Connexion sans niveau d'authentification élevé.")
