from guichet.models.api_token import ApiToken
from guichet.models.attachment import Attachment
from guichet.models.audit import AuditEntry
from guichet.models.citizen import CitizenProfile
from guichet.models.commune import Commune, CommuneDeparture, StaffMembership
from guichet.models.config import KindSettings, Purpose
from guichet.models.demo_payment import DemoProviderPayment
from guichet.models.dispatch_batch import DispatchBatch
from guichet.models.document_request import DocumentRequest
from guichet.models.issued_document import IssuedDocument
from guichet.models.message import RequestMessage
from guichet.models.payment import Payment, ReceiptCounter, Refund
from guichet.models.reference import ReferenceCounter
from guichet.models.staff_access import StaffAccess
from guichet.models.statement import BankStatement, StatementLine
from guichet.models.support_grant import SupportGrant

__all__ = [
    "ApiToken",
    "Attachment",
    "AuditEntry",
    "BankStatement",
    "CitizenProfile",
    "Commune",
    "CommuneDeparture",
    "DemoProviderPayment",
    "DispatchBatch",
    "DocumentRequest",
    "IssuedDocument",
    "KindSettings",
    "Payment",
    "Purpose",
    "ReceiptCounter",
    "ReferenceCounter",
    "Refund",
    "RequestMessage",
    "StaffAccess",
    "StaffMembership",
    "StatementLine",
    "SupportGrant",
]
