"""The share of documents sent to other agencies electronically (issue 12 §7), on the PAR
self-assessment sheet of the analytics centre."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest

from motcua.accounts.models import Agency
from motcua.analytics import index_counts, periods
from motcua.analytics.par import criteria
from motcua.documents.selectors import electronic_share
from motcua.documents.services_outgoing import document_issue, document_register_paper
from tests.documents.conftest import HCM, City, approved, decision


def issued_mix(town: City) -> None:
    """Three electronic documents (one secret, one to no agency) and one on paper."""
    clerk = town.u("clerk")
    document_issue(actor=clerk, document=approved(town))
    document_issue(actor=clerk, document=approved(town, secrecy="mat"))
    document_issue(actor=clerk, document=approved(town, recipients=[]))
    document_register_paper(
        actor=clerk, agency=town.ward, data=decision(town), number=3, document_date=date(2026, 2, 4)
    )


@pytest.mark.usefixtures("signing_pki")  # issuing signs
def test_secret_documents_and_those_to_no_agency_are_left_out(town: City, clock: Any) -> None:
    # given
    issued_mix(town)
    everyone = Agency.objects.filter(path__startswith=town.city.path)
    # when
    february = electronic_share(
        agencies=everyone,
        start=datetime(2026, 2, 1, tzinfo=HCM),
        end=datetime(2026, 3, 1, tzinfo=HCM),
    )
    march = electronic_share(
        agencies=everyone,
        start=datetime(2026, 3, 1, tzinfo=HCM),
        end=datetime(2026, 4, 1, tzinfo=HCM),
    )
    # then: the ordinary electronic one and the paper one count; 1 of 2 electronically
    assert (february.electronic, february.total) == (1, 2)
    assert (march.electronic, march.total) == (0, 0)


@pytest.mark.usefixtures("signing_pki")  # issuing signs
def test_the_par_sheet_shows_the_share(town: City, clock: Any) -> None:
    # given
    issued_mix(town)
    # when
    counts = index_counts.counts(town.city, periods.parse("2026"), today=date(2026, 2, 5))
    row = next(c for c in criteria(counts) if "văn bản trao đổi" in str(c.name))
    # then
    assert (row.numerator, row.denominator) == (1, 2)
    assert str(row.percent) == "50.00"
