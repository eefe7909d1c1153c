"""The figures a generated city-year is drawn to, each with where it comes from.

Published figures are marked [published] with their source; the rest are [assumption]: a choice
made so that the published totals come out, stated here so that it can be changed in one place.
Shares are of all dossiers unless said otherwise.
"""

from __future__ import annotations

# ---- identity of generated rows ----------------------------------------------------------------

# Every generated agency code starts with this (QCVN 102:2016 V1V2V3 = 999, used by no real body),
# and so does every generated dossier code (`<agency code>-YYMMDD-NNNN`, docs/rules.md §5).
AGENCY_PREFIX = "999."
AGENCY_SUFFIX = ".G29"  # the M X1X2 part of the generated codes
PROCEDURE_PREFIX = "GEN."  # procedure codes GEN.000001 …
FIELD_PREFIX = "GEN-"  # sector (lĩnh vực) codes
USER_PREFIX = "gen."  # usernames of generated applicants and officials

# ---- agencies ----------------------------------------------------------------------------------

# [published] 168 commune-level units after 1/7/2025: 113 wards, 54 communes, 1 special zone
# (Resolution 1685/NQ-UBTVQH15 of 16/6/2025 on the commune-level units of Hồ Chí Minh City).
WARDS, COMMUNES, SPECIAL_ZONES = 113, 54, 1
# [assumption] "about 25" departments and boards (sở, ban) that receive provincial procedures.
DEPARTMENTS = 25
# [published] Saturday-morning reception at about 130 wards/communes/special zones (Sở Nội vụ
# TP.HCM, 11/2025, reported by nld.com.vn); docs/rules.md §1, §3.
SATURDAY_UNITS = 130
SATURDAY_HOURS = (("07:30", "11:30"),)
# [assumption] the population-like spread of volume between commune-level units (lognormal σ).
UNIT_SPREAD_SIGMA = 0.6

# ---- procedures --------------------------------------------------------------------------------

# [published] 2,242 procedures in force: 1,865 provincial, 372 commune (UBND TP.HCM report
# 350/BC-UBND, 12/2025). The report's third part (56 "other agencies") does not add up to the
# total (1,865 + 372 + 56 = 2,293); we keep the total and the two large parts, so "other" is 5.
PROCEDURES = 2242
PROVINCIAL_PROCEDURES = 1865
COMMUNE_PROCEDURES = 372
OTHER_PROCEDURES = PROCEDURES - PROVINCIAL_PROCEDURES - COMMUNE_PROCEDURES
# [published] 1,627 online services, 345 of them end-to-end (TP.HCM, Q3/2025, vietnamnet.vn).
ONLINE_SERVICES, END_TO_END_SERVICES = 1627, 345
# [assumption] statutory processing times in working days and how many procedures have each.
PROCESSING_DAYS = (1, 3, 5, 7, 10, 15, 20, 30)
PROCESSING_WEIGHTS_PROVINCIAL = (2, 8, 18, 14, 22, 18, 10, 8)
PROCESSING_WEIGHTS_COMMUNE = (12, 30, 26, 12, 12, 5, 2, 1)
# [assumption] Zipf exponent of the volume per procedure within a level (a few procedures, such
# as certified copies and civil status, take most dossiers).
ZIPF_EXPONENT = 1.05
# [assumption] the split of dossiers between the levels (no published figure).
LEVEL_SHARES = {"commune": 0.52, "province": 0.47, "other": 0.01}

# ---- volume over the year ----------------------------------------------------------------------

# [assumption] receipts by weekday (Monday first): Monday is the busiest; Saturday only at the
# units that receive on Saturday morning; Sunday almost nothing.
WEEKDAY_WEIGHTS = (1.18, 1.06, 1.0, 0.98, 0.9, 0.35, 0.004)
HOLIDAY_WEIGHT = 0.003  # a public holiday or an announced day off: almost nothing
# [assumption] the rush before Tết (Lunar New Year) and the catch-up after it.
BEFORE_TET_WEEKS, BEFORE_TET_FACTOR = 2, 1.3
AFTER_TET_WEEKS, AFTER_TET_FACTOR = 1, 1.2
# [assumption] a mild month profile (December closes the year's files; summer is quieter).
MONTH_FACTORS = (1.0, 0.95, 1.05, 1.0, 1.0, 0.95, 0.95, 0.95, 1.0, 1.05, 1.05, 1.1)

# ---- channels ----------------------------------------------------------------------------------

# [published] 2.513 million received from 27/6 to 14/12/2025, "more than 1.7 million" online:
# about 68% (UBND TP.HCM report 350/BC-UBND).
ONLINE_SHARE = 0.68
POSTAL_SHARE = 0.015  # [assumption] postal (bưu chính công ích) of the rest
# [assumption] how willing each kind of online service is drawn to be, before calibration.
ONLINE_PROPENSITY = {"end_to_end": 0.95, "partial": 0.7, "none": 0.0}

# ---- outcomes ----------------------------------------------------------------------------------

# [published] 2.471 million resolved, 2.376 million on time or early: about 96.2%
# (UBND TP.HCM report 350/BC-UBND). The late share below is tuned so that it comes out.
TROUBLED_PROCEDURE_SHARE = 0.03  # [assumption] the few procedures that carry most lateness
TROUBLED_VOLUME_SHARE = 0.08  # [assumption] their share of the dossiers
TROUBLED_LATE_RATE = 0.33
ORDINARY_LATE_RATE = 0.006
EARLY_SHARE = 0.55  # [assumption] of those in time, before the appointment day (Huế: 48.6/40)
REFUSED_SHARE = 0.015  # [assumption] refused after receipt (form 03)
WITHDRAWN_SHARE = 0.005  # [assumption] stopped at the applicant's request
STUCK_SHARE = 0.004  # [assumption] still open at the year's end however old (overdue)
# [assumption] processing-stage supplement requests; a few get a second one (late by rule,
# docs/rules.md §6, §29); a few at reception, before the clock starts.
SUPPLEMENT_SHARE = 0.04
SECOND_SUPPLEMENT_SHARE = 0.1
NEVER_SUPPLIED_SHARE = 0.08
RECEPTION_SUPPLEMENT_SHARE = 0.012
APOLOGY_SHARE = 0.4  # [assumption] of late dossiers, an apology (form 04) with a new date
RETURNED_SHARE = 0.97  # [assumption] of results, handed over (the rest await collection)

# ---- fees, e-results, reuse, ratings -----------------------------------------------------------

FEE_SHARE = 0.4  # [assumption] of dossiers, those of a procedure with a fee or charge
EXEMPT_SHARE = 0.03  # [assumption] of those, exempt (fee_total 0)
# [assumption] of online fee-bearing dossiers, paid online (localities nationally: 43.11%
# online payment to 4/2024, kontum.gov.vn citing Decision 766 data; HCMC pushes it harder).
ONLINE_PAYMENT_SHARE = 0.85
E_RESULT_SHARE = 0.35  # [assumption] of online dossiers resolved, an electronic result
DIGITISED_SHARE = 0.7  # [assumption] of those, components stored as files (item 4.2)
REUSED_SHARE = 0.08  # [assumption] of online dossiers, a component reused (item 4.3)
PERSONAL_STORE_SHARE = 0.04  # [assumption] of online dossiers, one from the store (item 4.4)
VNEID_SHARE = 0.45  # [assumption] of online applicants, signed in with VNeID (item 4.5)
ORGANISATION_SHARE = 0.12  # [assumption] of provincial dossiers, filed by an organisation
# [assumption] of resolved dossiers, rated by the applicant; [published] 91.72% satisfied with
# dossier handling (TP.HCM, Q3/2025, vietnamnet.vn).
RATING_SHARE = 0.2
SATISFIED_SHARE = 0.92
# [assumption] online applicants per online dossier (an account files several a year).
APPLICANTS_PER_ONLINE_DOSSIER = 0.12
