"""Paying for a document: online through a provider, by bank transfer with a Belgian
structured communication, or at the counter (docs/payments.md)."""
