"""Fee payment online: fees per dossier, the payment-provider interface, the VNPAY reference
provider and its local simulator, receipts, refunds and the daily reconciliation (issue 9 §1)."""
