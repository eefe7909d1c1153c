"""Assigned tasks (giao việc, issue 12 §6; docs/directives.md): a leader assigns tasks from a
document or a meeting to agencies or officials, with deadlines in working days, and follows
their progress to completion."""
