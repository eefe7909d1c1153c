"""Signed electronic results: agency signing certificates, PAdES signatures with an RFC 3161
timestamp, the certificate revocation list and public verification (issue 9 §2)."""
