"""The applicant's document store (once-only): results and verified documents kept for a person
or a business and reused by later dossiers (issue 9 §3)."""
