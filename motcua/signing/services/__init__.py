"""Writes of signing: the PKI and credentials (`credentials`), signing (`signer`), result codes
and page counts (`results`). Reads that build validation material live in `selectors`."""
