"""Official documents between agencies (issue 12; docs/documents.md): Decree 30/2020/NĐ-CP
types, numbering and registers, signing, exchange on the platform and through edXML."""
