"""Notifications: e-mail, SMS and the portal inbox, delivered from the outbox with bounded
retries (issue 9 §4)."""
