"""Walk every URL pattern and every API route as each persona and check what each may see.

Adding a URL without adding it here fails `test_every_url_pattern_is_covered`, so scope rules
are decided for every new page. Outside scope answers 404, never 403.
"""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from antq.accounts.models import ApiToken
from antq.assessments.models import Criterion, CycleRule
from antq.units.models import Unit
from conftest import COMMUNE_A1, COMMUNE_A2, COMMUNE_B1, PROVINCE_A, PROVINCE_B

ALL = (
    "national_admin",
    "province_a_officer",
    "commune_a1_officer",
    "commune_b1_officer",
    "steering_a1_member",
)
LOGIN = 302  # anonymous users are sent to the login page


def expect(default: int, anonymous: int = LOGIN, **overrides: int) -> dict[str, int]:
    table = dict.fromkeys(ALL, default)
    table.update(overrides)
    table["anonymous"] = anonymous
    return table


A_SCOPE = {
    "national_admin": 200,
    "province_a_officer": 200,
    "commune_a1_officer": 200,
    "steering_a1_member": 200,
}
A_EDIT = {"national_admin": 200, "province_a_officer": 200, "commune_a1_officer": 200}
REVIEWERS = {"national_admin": 200, "province_a_officer": 200}
REVIEW = {"national_admin": 200, "province_a_officer": 200}


def a1(view: str, **extra: int) -> dict[str, int]:
    return expect(404, **(A_EDIT if view == "edit" else A_SCOPE), **extra)


# A POST-only URL answers 405 to a GET from whoever could post to it (and 404 outside scope).
POST_ONLY = dict.fromkeys(A_EDIT, 405)


# Tip-offs (antq/tips): police roles only, steering members never (404); the identity only for the
# tip handler of the receiving unit (the extra persona tip_handler_a1, walked where a row names it).
TIP = "tip_handler_a1"
POLICE_A1 = {"national_admin": 200, "province_a_officer": 200, "commune_a1_officer": 200, TIP: 200}


def tips_expect(default: int, anonymous: int = LOGIN, **overrides: int) -> dict[str, int]:
    return {**expect(default, anonymous), TIP: default, **overrides}


# name -> list of (kwargs factory key, expected status per persona)
URLS: dict[str, list[tuple[dict[str, str], dict[str, int]]]] = {
    # An anonymous visitor of / is sent to the public portal (issue 7), officers keep their home.
    "core:home": [({}, expect(200, anonymous=302))],
    "core:building": [
        ({"slug": "tips"}, expect(404)),
        ({"slug": "festival"}, expect(404)),
        ({"slug": "movement"}, expect(404)),
        ({"slug": "dashboards"}, expect(404)),
        ({"slug": "forces"}, expect(404)),
        ({"slug": "units"}, expect(404)),
    ],
    "tips:inbox": [({}, tips_expect(200, steering_a1_member=404))],
    "tips:detail": [
        ({"pk": "{a1_tip}"}, tips_expect(404, **POLICE_A1)),
        ({"pk": "999999"}, tips_expect(404)),
    ],
    "tips:act": [
        ({"pk": "{a1_tip}", "verb": "tra-loi"}, tips_expect(404, **dict.fromkeys(POLICE_A1, 405))),
        ({"pk": "{a1_tip}", "verb": "khong-co"}, tips_expect(404)),
    ],
    "tips:reveal": [({"pk": "{a1_tip}"}, tips_expect(404, **{TIP: 200}))],
    "tips:attachment": [
        ({"pk": "{a1_tip}", "attachment_id": "{a1_tip_file}"}, tips_expect(404, **POLICE_A1)),
        ({"pk": "{a1_tip}", "attachment_id": "999999"}, tips_expect(404)),
    ],
    "tips:resolve_request": [
        ({"pk": "{a1_tip}", "request_id": "{a1_tip_dsr}"}, tips_expect(404, **{TIP: 405}))
    ],
    # The public intake: open to everyone, signed in or not.
    "tips_public:tip": [({}, tips_expect(200, anonymous=200))],
    "tips_public:feedback": [({}, tips_expect(200, anonymous=200))],
    # The commune picker's <option>s answer htmx requests; a plain visit goes to the form.
    "tips_public:communes": [({}, tips_expect(302, anonymous=302))],
    "tips_public:follow": [({}, tips_expect(200, anonymous=200))],
    "tips_public:message": [({}, tips_expect(405, anonymous=405))],
    "tips_public:data_request": [({}, tips_expect(405, anonymous=405))],
    "core:favicon": [({}, expect(301, anonymous=301))],
    "core:healthz": [({}, expect(200, anonymous=200))],
    "core:readyz": [({}, expect(200, anonymous=200))],
    "core:notifications": [({}, expect(200))],
    "core:notification_count": [({}, expect(200))],
    "core:notification_preferences": [({}, expect(200))],
    # Captcha images of the public forms (django-simple-captcha): an unknown or used key is gone.
    "captcha-image": [({"key": "khongco"}, expect(410, anonymous=410))],
    "captcha-image-2x": [({"key": "khongco"}, expect(410, anonymous=410))],
    "captcha-audio": [({"key": "khongco"}, expect(404, anonymous=404))],
    "captcha-refresh": [({}, expect(404, anonymous=404))],
    "accounts:login": [({}, expect(302, anonymous=200))],
    "accounts:logout": [({}, expect(405, anonymous=405))],
    "accounts:otp": [({}, expect(200))],
    "accounts:profile": [({}, expect(200))],
    "accounts:revoke_token": [({"pk": "{token}"}, expect(405))],
    "accounts:password_change": [({}, expect(200))],
    "accounts:audit": [({}, expect(404, national_admin=200))],
    "assessments:commune_current": [
        ({"key": COMMUNE_A1}, expect(404, **dict.fromkeys(A_SCOPE, 302))),
        ({"key": COMMUNE_B1}, expect(404, national_admin=302, commune_b1_officer=302)),
    ],
    "units:national": [({}, expect(200))],
    "units:search": [({}, expect(200))],
    "units:detail": [
        ({"key": "VN"}, expect(404, national_admin=302)),
        ({"key": PROVINCE_A}, expect(404, national_admin=200, province_a_officer=200)),
        ({"key": COMMUNE_A1}, a1("view")),
        ({"key": COMMUNE_B1}, expect(404, national_admin=200, commune_b1_officer=200)),
        # Phường Trúc Bạch (pre-2025) went into Phường Ba Đình: visible wherever Ba Đình is.
        ({"key": "cu-x00004"}, a1("view")),
        ({"key": "khong-co"}, expect(404)),
    ],
    "units:area_add": [({"key": COMMUNE_A1}, a1("edit")), ({"key": PROVINCE_A}, expect(404))],
    "units:area_edit": [
        ({"key": COMMUNE_A1, "pk": "{a1_area}"}, a1("edit")),
        ({"key": COMMUNE_A1, "pk": "{b1_area}"}, expect(404)),
    ],
    "units:org_add": [({"key": COMMUNE_A1}, a1("edit"))],
    "units:org_edit": [({"key": COMMUNE_A1, "pk": "{a1_org}"}, a1("edit"))],
    "units:import": [
        ({"key": COMMUNE_A1}, a1("edit")),
        ({"key": COMMUNE_B1}, expect(404, national_admin=200, commune_b1_officer=200)),
    ],
    "units:export": [
        ({"key": COMMUNE_A1}, a1("view")),
        ({"key": PROVINCE_A}, expect(404, province_a_officer=404)),
    ],
    "units:import_template": [({"key": COMMUNE_A1}, a1("edit"))],
    # The cycle and the criteria catalogue: national data, read by all, edited by the national admin.
    "assessments:home": [({}, expect(200))],
    "assessments:cycle_detail": [({"year": "2026"}, expect(200)), ({"year": "1999"}, expect(404))],
    "assessments:cycle_open": [({}, expect(404, national_admin=405))],
    "assessments:cycle_close": [
        ({"year": "2026"}, expect(404, national_admin=405)),
        ({"year": "1999"}, expect(404)),
    ],
    "assessments:criteria_set_version": [({"pk": "{score_sheet}"}, expect(404, national_admin=405))],
    "assessments:rule_edit": [({"pk": "{cycle_rule}"}, expect(404, national_admin=200))],
    "assessments:criteria_set": [
        ({"pk": "{score_sheet}"}, expect(200)),
        ({"pk": "{standard_set}"}, expect(200)),
    ],
    "assessments:criterion_edit": [({"pk": "{criterion}"}, expect(404, national_admin=200))],
    "assessments:thresholds_edit": [
        ({"pk": "{score_sheet}"}, expect(404, national_admin=200)),
        ({"pk": "{standard_set}"}, expect(404)),
    ],
    # Registrations and disqualifying events (antq/assessments/registration_views.py).
    "assessments:registrations": [
        ({"key": COMMUNE_A1, "year": "2026"}, a1("view")),
        ({"key": COMMUNE_B1, "year": "2026"}, expect(404, national_admin=200, commune_b1_officer=200)),
        ({"key": PROVINCE_A, "year": "2026"}, expect(404)),
        ({"key": COMMUNE_A1, "year": "1999"}, expect(404)),
    ],
    "assessments:registration_import": [
        ({"key": COMMUNE_A1, "year": "2026"}, a1("edit")),
        ({"key": COMMUNE_B1, "year": "2026"}, expect(404, national_admin=200, commune_b1_officer=200)),
        ({"key": COMMUNE_A1, "year": "1999"}, expect(404)),
    ],
    "assessments:registration_import_template": [({"key": COMMUNE_A1, "year": "2026"}, a1("edit"))],
    "assessments:register": [
        ({"key": COMMUNE_A1, "year": "2026", "subject": "{a1_unregistered_subject}"}, a1("edit")),
        ({"key": COMMUNE_A1, "year": "2026", "subject": "{b1_subject}"}, expect(404)),
    ],
    "assessments:registration_edit": [
        ({"key": COMMUNE_A1, "year": "2026", "pk": "{a1_registration}"}, a1("edit")),
    ],
    "assessments:registration_withdraw": [
        ({"key": COMMUNE_A1, "year": "2026", "pk": "{a1_registration}"}, {**a1("edit"), **POST_ONLY}),
    ],
    "assessments:events": [({"key": COMMUNE_A1, "year": "2026"}, a1("view"))],
    "assessments:event_add": [({"key": COMMUNE_A1, "year": "2026"}, a1("edit"))],
    "assessments:event_delete": [
        ({"key": COMMUNE_A1, "year": "2026", "pk": "{a1_event}"}, {**a1("edit"), **POST_ONLY}),
    ],
    # The year-end self-assessment (assessment_views.py): read in scope, write with can_edit_commune.
    "assessments:assessment_list": [
        ({"key": COMMUNE_A1, "year": "2026"}, a1("view")),
        ({"key": COMMUNE_B1, "year": "2026"}, expect(404, national_admin=200, commune_b1_officer=200)),
        ({"key": COMMUNE_A1, "year": "1999"}, expect(404)),
    ],
    "assessments:assessment": [
        ({"key": COMMUNE_A1, "year": "2026", "subject": "{a1_unregistered_subject}"}, a1("view")),
        ({"key": COMMUNE_A1, "year": "2026", "subject": "{b1_subject}"}, expect(404)),
    ],
    "assessments:assessment_submit": [
        (
            {"key": COMMUNE_A1, "year": "2026", "subject": "{a1_unregistered_subject}"},
            {**a1("edit"), **POST_ONLY},
        ),
        ({"key": COMMUNE_A1, "year": "2026", "subject": "{b1_subject}"}, expect(404)),
    ],
    # Evidence files: uploaded and deleted by the commune's editors, read by whoever sees the file.
    "assessments:evidence_upload": [
        (
            {"key": COMMUNE_A1, "year": "2026", "subject": "{a1_unregistered_subject}"},
            {**a1("edit"), **POST_ONLY},
        ),
        ({"key": COMMUNE_A1, "year": "2026", "subject": "{b1_subject}"}, expect(404)),
    ],
    "assessments:evidence_download": [({"pk": "{a1_evidence}"}, a1("view")), ({"pk": "999999"}, expect(404))],
    "assessments:evidence_delete": [({"pk": "{a1_evidence}"}, {**a1("edit"), **POST_ONLY})],
    # Review up the hierarchy (review_views.py): reviewers only; steering members never review.
    "assessments:review_queue": [
        ({"year": "2026"}, expect(200, steering_a1_member=404)),
        ({"year": "1999"}, expect(404)),
    ],
    "assessments:review_batch": [({"year": "2026"}, expect(405, steering_a1_member=404))],
    "assessments:review": [
        ({"year": "2026", "pk": "{a1_area_assessment}"}, expect(404, **A_EDIT)),
        # A commune does not review itself: its own assessment is reviewed by the province.
        (
            {"year": "2026", "pk": "{a1_commune_assessment}"},
            expect(404, national_admin=200, province_a_officer=200),
        ),
        ({"year": "1999", "pk": "{a1_area_assessment}"}, expect(404)),
    ],
    "assessments:review_return": [({"year": "2026", "pk": "{a1_area_assessment}"}, expect(404, **POST_ONLY))],
    "assessments:review_approve": [
        ({"year": "2026", "pk": "{a1_area_assessment}"}, expect(404, **POST_ONLY))
    ],
    "assessments:review_reopen": [
        ({"year": "2026", "pk": "{a1_area_assessment}"}, expect(404, **POST_ONLY)),
        (
            {"year": "2026", "pk": "{a1_commune_assessment}"},
            expect(404, national_admin=405, province_a_officer=405),
        ),
    ],
    # The overview: everybody reads what their scope holds; the nation is the top page for all.
    "assessments:overview": [({"year": "2026"}, expect(200)), ({"year": "1999"}, expect(404))],
    "assessments:overview_unit": [
        ({"year": "2026", "key": "VN"}, expect(302)),
        ({"year": "2026", "key": PROVINCE_A}, expect(404, national_admin=200, province_a_officer=200)),
        ({"year": "2026", "key": COMMUNE_A1}, a1("view")),
        ({"year": "2026", "key": COMMUNE_B1}, expect(404, national_admin=200, commune_b1_officer=200)),
        ({"year": "2026", "key": "cu-x00004"}, expect(404)),
    ],
    "assessments:overview_xlsx": [
        ({"year": "2026", "key": "VN"}, expect(200)),
        ({"year": "2026", "key": PROVINCE_A}, expect(404, national_admin=200, province_a_officer=200)),
        ({"year": "2026", "key": COMMUNE_A1}, a1("view")),
    ],
    # Recognition decisions (decision_views.py): deciders choose; the decision and its downloads are
    # read in scope; the list of recognised units is public.
    "assessments:decision_create": [
        ({"year": "2026"}, expect(200, steering_a1_member=404)),
        ({"year": "1999"}, expect(404)),
    ],
    # The dossier of a deciding unit: for those who may decide for it; nothing awaiting → back (302).
    **{
        name: [
            ({"year": "2026", "key": COMMUNE_A1}, expect(404, **A_EDIT)),
            ({"year": "2026", "key": PROVINCE_A}, expect(404, national_admin=302, province_a_officer=302)),
            ({"year": "2026", "key": COMMUNE_B1}, expect(404, national_admin=302, commune_b1_officer=302)),
            ({"year": "1999", "key": COMMUNE_A1}, expect(404)),
        ]
        for name in ("assessments:dossier_pdf", "assessments:dossier_xlsx")
    },
    "assessments:decision": [({"year": "2026", "pk": "{a1_decision}"}, a1("view"))],
    "assessments:decision_revoke": [
        ({"year": "2026", "pk": "{a1_decision}"}, {**a1("view"), **dict.fromkeys(A_SCOPE, 405)})
    ],
    "assessments:decision_pdf": [({"year": "2026", "pk": "{a1_decision}"}, a1("view"))],
    "assessments:decision_xlsx": [({"year": "2026", "pk": "{a1_decision}"}, a1("view"))],
    "assessments:certificate_pdf": [
        ({"year": "2026", "pk": "{a1_decided_assessment}"}, a1("view")),
        ({"year": "2026", "pk": "{a1_area_assessment}"}, expect(404)),
    ],
    "assessments:public_recognised": [
        ({"year": "2026"}, expect(200, anonymous=200)),
        ({"year": "1999"}, expect(404, anonymous=404)),
    ],
    # The grassroots security force (antq/forces): read in scope, written by the commune's police.
    "forces:home": [({}, expect(200))],
    "forces:roster": [
        ({"key": COMMUNE_A1}, a1("view")),
        ({"key": COMMUNE_B1}, expect(404, national_admin=200, commune_b1_officer=200)),
        ({"key": PROVINCE_A}, expect(404)),
    ],
    "forces:team": [
        ({"key": COMMUNE_A1, "pk": "{a1_team}"}, a1("view")),
        ({"key": COMMUNE_B1, "pk": "{a1_team}"}, expect(404)),
    ],
    "forces:team_add": [({"key": COMMUNE_A1}, a1("edit")), ({"key": PROVINCE_A}, expect(404))],
    "forces:team_dissolve": [({"key": COMMUNE_A1, "pk": "{a1_team}"}, a1("edit"))],
    "forces:member_add": [({"key": COMMUNE_A1, "pk": "{a1_team}"}, a1("edit"))],
    "forces:member_end": [
        ({"key": COMMUNE_A1, "pk": "{a1_membership}"}, a1("edit")),
        ({"key": COMMUNE_B1, "pk": "{a1_membership}"}, expect(404)),
    ],
    "forces:person_edit": [({"key": COMMUNE_A1, "pk": "{a1_person}"}, a1("edit"))],
    # The yearly ranking: 2026 is decided in the walk's objects, 2025 is a draft.
    "forces:ranking": [
        ({"key": COMMUNE_A1, "year": "2026"}, a1("view")),
        ({"key": COMMUNE_A1, "year": "2025"}, a1("view")),
        ({"key": COMMUNE_A1, "year": "1999"}, expect(404)),
        ({"key": COMMUNE_B1, "year": "2026"}, expect(404, national_admin=200, commune_b1_officer=200)),
        ({"key": PROVINCE_A, "year": "2026"}, expect(404)),
    ],
    "forces:ranking_decide": [
        ({"key": COMMUNE_A1, "year": "2026"}, expect(404, **POST_ONLY)),
        ({"key": COMMUNE_B1, "year": "2026"}, expect(404, national_admin=405, commune_b1_officer=405)),
    ],
    "forces:ranking_reopen": [({"key": COMMUNE_A1, "year": "2026"}, expect(404, **POST_ONLY))],
    "forces:ranking_tasks": [
        ({"key": COMMUNE_A1, "year": "2025", "pk": "{a1_team}"}, a1("edit")),
        ({"key": COMMUNE_B1, "year": "2025", "pk": "{a1_team}"}, expect(404)),
    ],
    # The list names the members: the police of the commune and above, once decided.
    "forces:ranking_pdf": [
        ({"key": COMMUNE_A1, "year": "2026"}, a1("edit")),
        ({"key": COMMUNE_A1, "year": "2025"}, expect(404)),
    ],
    "forces:ranking_xlsx": [
        ({"key": COMMUNE_A1, "year": "2026"}, a1("edit")),
        ({"key": COMMUNE_A1, "year": "2025"}, expect(404)),
    ],
    # Overview: everyone sees their top units; a unit page in scope only; counts, no personal data.
    "forces:overview": [({}, expect(200))],
    "forces:overview_unit": [
        ({"key": "VN"}, expect(302)),
        ({"key": PROVINCE_A}, expect(404, national_admin=200, province_a_officer=200)),
        ({"key": COMMUNE_A1}, a1("view")),
        ({"key": COMMUNE_B1}, expect(404, national_admin=200, commune_b1_officer=200)),
    ],
    "forces:overview_xlsx": [
        ({"key": "VN"}, expect(200)),
        ({"key": PROVINCE_A}, expect(404, national_admin=200, province_a_officer=200)),
        ({"key": COMMUNE_A1}, a1("view")),
    ],
    # Allowance rates: a province page in scope; the list of a commune (names for the police only).
    "forces:allowance_rates": [
        ({"key": PROVINCE_A}, expect(404, national_admin=200, province_a_officer=200)),
        ({"key": PROVINCE_B}, expect(404, national_admin=200)),
        ({"key": COMMUNE_A1}, expect(404)),
    ],
    "forces:allowances": [
        ({"key": COMMUNE_A1}, a1("view")),
        ({"key": COMMUNE_B1}, expect(404, national_admin=200, commune_b1_officer=200)),
        ({"key": PROVINCE_A}, expect(404)),
    ],
    "forces:allowances_xlsx": [({"key": COMMUNE_A1}, a1("view")), ({"key": PROVINCE_A}, expect(404))],
    # Roster import: the police of the unit (a commune, a province or the country); a job is its uploader's.
    "forces:roster_import": [
        ({"key": COMMUNE_A1}, a1("edit")),
        ({"key": PROVINCE_A}, expect(404, national_admin=200, province_a_officer=200)),
        ({"key": "VN"}, expect(404, national_admin=200)),
        ({"key": COMMUNE_B1}, expect(404, national_admin=200, commune_b1_officer=200)),
    ],
    "forces:roster_import_template": [
        ({"key": COMMUNE_A1}, a1("edit")),
        ({"key": PROVINCE_A}, expect(404, national_admin=200, province_a_officer=200)),
    ],
    "forces:roster_import_job": [
        ({"key": COMMUNE_A1, "pk": "{a1_roster_job}"}, expect(404, commune_a1_officer=200)),
        ({"key": COMMUNE_B1, "pk": "{a1_roster_job}"}, expect(404)),
    ],
    "forces:roster_import_status": [
        ({"key": COMMUNE_A1, "pk": "{a1_roster_job}"}, expect(404, commune_a1_officer=200)),
        ({"key": COMMUNE_B1, "pk": "{a1_roster_job}"}, expect(404)),
    ],
    "forces:roster_import_errors": [
        ({"key": COMMUNE_A1, "pk": "{a1_roster_job}"}, expect(404, commune_a1_officer=200)),
        ({"key": PROVINCE_A, "pk": "{a1_roster_job}"}, expect(404)),
    ],
    # Export: whoever sees the unit (personal columns for the police only, checked in antq/forces/tests).
    "forces:roster_export": [
        ({"key": COMMUNE_A1}, a1("view")),
        ({"key": PROVINCE_A}, expect(404, national_admin=200, province_a_officer=200)),
        ({"key": COMMUNE_B1}, expect(404, national_admin=200, commune_b1_officer=200)),
        ({"key": "VN"}, expect(404)),
    ],
    # Coordination programmes and inspections (antq/coordination): a national programme is read by
    # everyone below it, Hà Nội's deployment by Hà Nội's subtree; an inspection by the inspector's
    # subtree and by the inspected commune; writing by the acting unit's editors.
    # The festival (antq/festival): Hà Nội's 2026 campaign is read by Hà Nội's users and its communes;
    # a commune's page and its events by the commune's subtree; B1 lies outside the campaign's province.
    "festival:home": [({}, expect(200))],
    "festival:campaign_add": [
        ({"key": PROVINCE_A}, expect(404, **REVIEW)),
        ({"key": COMMUNE_A1}, expect(404)),
    ],
    "festival:campaign": [({"pk": "{festival_campaign}"}, a1("view")), ({"pk": "999999"}, expect(404))],
    "festival:campaign_edit": [({"pk": "{festival_campaign}"}, expect(404, **REVIEW))],
    "festival:commune": [
        ({"pk": "{festival_campaign}", "key": COMMUNE_A1}, a1("view")),
        ({"pk": "{festival_campaign}", "key": COMMUNE_B1}, expect(404)),
        ({"pk": "{festival_campaign}", "key": PROVINCE_A}, expect(404)),
    ],
    "festival:rollup_xlsx": [
        ({"pk": "{festival_campaign}", "key": COMMUNE_A1}, a1("view")),
        ({"pk": "{festival_campaign}", "key": PROVINCE_A}, expect(404, **REVIEW)),
    ],
    "festival:rollup_pdf": [
        ({"pk": "{festival_campaign}", "key": COMMUNE_A1}, a1("view")),
        ({"pk": "{festival_campaign}", "key": PROVINCE_A}, expect(404, **REVIEW)),
        ({"pk": "{festival_campaign}", "key": COMMUNE_B1}, expect(404)),
    ],
    "festival:event_add": [({"pk": "{festival_campaign}", "key": COMMUNE_A1}, a1("edit"))],
    **{
        name: [
            ({"key": COMMUNE_A1}, a1("view")),
            ({"key": COMMUNE_B1}, expect(404, national_admin=200, commune_b1_officer=200)),
            ({"key": PROVINCE_A}, expect(404, **REVIEWERS)),
        ]
        for name in ("festival:calendar", "festival:calendar_ics")
    },
    "festival:calendar_token": [
        ({"key": COMMUNE_A1}, expect(404, **dict.fromkeys(A_SCOPE, 405))),
        ({"key": COMMUNE_B1}, expect(404, national_admin=405, commune_b1_officer=405)),
    ],
    # The session-less feed: a token that is nobody's is a 404 for everyone (see test_calendar_feed.py).
    "festival:calendar_feed": [({"token": "x" * 43, "key": COMMUNE_A1}, expect(404, anonymous=404))],
    "festival:year": [
        ({"year": "2026", "key": "VN"}, expect(404, national_admin=200)),
        ({"year": "2026", "key": PROVINCE_A}, expect(404, **REVIEWERS)),
        ({"year": "2026", "key": COMMUNE_A1}, a1("view")),
        ({"year": "1999", "key": COMMUNE_A1}, expect(404)),
    ],
    **{
        name: [
            ({"year": "2026", "key": "VN"}, expect(404, national_admin=200)),
            ({"year": "2026", "key": PROVINCE_A}, expect(404, **REVIEWERS)),
            ({"year": "2026", "key": COMMUNE_A1}, a1("view")),
            ({"year": "2026", "key": COMMUNE_B1}, expect(404, national_admin=200, commune_b1_officer=200)),
        ]
        for name in ("festival:year_xlsx", "festival:year_pdf")
    },
    "festival:event": [({"pk": "{festival_event}"}, a1("view")), ({"pk": "999999"}, expect(404))],
    "festival:result": [({"pk": "{festival_event}"}, a1("edit"))],
    "festival:commendation_add": [({"pk": "{festival_event}"}, a1("edit"))],
    "festival:event_pilot": [({"pk": "{festival_event}"}, expect(404, **dict.fromkeys(REVIEW, 405)))],
    "festival:photo_add": [({"pk": "{festival_event}"}, a1("edit"))],
    "festival:photo": [({"pk": "999999"}, expect(404))],
    "festival:commendation_link": [({"pk": "{festival_event}"}, a1("edit"))],
    # Periodic reports (antq/reports): A1's report is read in A1's scope; writes need an editor of A1
    # (POST-only: 405 to them, 404 to others); review is the province's; a render job is its author's.
    "reports:home": [({}, expect(200))],
    "reports:generate": [({}, expect(405))],
    "reports:report": [({"pk": "{a1_report}"}, a1("view")), ({"pk": "999999"}, expect(404))],
    **{
        name: [({"pk": "{a1_report}"}, expect(404, **POST_ONLY))]
        for name in ("reports:narrative", "reports:refresh", "reports:aggregate", "reports:submit")
    },
    "reports:review": [
        ({"pk": "{a1_report}", "verb": "accept"}, expect(404, province_a_officer=405)),
        ({"pk": "{a1_report}", "verb": "return"}, expect(404, province_a_officer=405)),
        ({"pk": "{a1_report}", "verb": "xoa"}, expect(404)),
    ],
    "reports:download": [
        ({"pk": "{a1_report}", "fmt": "xlsx"}, a1("view")),
        ({"pk": "{a1_report}", "fmt": "doc"}, expect(404)),
    ],
    "reports:render": [({"pk": "{a1_report}", "fmt": "pdf"}, expect(404, **dict.fromkeys(A_SCOPE, 405)))],
    "reports:job": [({"pk": "{a1_report_job}"}, expect(404, commune_a1_officer=200))],
    "reports:job_file": [({"pk": "{a1_report_job}"}, expect(404, commune_a1_officer=200))],
    "reports:follow": [
        ({"key": PROVINCE_A, "code": "cax-thang", "period": "2026-11"}, expect(404, **REVIEW)),
        ({"key": PROVINCE_A, "code": "cax-thang", "period": "2026-Q1"}, expect(404)),
        ({"key": COMMUNE_A1, "code": "cax-thang", "period": "2026-11"}, expect(404)),
        ({"key": "VN", "code": "cat-thang", "period": "2026-11"}, expect(404, national_admin=200)),
    ],
    "coordination:home": [({}, expect(200))],
    "coordination:overview_xlsx": [({}, expect(200))],
    "coordination:programmes": [({}, expect(200))],
    "coordination:programmes_xlsx": [({}, expect(200))],
    "coordination:inspections": [({}, expect(200))],
    "coordination:inspections_xlsx": [({}, expect(200))],
    "coordination:programme": [
        ({"pk": "{national_programme}"}, expect(200)),
        ({"pk": "{hanoi_programme}"}, a1("view")),
        ({"pk": "999999"}, expect(404)),
    ],
    "coordination:report_add": [
        ({"pk": "{national_programme}"}, expect(404, national_admin=200)),
        ({"pk": "{hanoi_programme}"}, expect(404, **REVIEWERS)),
    ],
    # A report's files: read with the programme, added and removed by who may report (POST only).
    "coordination:report_attach": [({"pk": "{hanoi_report}"}, expect(404, **dict.fromkeys(REVIEWERS, 405)))],
    "coordination:report_file": [
        ({"pk": "{hanoi_report_file}"}, a1("view")),
        ({"pk": "999999"}, expect(404)),
    ],
    "coordination:report_file_delete": [
        ({"pk": "{hanoi_report_file}"}, expect(404, **dict.fromkeys(REVIEWERS, 405)))
    ],
    "coordination:inspection": [({"pk": "{a1_inspection}"}, a1("view")), ({"pk": "999999"}, expect(404))],
    "coordination:findings": [
        ({"pk": "{a1_inspection}", "unit_pk": "{a1_unit}"}, expect(404, **REVIEWERS)),
        ({"pk": "{a1_inspection}", "unit_pk": "{b1_unit}"}, expect(404)),
    ],
    "coordination:follow_up": [({"pk": "{a1_request}"}, a1("edit"))],
    "coordination:unit": [
        ({"key": COMMUNE_A1}, a1("view")),
        ({"key": PROVINCE_A}, expect(404, **REVIEWERS)),
        ({"key": COMMUNE_B1}, expect(404, national_admin=200, commune_b1_officer=200)),
        ({"key": "cu-x00004"}, expect(404)),
    ],
    "coordination:programme_add": [
        ({"key": COMMUNE_A1}, a1("edit")),
        ({"key": PROVINCE_A}, expect(404, **REVIEWERS)),
        ({"key": "VN"}, expect(404, national_admin=200)),
    ],
    "coordination:inspection_add": [
        ({"key": PROVINCE_A}, expect(404, **REVIEWERS)),
        ({"key": COMMUNE_B1}, expect(404, national_admin=200, commune_b1_officer=200)),
    ],
    # Models, advanced examples and activities (antq/practices): read in scope ("VN" is everybody's
    # top page, holding what their scope holds), recorded by the police of the unit or above.
    # Commendation (antq/awards): a proposal of Ba Đình decided by Hà Nội is read by the proposer's
    # subtree and by the reviewing province; other units answer 404.
    "awards:unit": [
        ({"key": COMMUNE_A1}, a1("view")),
        ({"key": PROVINCE_A}, expect(404, **REVIEWERS)),
        ({"key": COMMUNE_B1}, expect(404, national_admin=200, commune_b1_officer=200)),
        ({"key": "VN"}, expect(404, national_admin=200)),
    ],
    "awards:propose": [
        ({"key": COMMUNE_A1}, a1("edit")),
        ({"key": PROVINCE_A}, expect(404, **REVIEWERS)),
        ({"key": COMMUNE_B1}, expect(404, national_admin=200, commune_b1_officer=200)),
    ],
    # The medal list and the nominee list hold the force's personal data: the police only.
    **{
        name: [
            ({"key": COMMUNE_A1}, a1("edit")),
            ({"key": PROVINCE_A}, expect(404, **REVIEWERS)),
            ({"key": COMMUNE_B1}, expect(404, national_admin=200, commune_b1_officer=200)),
        ]
        for name in ("awards:medal", "awards:medal_xlsx")
    },
    "awards:person": [({"pk": "{a1_person}"}, a1("view")), ({"pk": "999999"}, expect(404))],
    "awards:proposal": [({"pk": "{a1_award_proposal}"}, a1("view")), ({"pk": "999999"}, expect(404))],
    "awards:decision_pdf": [({"pk": "{a1_award_decision}"}, a1("view")), ({"pk": "999999"}, expect(404))],
    "awards:certificates_pdf": [
        ({"pk": "{a1_award_decision}"}, a1("view")),
        ({"pk": "999999"}, expect(404)),
    ],
    "awards:certificate_pdf": [
        ({"pk": "{a1_award_decision}", "nominee": "{a1_award_nominee}"}, a1("view")),
        ({"pk": "{a1_award_decision}", "nominee": "999999"}, expect(404)),
    ],
    # One decision for several reviewed proposals: POST only, by the awarding unit's police.
    "awards:decide_many": [
        ({"key": PROVINCE_A}, expect(404, **dict.fromkeys(REVIEWERS, 405))),
        ({"key": COMMUNE_A1}, expect(404, **POST_ONLY)),
        ({"key": COMMUNE_B1}, expect(404, national_admin=405, commune_b1_officer=405)),
    ],
    # Proposing from a record of another app: the unit's police, and only a record they may see.
    "awards:propose_from": [
        ({"key": COMMUNE_A1, "kind": "practices.example", "source_id": "{a1_example}"}, a1("edit")),
        ({"key": COMMUNE_A1, "kind": "practices.example", "source_id": "999999"}, expect(404)),
        ({"key": COMMUNE_B1, "kind": "practices.example", "source_id": "{a1_example}"}, expect(404)),
    ],
    # Leaders' medal files hold personal data: the police of the unit or above only.
    "awards:leaders": [
        ({"key": COMMUNE_A1}, a1("edit")),
        ({"key": PROVINCE_A}, expect(404, **REVIEWERS)),
        ({"key": COMMUNE_B1}, expect(404, national_admin=200, commune_b1_officer=200)),
    ],
    "awards:leader": [({"pk": "{a1_leader}"}, a1("edit")), ({"pk": "999999"}, expect(404))],
    "practices:overview": [({}, expect(200))],
    "practices:showcase": [({}, expect(200, anonymous=200))],
    # The public portal (issue 7): public pages for everybody; the editor's pages need a portal role
    # (news editor or unit officer) covering the article's unit; steering members only read the list.
    **{
        f"portal:{name}": [({}, expect(200, anonymous=200))]
        for name in ("home", "news", "events", "recognised", "how_to_report")
    },
    "portal:article": [
        ({"pk": "{portal_article}"}, expect(200, anonymous=200)),
        ({"pk": "{portal_draft}"}, expect(404, anonymous=404)),
    ],
    "portal:comment": [({"pk": "{portal_article}"}, expect(405, anonymous=405))],
    "portal:file": [
        ({"pk": "{portal_cover}"}, expect(200, anonymous=200)),
        ({"pk": "{portal_draft_file}"}, a1("view", anonymous=404)),
    ],
    "portal:editor_list": [({}, expect(200))],
    "portal:editor_comments": [({}, expect(200))],
    "portal:editor_create": [({}, expect(200, steering_a1_member=404))],
    "portal:editor_edit": [({"pk": "{portal_draft}"}, a1("edit"))],
    **{
        f"portal:{name}": [({"pk": "{portal_draft}"}, expect(405, anonymous=405))]
        for name in ("editor_publish", "editor_withdraw", "editor_file_upload")
    },
    "portal:editor_file_remove": [({"pk": "{portal_cover}"}, expect(405, anonymous=405))],
    **{
        f"portal:{name}": [({"pk": "{portal_comment}"}, expect(405, anonymous=405))]
        for name in ("editor_comment_approve", "editor_comment_reject")
    },
    "practices:types": [({}, expect(200))],
    "practices:overview_unit": [
        ({"key": "VN"}, expect(302)),
        ({"key": PROVINCE_A}, expect(404, national_admin=200, province_a_officer=200)),
        ({"key": COMMUNE_A1}, a1("view")),
        ({"key": COMMUNE_B1}, expect(404, national_admin=200, commune_b1_officer=200)),
        ({"key": "cu-x00004"}, expect(404)),
    ],
    **{
        name: [
            ({"key": "VN"}, expect(200)),
            ({"key": PROVINCE_A}, expect(404, national_admin=200, province_a_officer=200)),
            ({"key": COMMUNE_A1}, a1("view")),
            ({"key": COMMUNE_B1}, expect(404, national_admin=200, commune_b1_officer=200)),
        ]
        for name in ("practices:models", "practices:examples", "practices:activities")
    },
    **{
        name: [
            ({"key": "VN"}, expect(404)),
            ({"key": PROVINCE_A}, expect(404, national_admin=200, province_a_officer=200)),
            ({"key": COMMUNE_A1}, a1("edit")),
            ({"key": COMMUNE_B1}, expect(404, national_admin=200, commune_b1_officer=200)),
        ]
        for name in ("practices:model_add", "practices:example_add", "practices:activity_add")
    },
    "practices:model": [({"pk": "{a1_model}"}, a1("view")), ({"pk": "999999"}, expect(404))],
    "practices:model_evaluate": [({"pk": "{a1_model}"}, a1("edit"))],
    "practices:model_replicate": [({"pk": "{a1_model}"}, a1("edit"))],
    "practices:model_edit": [({"pk": "{a1_model}"}, a1("edit")), ({"pk": "999999"}, expect(404))],
    # Only a cluster has a standing unit to hand over; a plain model answers 404.
    "practices:cluster_handover": [({"pk": "{a1_cluster}"}, a1("edit")), ({"pk": "{a1_model}"}, expect(404))],
    "practices:export": [
        ({"key": COMMUNE_A1, "kind": "mo-hinh"}, a1("view")),
        ({"key": COMMUNE_A1, "kind": "hoat-dong"}, a1("view")),
        ({"key": "VN", "kind": "dien-hinh"}, expect(200)),
        ({"key": COMMUNE_A1, "kind": "khac"}, expect(404)),
    ],
}

# "Tổng hợp phong trào" (antq/dashboards): read only, any current unit in scope; the nation is the
# national administrator's (a province officer's top is the province).
DASHBOARD_UNITS = [
    ({"key": "VN"}, expect(404, national_admin=200)),
    ({"key": PROVINCE_A}, expect(404, national_admin=200, province_a_officer=200)),
    ({"key": COMMUNE_A1}, a1("view")),
    ({"key": COMMUNE_B1}, expect(404, national_admin=200, commune_b1_officer=200)),
    ({"key": "cu-x00004"}, expect(404)),
    ({"key": "khong-co"}, expect(404)),
]
URLS.update(
    {
        "dashboards:home": [({}, expect(302))],
        "dashboards:summary": DASHBOARD_UNITS,
        "dashboards:export": DASHBOARD_UNITS,
        # The indicator dashboard (issue 8): same scope; the map answers everyone signed in and
        # colours only the provinces of their scope.
        "dashboards:board_home": [({}, expect(302))],
        "dashboards:board": DASHBOARD_UNITS,
        "dashboards:board_export": DASHBOARD_UNITS,
        "dashboards:map": [({}, expect(200))],
    }
)

# Movement (antq/movement): read in scope (a commune reads the plans of the levels above it),
# written by the officers of the unit; a task is read by its unit and the levels above.
URLS.update(
    {
        "movement:home": [({}, expect(302))],
        "movement:overview": [
            ({"key": "VN"}, expect(404, national_admin=200)),
            ({"key": PROVINCE_A}, expect(404, national_admin=200, province_a_officer=200)),
            ({"key": COMMUNE_A1}, a1("view")),
            ({"key": COMMUNE_B1}, expect(404, national_admin=200, commune_b1_officer=200)),
        ],
        "movement:export": [
            ({"key": COMMUNE_A1, "kind": "nhiem-vu"}, a1("view")),
            (
                {"key": PROVINCE_A, "kind": "chua-kien-toan"},
                expect(404, national_admin=200, province_a_officer=200),
            ),
            ({"key": COMMUNE_A1, "kind": "khong-co"}, expect(404)),
        ],
        "movement:committee": [
            ({"key": COMMUNE_A1}, a1("view")),
            ({"key": PROVINCE_A}, expect(404, **REVIEW)),
        ],
        "movement:documents": [({"key": COMMUNE_A1}, a1("view"))],
        "movement:inbox": [({"key": COMMUNE_A1}, a1("view"))],
        "movement:document": [
            ({"pk": "{mv_plan}"}, a1("view")),
            ({"pk": "{mv_national_plan}"}, expect(200)),
            ({"pk": "999999"}, expect(404)),
        ],
        "movement:rollup_xlsx": [
            ({"pk": "{mv_plan}"}, a1("view")),
            ({"pk": "{mv_national_plan}"}, expect(200)),
            ({"pk": "999999"}, expect(404)),
        ],
        "movement:attachment": [
            ({"pk": "{mv_plan_file}"}, a1("view")),
            ({"pk": "{mv_report_file}"}, a1("view")),
        ],
        "movement:member": [({"pk": "{mv_a1_member}"}, a1("edit")), ({"pk": "999999"}, expect(404))],
        "movement:task": [
            ({"pk": "{mv_a1_task}"}, a1("view")),
            ({"pk": "{mv_a2_task}"}, expect(404, **REVIEW)),
        ],
    }
)


# Framework URLs checked elsewhere or by their own rules.
SKIP_NAMESPACES = {"admin", "api"}
SKIP_NAMES = {"set_language"}


def named_patterns(resolver: URLResolver | None = None, namespace: str = "") -> set[str]:
    names: set[str] = set()
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or ""
            if ns in SKIP_NAMESPACES:
                continue
            names |= named_patterns(entry, f"{namespace}{ns}:" if ns else namespace)
        elif isinstance(entry, URLPattern) and entry.name and entry.name not in SKIP_NAMES:
            names.add(f"{namespace}{entry.name}")
    return names


def test_every_url_pattern_is_covered():
    assert named_patterns() - set(URLS) == set(), "new URL patterns need a row in URLS"
    assert set(URLS) - named_patterns() == set(), "URLS lists patterns that no longer exist"


def registration_objects(sample_participants) -> dict[str, str]:
    """A 2026 cycle, a registration and an event in A1, and a subject of B1 (rows written directly)."""
    from datetime import date

    from antq.assessments.models import DisqualifyingEvent, Registration, Subject
    from antq.assessments.subjects import sync_subjects
    from antq.assessments.tests.cycles import cycle_2026
    from antq.units.models import Unit

    cycle = cycle_2026()
    sync_subjects(list(Unit.objects.filter(key__in=[COMMUNE_A1, COMMUNE_B1])))
    area = Subject.objects.get(residential_area=sample_participants["a1_areas"][0])
    school = Subject.objects.get(organisation=sample_participants["a1_school"])
    registration = Registration.objects.create(cycle=cycle, subject=area, registered_on=date(2026, 3, 1))
    event = DisqualifyingEvent.objects.create(
        subject=area, occurred_on=date(2026, 5, 1), category="other", description="Vụ việc thử"
    )
    return {
        "a1_unregistered_subject": str(school.pk),
        "a1_registration": str(registration.pk),
        "a1_registered_subject": str(area.pk),
        "a1_event": str(event.pk),
        "b1_subject": str(Subject.objects.get(residential_area=sample_participants["b1_area"]).pk),
    }


def review_objects() -> dict[str, str]:
    """Submitted 2026 assessments of an A1 residential area and of the A1 commune itself."""
    from antq.assessments.models import Assessment, Cycle, Subject

    cycle = Cycle.objects.get(year=2026)
    area = Subject.objects.filter(commune__key=COMMUNE_A1, subject_type="residential_area").first()
    commune = Subject.objects.get(unit__key=COMMUNE_A1)
    return {
        f"a1_{name}_assessment": str(
            Assessment.objects.create(cycle=cycle, subject=subject, status="submitted").pk
        )
        for name, subject in (("area", area), ("commune", commune))
    }


def evidence_objects(assessment_id: str) -> dict[str, str]:
    """A PDF attached to the first standard criterion of the submitted A1 residential area's file."""
    from django.core.files.base import ContentFile

    from antq.assessments.models import Criterion, Evidence

    criterion = Criterion.objects.filter(criteria_set__kind="standard", check_type="manual").first()
    evidence = Evidence(
        assessment_id=int(assessment_id),
        criterion=criterion,
        original_name="bien-ban.pdf",
        size=len(PDF_BYTES),
        content_type="application/pdf",
        sha256="0" * 64,
    )
    evidence.file.save("evidence", ContentFile(PDF_BYTES), save=True)
    return {"a1_evidence": str(evidence.pk), "standard_criterion": str(criterion.pk)}


PDF_BYTES = b"%PDF-1.7\n%%EOF\n"


def decision_objects(sample_participants) -> dict[str, str]:
    """A decision of Phường Ba Đình recognising one of its residential areas (rows written directly)."""
    from datetime import date as day

    from antq.assessments.models import Assessment, Cycle, Decision, Subject
    from antq.units.models import Unit

    cycle = Cycle.objects.get(year=2026)
    decision = Decision.objects.create(
        cycle=cycle,
        issuer=Unit.objects.get(key=COMMUNE_A1),
        issuer_name="Ủy ban nhân dân Phường Ba Đình",
        year=2026,
        number=1,
        symbol="QĐ-UBND",
        issued_on=day(2026, 11, 24),
        place="Ba Đình",
        subject_line="Về việc công nhận khu dân cư đạt tiêu chuẩn “An toàn về an ninh, trật tự” năm 2026",
        legal_basis="Thông tư số 124/2021/TT-BCA",
    )
    decided = Assessment.objects.create(
        cycle=cycle,
        subject=Subject.objects.get(residential_area=sample_participants["a1_areas"][1]),
        status="decided",
        standard_met=True,
        recognised=True,
        decision=decision,
    )
    # An approved file awaiting the commune's decision: the dossier (tờ trình) of Phường Ba Đình.
    Assessment.objects.create(
        cycle=cycle,
        subject=Subject.objects.get(organisation=sample_participants["a1_school"]),
        status="approved",
        standard_met=True,
    )
    return {"a1_decision": str(decision.pk), "a1_decided_assessment": str(decided.pk)}


def forces_objects(personas, sample_participants) -> dict[str, str]:
    """A team of Phường Ba Đình with one member (through the actions, as the pages make them)."""
    from antq.forces import actions
    from antq.forces.tests.helpers import person_data
    from antq.units.models import Unit

    officer = personas["commune_a1_officer"]
    team = actions.establish_team(
        Unit.objects.get(key=COMMUNE_A1),
        by=officer,
        residential_area=sample_participants["a1_areas"][0],
        name="Tổ bảo vệ ANTT số 1",
        decision_number="1/QĐ-UBND",
        established_on=date(2024, 7, 1),
    )
    membership = actions.add_member(
        team,
        by=officer,
        person=person_data(1),
        role="leader",
        joined_on=date(2024, 8, 1),
        decision_ref="2/QĐ",
    ).membership
    from antq.forces import ranking_actions
    from antq.forces.ranking_seed import seed_ranking

    seed_ranking()
    commune = team.commune
    ranking_actions.propose_ranking(
        commune,
        2026,
        by=officer,
        teams={team.pk: ranking_actions.TeamProposal("good")},
        members={membership.pk: ranking_actions.MemberProposal("good")},
    )
    ranking_actions.record_ranking_decision(
        commune, 2026, by=officer, number=30, decided_on=date(2026, 11, 20), signer_name="Lê Văn Chủ"
    )
    # A roster import of A1 whose dry run found an error (so it has an error report to download).
    from antq.forces import roster_imports
    from antq.forces.tests.test_roster_imports import row, xlsx

    job = roster_imports.save_upload(
        xlsx([row(1, Tổ="không có")]), unit=team.commune, user=officer, filename="walk.xlsx"
    )
    roster_imports.run_job(job.pk)
    return {
        "a1_roster_job": str(job.pk),
        "a1_team": str(team.pk),
        "a1_membership": str(membership.pk),
        "a1_person": str(membership.person_id),
        "a1_second_area": str(sample_participants["a1_areas"][1].pk),
    }


def coordination_objects(personas) -> dict[str, str]:
    """A national programme deployed by Hà Nội; Hà Nội's inspection of Ba Đình with a request."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from antq.coordination import actions as coordination_actions
    from antq.coordination.tests.helpers import deploy, national_programme, with_findings

    national = national_programme(personas["national_admin"])
    hanoi = deploy(national, PROVINCE_A, personas["province_a_officer"])
    inspection, row = with_findings(personas["province_a_officer"])
    report = coordination_actions.submit_report(
        hanoi,
        by=personas["province_a_officer"],
        party=hanoi.parties.order_by("pk").first(),
        period_from=date(2026, 7, 1),
        period_to=date(2026, 9, 30),
        text="Kết quả quý III",
    )
    report_file = coordination_actions.attach_report_file(
        report, SimpleUploadedFile("bc.pdf", PDF_BYTES), by=personas["province_a_officer"]
    )
    return {
        "hanoi_report": str(report.pk),
        "hanoi_report_file": str(report_file.pk),
        "national_programme": str(national.pk),
        "hanoi_programme": str(hanoi.pk),
        "hanoi_party": str(hanoi.parties.first().pk),
        "a1_inspection": str(inspection.pk),
        "a1_unit": str(row.unit_id),
        "b1_unit": str(Unit.objects.get(key=COMMUNE_B1).pk),
        "a1_request": str(row.requests.order_by("pk").first().pk),
    }


def festival_objects(personas, sample_participants) -> dict[str, str]:
    """Hà Nội's 2026 festival campaign with a point held by a residential area of Ba Đình."""
    from antq.festival.tests.helpers import area_event, campaign

    made = campaign(personas["province_a_officer"])
    event = area_event(made, sample_participants["a1_areas"][0], personas["commune_a1_officer"])
    return {"festival_campaign": str(made.pk), "festival_event": str(event.pk)}


def reports_objects(personas) -> dict[str, str]:
    """A1's monthly report of 2026-11 (submitted), a 2026-09 draft with its narrative, a rendered file."""
    from antq.reports import actions as report_actions
    from antq.reports import jobs as report_jobs
    from antq.reports.tests.helpers import monthly, narratives, submitted

    officer = personas["commune_a1_officer"]
    report = submitted(officer)
    draft = monthly(officer, period="2026-09")
    report_actions.save_narrative(draft, by=officer, texts=narratives(draft))
    job = report_jobs.request_render(report, fmt="xlsx", by=officer)
    report_jobs.run_job(job.pk)
    return {"a1_report": str(report.pk), "a1_draft_report": str(draft.pk), "a1_report_job": str(job.pk)}


def portal_objects(personas) -> dict[str, str]:
    """A published article of Ba Đình with a cover and a pending comment, and a draft with a file."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from antq.portal import actions
    from antq.portal.tests.helpers import PDF_BYTES, article, png

    officer = personas["commune_a1_officer"]
    published = article(officer, COMMUNE_A1, title="Tin Ba Đình")
    cover = actions.attach_file(published, png(), by=officer, role="cover")
    comment = actions.post_comment(published, name="", body="Cảm ơn")
    draft = article(officer, COMMUNE_A1, title="Bản nháp", publish=False)
    draft_file = actions.attach_file(draft, SimpleUploadedFile("kh.pdf", PDF_BYTES), by=officer)
    return {
        "portal_article": str(published.pk),
        "portal_cover": str(cover.pk),
        "portal_comment": str(comment.pk),
        "portal_draft": str(draft.pk),
        "portal_draft_file": str(draft_file.pk),
    }


def movement_objects(personas) -> dict[str, str]:
    """A Hà Nội plan with a task for each of its communes, a report with a file, A1's committee."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from antq.movement import actions
    from antq.units.models import Unit

    hanoi = Unit.objects.get(key=PROVINCE_A)
    officer = personas["province_a_officer"]
    national = actions.register_document(
        Unit.objects.get(key="VN"),
        by=personas["national_admin"],
        number_text="87/KH-BCĐ",
        issued_on=date(2026, 1, 15),
        subject="Kế hoạch toàn quốc",
        issuing_body="Ban Chỉ đạo",
    )
    plan = actions.register_document(
        hanoi,
        by=officer,
        number_text="656/KH-UBND",
        issued_on=date(2026, 2, 10),
        subject="Kế hoạch",
        issuing_body="UBND",
    )
    attachment = actions.attach_to_document(plan, SimpleUploadedFile("kh.pdf", PDF_BYTES), by=officer)
    tasks = actions.assign_to_all_communes(
        plan, hanoi, by=officer, assignment=actions.Assignment("Kiện toàn BCĐ", date(2026, 3, 31))
    )
    a1_task = next(t for t in tasks if t.unit.key == COMMUNE_A1)
    a2_task = next(t for t in tasks if t.unit.key == COMMUNE_A2)
    report = actions.report_progress(
        a1_task,
        by=personas["commune_a1_officer"],
        percent=30,
        upload=SimpleUploadedFile("bc.pdf", PDF_BYTES),
    )
    a1_committee = actions.save_committee(
        a1_task.unit,
        by=personas["commune_a1_officer"],
        name="BCĐ phường Ba Đình",
        decision_number="5/QĐ-UBND",
        decision_date=date(2026, 1, 5),
    )
    a1_member = actions.add_member(
        a1_committee,
        by=personas["commune_a1_officer"],
        full_name="Phạm Thị B",
        position="Phó Chủ tịch",
        agency="UBND phường",
        role="deputy",
        joined_on=date(2026, 1, 5),
    )
    return {
        "mv_a1_member": str(a1_member.pk),
        "mv_plan": str(plan.pk),
        "mv_national_plan": str(national.pk),
        "mv_plan_file": str(attachment.pk),
        "mv_report_file": str(report.attachments.get().pk),
        "mv_a1_task": str(a1_task.pk),
        "mv_a2_task": str(a2_task.pk),
    }


def awards_objects(personas) -> dict[str, str]:
    """A proposal of Ba Đình for the provincial Bằng khen, decided by Hà Nội."""
    import datetime as dt

    from antq.awards import actions as award_actions
    from antq.awards.models import Nominee
    from antq.awards.tests.helpers import decided
    from antq.practices import actions as practice_actions

    decision = decided(personas["commune_a1_officer"], personas["province_a_officer"])
    a1 = Unit.objects.get(key=COMMUNE_A1)
    leader = award_actions.record_leader(
        a1,
        by=personas["commune_a1_officer"],
        full_name="Lê Văn Tâm",
        sex="male",
        birth_year=1970,
        position="Bí thư",
    )
    example = practice_actions.record_example(
        a1,
        by=personas["commune_a1_officer"],
        kind="collective",
        name="Tổ dân phố số 3",
        achievement="Giữ vững an ninh",
        recognition_ref="12/QĐ-UBND",
        recognised_on=dt.date(2026, 5, 1),
        level="commune",
    )
    return {
        "a1_award_proposal": str(decision.proposals.get().pk),
        "a1_award_decision": str(decision.pk),
        "a1_award_nominee": str(Nominee.objects.filter(proposal__decision=decision).first().pk),
        "a1_leader": str(leader.pk),
        "a1_example": str(example.pk),
    }


def practices_objects(personas) -> dict[str, str]:
    """The model catalogue and one model of Phường Ba Đình (through the action)."""
    from antq.practices import actions as practice_actions
    from antq.practices.models import ModelType
    from antq.practices.seed import seed_catalogue
    from antq.units.models import Unit

    seed_catalogue()
    model_type = ModelType.objects.get(code="inter_household_group", province__isnull=True)
    model = practice_actions.register_model(
        Unit.objects.get(key=COMMUNE_A1),
        by=personas["commune_a1_officer"],
        model_type=model_type,
        name="Tổ liên gia tự quản số 1",
        started_on=date(2025, 3, 1),
        points_count=2,
    )
    cluster = practice_actions.register_model(
        Unit.objects.get(key=COMMUNE_A1),
        by=personas["province_a_officer"],
        model_type=ModelType.objects.get(code="security_cluster", province__isnull=True),
        name="Cụm liên kết an toàn về ANTT giáp ranh",
        started_on=date(2025, 3, 1),
        cluster_units=[Unit.objects.get(key=COMMUNE_A2)],
    )
    return {"a1_model": str(model.pk), "model_type": str(model_type.pk), "a1_cluster": str(cluster.pk)}


def tips_objects(personas, settings, tmp_path) -> dict[str, str]:
    """An identified tip in Ba Đình with a photo and an open data-subject request."""
    from django.core.cache import cache

    from antq.tips import actions as tip_actions
    from antq.tips.tests.helpers import INFORMANT, photo, submit

    settings.ANTQ_TIPS_FILES_DIR = tmp_path / "tip-files"
    # The walk posts to the public API as every persona: the rate limits are not under test here.
    settings.ANTQ_TIPS_RATE_SUBMIT = settings.ANTQ_TIPS_RATE_FOLLOW = "10000/m"
    cache.clear()
    tip = submit(COMMUNE_A1, identity=INFORMANT, uploads=[photo()]).tip
    request = tip_actions.request_data_action(tip, kind="access")
    return {
        "a1_tip": str(tip.pk),
        "a1_tip_file": str(tip.attachments.get().pk),
        "a1_tip_dsr": str(request.pk),
    }


@pytest.fixture
def objects(personas, sample_participants, settings, tmp_path):
    settings.ANTQ_IMPORT_STAGING_DIR = tmp_path / "staging"
    from antq.assessments.seed import seed_assessments

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.ANTQ_PORTAL_FILES_ROOT = tmp_path / "portal-files"

    seed_assessments()
    cycle_rule = CycleRule.objects.select_related("standard_set", "score_sheet").get(
        cycle__year=2026, subject_type="agency"
    )
    return {
        "cycle_rule": str(cycle_rule.pk),
        "standard_set": str(cycle_rule.standard_set_id),
        "score_sheet": str(cycle_rule.score_sheet_id),
        "criterion": str(Criterion.objects.filter(criteria_set_id=cycle_rule.score_sheet_id).first().pk),
        "a1_area": str(sample_participants["a1_areas"][0].pk),
        "b1_area": str(sample_participants["b1_area"].pk),
        "a1_org": str(sample_participants["a1_school"].pk),
        "token": str(ApiToken.issue(personas["national_admin"], "walk")[0].pk),
        **registration_objects(sample_participants),
        **(review := review_objects()),
        **evidence_objects(review["a1_area_assessment"]),
        **decision_objects(sample_participants),
        **forces_objects(personas, sample_participants),
        **coordination_objects(personas),
        **festival_objects(personas, sample_participants),
        **reports_objects(personas),
        **movement_objects(personas),
        **practices_objects(personas),
        **awards_objects(personas),
        **portal_objects(personas),
        **tips_objects(personas, settings, tmp_path),
    }


@pytest.mark.django_db
def test_walk_every_page_as_every_persona(personas, tip_handler_a1, objects, client_for):
    from django.urls import reverse

    walkers = {**personas, TIP: tip_handler_a1}
    failures = []
    for name, cases in URLS.items():
        for kwargs, expected in cases:
            url = reverse(name, kwargs={k: v.format(**objects) for k, v in kwargs.items()})
            for persona, user in walkers.items():
                if persona not in expected:
                    continue  # the extra personas are walked where a row names them
                response = client_for(user).get(url)
                if response.streaming:
                    # Read to the end: the test client then closes the stored file, as a server would.
                    b"".join(response.streaming_content)
                status = response.status_code
                if status != expected[persona]:
                    failures.append(f"{persona:<20} GET {url}: {status}, expected {expected[persona]}")
                elif (
                    status == 200
                    and response.get("Content-Type", "").startswith("text/html")
                    and b"<html" in response.content  # an HTMX fragment (the unread count) has no <title>
                ):
                    # A page's <title> is plain text: markup there means a block ended in the wrong place.
                    title = re.search(r"<title>(.*?)</title>", response.content.decode(), re.S)
                    body = response.content.decode()
                    if "<html" not in body:
                        continue  # an htmx fragment (e.g. the unread-count badge) has no <title>
                    if title is None or "<" in title.group(1) or not title.group(1).strip():
                        failures.append(f"{persona:<20} GET {url}: broken <title>")
    assert not failures, "\n".join(failures)


@pytest.mark.django_db
def test_admin_is_for_staff_only(personas, client_for):
    for persona, user in personas.items():
        assert client_for(user).get("/quan-tri/").status_code == 302, persona


# API: every route of the OpenAPI schema, as each persona with a bearer token.
API_UNIT_CASES = {
    "VN": expect(404, anonymous=401, national_admin=200),
    PROVINCE_A: expect(404, anonymous=401, national_admin=200, province_a_officer=200),
    COMMUNE_A1: {**a1("view"), "anonymous": 401},
    COMMUNE_B1: expect(404, anonymous=401, national_admin=200, commune_b1_officer=200),
}


def api_expect(default: int, **overrides: int) -> dict[str, int]:
    return expect(default, anonymous=401, **overrides)


API_A1_VIEW = {**a1("view"), "anonymous": 401}
API = "/api/v1/assessments"
A2026 = {"year": "2026"}
AREA = {"assessment_id": "{a1_area_assessment}"}
COMMUNE_FILE = {"assessment_id": "{a1_commune_assessment}"}
REVIEWERS_ONLY = {"national_admin": 200, "province_a_officer": 200}
FORCES = "/api/v1/forces"
PRACTICES = "/api/v1/practices"
AWARDS = "/api/v1/awards"
NEW_TEAM = {
    "residential_area_id": "{a1_second_area}",
    "name": "Tổ số 2",
    "decision_number": "3/QĐ",
    "established_on": "2025-01-01",
}
NEW_MEMBER = {
    "full_name": "Trần Thị Hoa",
    "date_of_birth": "1985-03-04",
    "sex": "female",
    "citizen_id": "001185000123",
    "residence_type": "permanent",
    "residence_since": "2010-01-01",
    "education_level": "upper_secondary",
    "health_certificate_on": "2026-01-02",
    "background_check": "clear",
    "role": "member",
    "joined_on": "2026-02-01",
    "decision_ref": "4/QĐ",
}


COORD = "/api/v1/coordination"
NEW_PROGRAMME = {
    "number": "15/CTr-CA-MTTQ",
    "title": "Phối hợp",
    "signed_on": "2026-01-01",
    "period_from": "2026-01-01",
    "content_items": ["Tuyên truyền"],
    "parties": [{"name": "Công an"}, {"name": "Ủy ban MTTQ Việt Nam"}],
}
NEW_REPORT = {
    "party_id": "{hanoi_party}",
    "period_from": "2026-03-02",
    "period_to": "2026-06-30",
    "text": "Kết quả",
}
NEW_INSPECTION = {
    "plan_number": "90/KH-BCĐ",
    "title": "Kiểm tra",
    "planned_from": "2026-10-01",
    "planned_to": "2026-10-31",
    "unit_codes": [COMMUNE_A1],
}


# (method, path) -> list of (path parameters, JSON body, expected status per persona), for every route
# whose parameters are not just a unit `{code}`. Writes are rolled back after each request, so every
# persona meets the same state: 200/201/204 where the page would accept, 400 where the page shows the
# action's message, 404 out of scope or without the page's permission, 401 without a token.
class Multipart:
    """A multipart/form-data body (fields formatted with the walk's objects, one file)."""

    def __init__(self, fields: dict[str, str], file: tuple[str, bytes], file_field: str = "file") -> None:
        self.fields, self.file, self.file_field = fields, file, file_field

    def data(self, objects: dict[str, str]) -> dict[str, object]:
        from django.core.files.uploadedfile import SimpleUploadedFile

        name, content = self.file
        return {
            **{k: v.format(**objects) for k, v in self.fields.items()},
            self.file_field: SimpleUploadedFile(name, content),
        }


API_CASES: dict[tuple[str, str], list[tuple[dict[str, str], object, dict[str, int]]]] = {
    ("get", f"{API}/cycles/{{year}}"): [
        (A2026, None, api_expect(200)),
        ({"year": "1999"}, None, api_expect(404)),
    ],
    ("get", f"{API}/criteria-sets/{{id}}"): [
        ({"id": "{score_sheet}"}, None, api_expect(200)),
        ({"id": "{standard_set}"}, None, api_expect(200)),
        ({"id": "999999"}, None, api_expect(404)),
    ],
    **{
        ("get", f"{API}/cycles/{{year}}/communes/{{code}}/{name}"): [
            ({**A2026, "code": COMMUNE_A1}, None, API_A1_VIEW),
            (
                {**A2026, "code": COMMUNE_B1},
                None,
                api_expect(404, national_admin=200, commune_b1_officer=200),
            ),
            ({**A2026, "code": PROVINCE_A}, None, api_expect(404)),
            ({"year": "1999", "code": COMMUNE_A1}, None, api_expect(404)),
        ]
        for name in ("registrations", "assessments")
    },
    # The overview: "VN" is everybody's top page (what their scope holds); units only in scope.
    ("get", f"{API}/cycles/{{year}}/overview/{{key}}"): [
        ({**A2026, "key": "VN"}, None, api_expect(200)),
        ({**A2026, "key": PROVINCE_A}, None, api_expect(404, national_admin=200, province_a_officer=200)),
        ({**A2026, "key": COMMUNE_A1}, None, API_A1_VIEW),
        ({**A2026, "key": COMMUNE_B1}, None, api_expect(404, national_admin=200, commune_b1_officer=200)),
        ({**A2026, "key": "cu-x00004"}, None, api_expect(404)),
        ({"year": "1999", "key": "VN"}, None, api_expect(404)),
    ],
    ("post", f"{API}/cycles/{{year}}/subjects/{{subject_id}}/registration"): [
        (
            {**A2026, "subject_id": "{a1_unregistered_subject}"},
            {"registered_on": "2026-03-01"},
            api_expect(404, **dict.fromkeys(A_EDIT, 201)),
        ),
        (
            {**A2026, "subject_id": "{b1_subject}"},
            {"registered_on": "2026-03-01"},
            api_expect(404, national_admin=201, commune_b1_officer=201),
        ),
    ],
    ("delete", f"{API}/cycles/{{year}}/subjects/{{subject_id}}/registration"): [
        (
            {**A2026, "subject_id": "{a1_registered_subject}"},
            None,
            api_expect(404, **dict.fromkeys(A_EDIT, 204)),
        ),
        ({**A2026, "subject_id": "{a1_unregistered_subject}"}, None, api_expect(404)),
    ],
    ("post", f"{API}/cycles/{{year}}/subjects/{{subject_id}}/assessment"): [
        ({**A2026, "subject_id": "{a1_registered_subject}"}, None, api_expect(404, **A_EDIT)),
        (
            {**A2026, "subject_id": "{a1_unregistered_subject}"},
            None,
            api_expect(404, **dict.fromkeys(A_EDIT, 400)),
        ),
    ],
    ("get", f"{API}/assessments/{{assessment_id}}"): [
        (AREA, None, API_A1_VIEW),
        (COMMUNE_FILE, None, API_A1_VIEW),
        ({"assessment_id": "999999"}, None, api_expect(404)),
    ],
    # A submitted file is no longer editable: the editors get the action's message.
    ("put", f"{API}/assessments/{{assessment_id}}/scores"): [
        (AREA, [], api_expect(404, **dict.fromkeys(A_EDIT, 400)))
    ],
    ("put", f"{API}/assessments/{{assessment_id}}/standard"): [
        (AREA, [], api_expect(404, **dict.fromkeys(A_EDIT, 400)))
    ],
    ("post", f"{API}/assessments/{{assessment_id}}/submit"): [
        (AREA, None, api_expect(404, **dict.fromkeys(A_EDIT, 400)))
    ],
    # Review: its reviewers and the levels above; a commune never reviews its own file.
    ("post", f"{API}/assessments/{{assessment_id}}/return"): [
        (AREA, {"reason": "Thiếu biên bản"}, api_expect(404, **A_EDIT)),
        (COMMUNE_FILE, {"reason": "Thiếu biên bản"}, api_expect(404, **REVIEWERS_ONLY)),
    ],
    ("post", f"{API}/assessments/{{assessment_id}}/approve"): [
        (AREA, {}, api_expect(404, **A_EDIT)),
        # A1 has a registered residential area without a decision: the commune is not ready yet.
        (COMMUNE_FILE, {}, api_expect(404, **dict.fromkeys(REVIEWERS_ONLY, 400))),
    ],
    ("post", f"{API}/assessments/{{assessment_id}}/reopen"): [
        (AREA, {"reason": "Xem lại"}, api_expect(404, **dict.fromkeys(A_EDIT, 400))),
    ],
    # The grassroots security force: read in scope; personal fields are checked in antq/forces/tests.
    ("get", f"{FORCES}/communes/{{code}}/teams"): [
        ({"code": COMMUNE_A1}, None, API_A1_VIEW),
        ({"code": COMMUNE_B1}, None, api_expect(404, national_admin=200, commune_b1_officer=200)),
        ({"code": PROVINCE_A}, None, api_expect(404)),
        ({"code": "VN"}, None, api_expect(404)),
    ],
    ("post", f"{FORCES}/communes/{{code}}/teams"): [
        ({"code": COMMUNE_A1}, NEW_TEAM, api_expect(404, **dict.fromkeys(A_EDIT, 201))),
        # The residential area belongs to Ba Đình, not to Phường Sài Gòn.
        ({"code": COMMUNE_B1}, NEW_TEAM, api_expect(404)),
    ],
    ("get", f"{FORCES}/teams/{{team_id}}"): [
        ({"team_id": "{a1_team}"}, None, API_A1_VIEW),
        ({"team_id": "999999"}, None, api_expect(404)),
    ],
    # The team still has a member: the editors get the action's message.
    ("post", f"{FORCES}/teams/{{team_id}}/dissolve"): [
        (
            {"team_id": "{a1_team}"},
            {"dissolved_on": "2026-01-01", "reason": "Sáp nhập", "decision_ref": "9/QĐ"},
            api_expect(404, **dict.fromkeys(A_EDIT, 400)),
        ),
    ],
    ("post", f"{FORCES}/teams/{{team_id}}/members"): [
        ({"team_id": "{a1_team}"}, NEW_MEMBER, api_expect(404, **dict.fromkeys(A_EDIT, 201))),
    ],
    # The ranking: 2026 is decided (locked: proposals and a second decision are refused, reopening
    # works), 2025 is a draft whose levels are missing (the decision is refused).
    ("get", f"{FORCES}/communes/{{code}}/ranking/{{year}}"): [
        ({"code": COMMUNE_A1, "year": "2026"}, None, API_A1_VIEW),
        (
            {"code": COMMUNE_B1, "year": "2026"},
            None,
            api_expect(404, national_admin=200, commune_b1_officer=200),
        ),
        ({"code": PROVINCE_A, "year": "2026"}, None, api_expect(404)),
        ({"code": COMMUNE_A1, "year": "1999"}, None, api_expect(404)),
    ],
    ("post", f"{FORCES}/communes/{{code}}/ranking/{{year}}/proposals"): [
        (
            {"code": COMMUNE_A1, "year": "2026"},
            {"teams": [], "members": []},
            api_expect(404, **dict.fromkeys(A_EDIT, 400)),
        ),
        ({"code": COMMUNE_A1, "year": "2025"}, {"teams": []}, api_expect(404, **A_EDIT)),
    ],
    ("post", f"{FORCES}/communes/{{code}}/ranking/{{year}}/decision"): [
        (
            {"code": COMMUNE_A1, "year": "2025"},
            {"number": 5, "decided_on": "2025-11-20", "signer_name": "Lê Văn Chủ"},
            api_expect(404, **dict.fromkeys(A_EDIT, 400)),
        ),
    ],
    ("post", f"{FORCES}/communes/{{code}}/ranking/{{year}}/reopen"): [
        ({"code": COMMUNE_A1, "year": "2026"}, {"reason": "Sửa sai sót"}, api_expect(404, **A_EDIT)),
        (
            {"code": COMMUNE_B1, "year": "2026"},
            {"reason": "Sửa sai sót"},
            api_expect(404, national_admin=400, commune_b1_officer=400),
        ),
    ],
    # The force's monthly allowance: the list of a commune (names for the police only, checked in
    # antq/forces/tests), the rates of a province read in scope and entered by national/province officers.
    ("get", f"{FORCES}/communes/{{code}}/allowances"): [
        ({"code": COMMUNE_A1}, None, API_A1_VIEW),
        ({"code": COMMUNE_B1}, None, api_expect(404, national_admin=200, commune_b1_officer=200)),
        ({"code": PROVINCE_A}, None, api_expect(404)),
        ({"code": "VN"}, None, api_expect(404)),
    ],
    ("get", f"{FORCES}/provinces/{{code}}/allowance-rates"): [
        ({"code": PROVINCE_A}, None, api_expect(404, national_admin=200, province_a_officer=200)),
        ({"code": PROVINCE_B}, None, api_expect(404, national_admin=200)),
        ({"code": COMMUNE_A1}, None, api_expect(404)),
    ],
    ("post", f"{FORCES}/provinces/{{code}}/allowance-rates"): [
        (
            {"code": PROVINCE_A},
            {"role": "member", "amount": 3_000_000, "valid_from": "2026-01-01", "legal_basis": "NQ 1/2025"},
            api_expect(404, national_admin=201, province_a_officer=201),
        ),
        (
            {"code": PROVINCE_B},
            {"role": "member", "amount": 3_000_000, "valid_from": "2026-01-01"},
            api_expect(404, national_admin=201),
        ),
    ],
    ("post", f"{FORCES}/memberships/{{membership_id}}/end"): [
        (
            {"membership_id": "{a1_membership}"},
            {"left_on": "2026-01-01", "ground": "voluntary", "decision_ref": "5/QĐ"},
            api_expect(404, **A_EDIT),
        ),
    ],
    # Coordination: reads in scope; writes by the acting unit's editors; domain refusals are 400.
    ("get", f"{COORD}/programmes/{{programme_id}}"): [
        ({"programme_id": "{national_programme}"}, None, api_expect(200)),
        ({"programme_id": "{hanoi_programme}"}, None, API_A1_VIEW),
        ({"programme_id": "999999"}, None, api_expect(404)),
    ],
    ("post", f"{COORD}/units/{{code}}/programmes"): [
        ({"code": PROVINCE_A}, NEW_PROGRAMME, api_expect(404, **dict.fromkeys(REVIEWERS, 201))),
        ({"code": COMMUNE_A1}, NEW_PROGRAMME, api_expect(404, **dict.fromkeys(A_EDIT, 201))),
        # The period ends before it starts: the action's message.
        (
            {"code": COMMUNE_A1},
            {**NEW_PROGRAMME, "period_to": "2025-01-01"},
            api_expect(404, **dict.fromkeys(A_EDIT, 400)),
        ),
    ],
    ("post", f"{COORD}/programmes/{{programme_id}}/reports"): [
        (
            {"programme_id": "{hanoi_programme}"},
            NEW_REPORT,
            api_expect(404, **dict.fromkeys(REVIEWERS, 201)),
        ),
    ],
    ("post", f"{COORD}/reports/{{report_id}}/files"): [
        (
            {"report_id": "{hanoi_report}"},
            Multipart({}, ("bao-cao.pdf", PDF_BYTES)),
            api_expect(404, **dict.fromkeys(REVIEWERS, 201)),
        ),
        (
            {"report_id": "{hanoi_report}"},
            Multipart({}, ("bao-cao.pdf", b"MZ not a pdf")),
            api_expect(404, **dict.fromkeys(REVIEWERS, 400)),
        ),
    ],
    ("get", f"{COORD}/report-files/{{file_id}}"): [
        ({"file_id": "{hanoi_report_file}"}, None, API_A1_VIEW),
        ({"file_id": "999999"}, None, api_expect(404)),
    ],
    ("delete", f"{COORD}/report-files/{{file_id}}"): [
        ({"file_id": "{hanoi_report_file}"}, None, api_expect(404, **dict.fromkeys(REVIEWERS, 204))),
    ],
    ("get", f"{COORD}/inspections/{{inspection_id}}"): [
        ({"inspection_id": "{a1_inspection}"}, None, API_A1_VIEW),
        ({"inspection_id": "999999"}, None, api_expect(404)),
    ],
    ("post", f"{COORD}/units/{{code}}/inspections"): [
        ({"code": PROVINCE_A}, NEW_INSPECTION, api_expect(404, **dict.fromkeys(REVIEWERS, 201))),
        # Phường Sài Gòn is outside Hà Nội: refused for whoever may plan for Hà Nội, unseen by others.
        (
            {"code": PROVINCE_A},
            {**NEW_INSPECTION, "unit_codes": [COMMUNE_B1]},
            api_expect(404, national_admin=400, province_a_officer=400),
        ),
    ],
    ("post", f"{COORD}/inspections/{{inspection_id}}/units/{{unit_code}}/findings"): [
        (
            {"inspection_id": "{a1_inspection}", "unit_code": COMMUNE_A1},
            {"conclusion": "Bổ sung kết luận", "findings_on": "2026-09-12"},
            api_expect(404, **REVIEWERS),
        ),
    ],
    ("post", f"{COORD}/requests/{{request_id}}/follow-ups"): [
        (
            {"request_id": "{a1_request}"},
            {"text": "Đã bổ sung", "status": "done", "reported_on": "2026-10-01"},
            api_expect(404, **dict.fromkeys(A_EDIT, 201)),
        ),
    ],
    # Evidence: read in scope; a submitted file takes no new evidence and keeps its files (400).
    ("get", f"{API}/assessments/{{assessment_id}}/evidence"): [
        (AREA, None, API_A1_VIEW),
        ({"assessment_id": "999999"}, None, api_expect(404)),
    ],
    ("post", f"{API}/assessments/{{assessment_id}}/evidence"): [
        (
            AREA,
            Multipart({"criterion_id": "{standard_criterion}"}, ("bien-ban.pdf", PDF_BYTES)),
            api_expect(404, **dict.fromkeys(A_EDIT, 400)),
        ),
    ],
    ("get", f"{API}/assessments/{{assessment_id}}/evidence/{{evidence_id}}/file"): [
        ({**AREA, "evidence_id": "{a1_evidence}"}, None, API_A1_VIEW),
        ({**COMMUNE_FILE, "evidence_id": "{a1_evidence}"}, None, api_expect(404)),
    ],
    ("delete", f"{API}/assessments/{{assessment_id}}/evidence/{{evidence_id}}"): [
        ({**AREA, "evidence_id": "{a1_evidence}"}, None, api_expect(404, **dict.fromkeys(A_EDIT, 400))),
    ],
    # Decisions: read in scope; issuing for reviewers only (an unknown file is the action's 400);
    # revoking by the issuing unit or above (a steering member sees the decision but may not revoke).
    ("get", f"{API}/cycles/{{year}}/decisions"): [
        (A2026, None, api_expect(200)),
        ({"year": "1999"}, None, api_expect(404)),
    ],
    ("post", f"{API}/cycles/{{year}}/decisions"): [
        (A2026, {"assessment_ids": [999999]}, api_expect(400, steering_a1_member=404)),
        ({"year": "1999"}, {"assessment_ids": [999999]}, api_expect(404)),
    ],
    ("get", f"{API}/decisions/{{decision_id}}"): [
        ({"decision_id": "{a1_decision}"}, None, API_A1_VIEW),
        ({"decision_id": "999999"}, None, api_expect(404)),
    ],
    ("post", f"{API}/decisions/{{decision_id}}/revoke"): [
        (
            {"decision_id": "{a1_decision}"},
            {"reason": "Ghi nhầm đơn vị"},
            api_expect(404, **A_EDIT, steering_a1_member=400),
        ),
    ],
    ("get", "/api/v1/dashboards/summary/{key}"): [
        ({"key": "VN"}, None, api_expect(404, national_admin=200)),
        ({"key": PROVINCE_A}, None, api_expect(404, national_admin=200, province_a_officer=200)),
        ({"key": COMMUNE_A1}, None, API_A1_VIEW),
        ({"key": COMMUNE_B1}, None, api_expect(404, national_admin=200, commune_b1_officer=200)),
        ({"key": "cu-x00004"}, None, api_expect(404)),
    ],
    ("get", "/api/v1/dashboards/indicators/"): [({}, None, api_expect(200))],
    ("get", "/api/v1/dashboards/indicators/{key}"): [
        ({"key": "VN"}, None, api_expect(404, national_admin=200)),
        ({"key": PROVINCE_A}, None, api_expect(404, national_admin=200, province_a_officer=200)),
        ({"key": COMMUNE_A1}, None, API_A1_VIEW),
        ({"key": COMMUNE_B1}, None, api_expect(404, national_admin=200, commune_b1_officer=200)),
        ({"key": "cu-x00004"}, None, api_expect(404)),
    ],
    # Models, examples and activities: "VN" is everybody's top (what their scope holds).
    ("get", f"{PRACTICES}/overview/{{key}}"): [
        ({"key": "VN"}, None, api_expect(200)),
        ({"key": PROVINCE_A}, None, api_expect(404, national_admin=200, province_a_officer=200)),
        ({"key": COMMUNE_A1}, None, API_A1_VIEW),
        ({"key": COMMUNE_B1}, None, api_expect(404, national_admin=200, commune_b1_officer=200)),
        ({"key": "cu-x00004"}, None, api_expect(404)),
    ],
    **{
        ("get", f"{PRACTICES}/units/{{code}}/{name}"): [
            ({"code": "VN"}, None, api_expect(200)),
            ({"code": COMMUNE_A1}, None, API_A1_VIEW),
            ({"code": COMMUNE_B1}, None, api_expect(404, national_admin=200, commune_b1_officer=200)),
            ({"code": "cu-x00004"}, None, api_expect(404)),
        ]
        for name in ("models", "examples", "activities")
    },
    # The national catalogue is the national administrator's; a province's own list its officers'.
    ("post", f"{PRACTICES}/model-types"): [
        ({}, {"name": "Khu phố bình yên"}, api_expect(400, national_admin=201)),
        (
            {},
            {"name": "Khu phố bình yên", "province_code": PROVINCE_A},
            api_expect(404, national_admin=201, province_a_officer=201),
        ),
    ],
    ("post", f"{PRACTICES}/units/{{code}}/models"): [
        (
            {"code": COMMUNE_A1},
            {"type_id": "{model_type}", "name": "Camera an ninh", "started_on": "2026-01-01"},
            api_expect(404, **dict.fromkeys(A_EDIT, 201)),
        ),
        # A cluster with a commune of another province: outside everybody's scope but the nation's.
        (
            {"code": COMMUNE_A1},
            {
                "type_id": "{model_type}",
                "name": "Cụm",
                "started_on": "2026-01-01",
                "cluster_unit_codes": [COMMUNE_B1],
            },
            api_expect(404, national_admin=201, province_a_officer=400, commune_a1_officer=400),
        ),
    ],
    ("get", f"{PRACTICES}/models/{{model_id}}"): [
        ({"model_id": "{a1_model}"}, None, API_A1_VIEW),
        ({"model_id": "999999"}, None, api_expect(404)),
    ],
    ("post", f"{PRACTICES}/models/{{model_id}}/replicas"): [
        (
            {"model_id": "{a1_model}"},
            {"unit_code": COMMUNE_A2, "started_on": "2026-01-01"},
            api_expect(404, national_admin=201, province_a_officer=201),
        ),
    ],
    ("put", f"{PRACTICES}/models/{{model_id}}"): [
        (
            {"model_id": "{a1_model}"},
            {
                "type_id": "{model_type}",
                "name": "Tổ liên gia tự quản số 1",
                "started_on": "2025-03-01",
                "points_count": 4,
            },
            api_expect(404, **A_EDIT),
        ),
        (
            {"model_id": "{a1_model}"},
            {
                "type_id": "{model_type}",
                "name": "Tổ liên gia tự quản số 1",
                "started_on": "2025-03-01",
                "points_count": 0,
            },
            api_expect(404, **dict.fromkeys(A_EDIT, 400)),
        ),
    ],
    ("post", f"{PRACTICES}/models/{{model_id}}/handovers"): [
        (
            {"model_id": "{a1_cluster}"},
            {
                "year": 2026,
                "to_unit_code": COMMUNE_A2,
                "decision_number": "7/QĐ-UBND",
                "decided_on": "2026-01-05",
            },
            api_expect(404, **dict.fromkeys(A_EDIT, 201)),
        ),
        (
            {"model_id": "{a1_cluster}"},
            {
                "year": 2026,
                "to_unit_code": COMMUNE_B1,
                "decision_number": "7/QĐ-UBND",
                "decided_on": "2026-01-05",
            },
            api_expect(404, **dict.fromkeys(A_EDIT, 400)),
        ),
    ],
    ("post", f"{PRACTICES}/models/{{model_id}}/evaluations"): [
        (
            {"model_id": "{a1_model}"},
            {"year": 2026, "rating": "effective", "evaluated_on": "2026-11-20"},
            api_expect(404, **dict.fromkeys(A_EDIT, 201)),
        ),
    ],
    ("post", f"{PRACTICES}/units/{{code}}/examples"): [
        (
            {"code": COMMUNE_A1},
            {
                "kind": "collective",
                "name": "Tổ dân phố số 1",
                "achievement": "Không có tội phạm ba năm liền.",
                "recognition_ref": "12/QĐ-UBND",
                "recognised_on": "2026-01-05",
                "level": "commune",
            },
            api_expect(404, **dict.fromkeys(A_EDIT, 201)),
        ),
    ],
    ("post", f"{PRACTICES}/units/{{code}}/activities"): [
        (
            {"code": COMMUNE_A1},
            {"kind": "propaganda", "held_on": "2026-03-01", "title": "Tuyên truyền", "participants": 30},
            api_expect(404, **dict.fromkeys(A_EDIT, 201)),
        ),
        (
            {"code": COMMUNE_A1},
            {"kind": "propaganda", "held_on": "2026-03-01", "title": "Tuyên truyền", "participants": -1},
            api_expect(404, **dict.fromkeys(A_EDIT, 400)),
        ),
    ],
}


# The portal's public API: no token needed; drafts answer 404 like unknown articles.
PORTAL_API = "/api/v1/portal"
API_CASES.update(
    {
        ("get", f"{PORTAL_API}/articles"): [({}, None, expect(200, anonymous=200))],
        ("get", f"{PORTAL_API}/articles/{{article_id}}"): [
            ({"article_id": "{portal_article}"}, None, expect(200, anonymous=200)),
            ({"article_id": "{portal_draft}"}, None, expect(404, anonymous=404)),
        ],
    }
)


MOVEMENT = "/api/v1/movement"
MV_PLAN = {"document_id": "{mv_plan}"}
MV_EDIT = {"national_admin": 201, "province_a_officer": 201}
API_CASES.update(
    {
        ("get", f"{MOVEMENT}/units/{{code}}/committee"): [
            ({"code": COMMUNE_A1}, None, API_A1_VIEW),
            ({"code": COMMUNE_B1}, None, api_expect(404)),  # no committee recorded there
        ],
        ("put", f"{MOVEMENT}/units/{{code}}/committee"): [
            (
                {"code": COMMUNE_A1},
                {"name": "BCĐ", "decision_number": "6/QĐ-UBND", "decision_date": "2026-03-01"},
                api_expect(404, **A_EDIT),
            ),
            (
                {"code": COMMUNE_A1},
                {"name": "BCĐ", "decision_number": "6 QĐ", "decision_date": "2026-03-01"},
                api_expect(404, **dict.fromkeys(A_EDIT, 400)),
            ),
        ],
        ("post", f"{MOVEMENT}/units/{{code}}/committee/members"): [
            (
                {"code": COMMUNE_A1},
                {
                    "full_name": "Lê Văn A",
                    "position": "Trưởng Công an",
                    "agency": "Công an phường",
                    "role": "member",
                },
                api_expect(404, **dict.fromkeys(A_EDIT, 201)),
            ),
        ],
        ("put", f"{MOVEMENT}/committee-members/{{member_id}}"): [
            (
                {"member_id": "{mv_a1_member}"},
                {
                    "full_name": "Phạm Thị B",
                    "position": "Phó Chủ tịch",
                    "agency": "UBND phường",
                    "role": "deputy",
                },
                api_expect(404, **dict.fromkeys(A_EDIT, 200)),
            ),
            (
                {"member_id": "{mv_a1_member}"},
                {"full_name": "", "position": "Phó Chủ tịch", "agency": "UBND phường", "role": "deputy"},
                api_expect(404, **dict.fromkeys(A_EDIT, 400)),
            ),
        ],
        ("delete", f"{MOVEMENT}/committee-members/{{member_id}}"): [
            ({"member_id": "{mv_a1_member}"}, None, api_expect(404, **dict.fromkeys(A_EDIT, 204))),
        ],
        ("get", f"{MOVEMENT}/attachments/{{attachment_id}}"): [
            ({"attachment_id": "{mv_plan_file}"}, None, API_A1_VIEW),
            ({"attachment_id": "{mv_report_file}"}, None, API_A1_VIEW),
            ({"attachment_id": "999999"}, None, api_expect(404)),
        ],
        ("post", f"{MOVEMENT}/committee-members/{{member_id}}/end"): [
            (
                {"member_id": "{mv_a1_member}"},
                {"left_on": "2026-06-30"},
                api_expect(404, **dict.fromkeys(A_EDIT, 200)),
            ),
            (
                {"member_id": "{mv_a1_member}"},
                {"left_on": "2025-06-30"},
                api_expect(404, **dict.fromkeys(A_EDIT, 400)),
            ),
        ],
        ("post", f"{MOVEMENT}/units/{{code}}/documents"): [
            (
                {"code": COMMUNE_A1},
                {
                    "number_text": "12/KH-UBND",
                    "issued_on": "2026-03-01",
                    "issuing_body": "UBND",
                    "subject": "Kế hoạch",
                },
                api_expect(404, **dict.fromkeys(A_EDIT, 201)),
            ),
            (
                {"code": COMMUNE_A1},
                {
                    "number_text": "12/KH",
                    "issued_on": "2026-03-01",
                    "issuing_body": "UBND",
                    "subject": "Kế hoạch",
                },
                api_expect(404, **dict.fromkeys(A_EDIT, 400)),
            ),
        ],
        ("get", f"{MOVEMENT}/documents/{{document_id}}"): [
            (MV_PLAN, None, API_A1_VIEW),
            ({"document_id": "999999"}, None, api_expect(404)),
        ],
        ("get", f"{MOVEMENT}/documents/{{document_id}}/rollup"): [(MV_PLAN, None, API_A1_VIEW)],
        ("post", f"{MOVEMENT}/documents/{{document_id}}/links"): [
            (MV_PLAN, {"target_id": "{mv_national_plan}", "kind": "implements"}, api_expect(404, **MV_EDIT)),
        ],
        ("post", f"{MOVEMENT}/documents/{{document_id}}/attachments"): [
            (MV_PLAN, Multipart({}, ("ke-hoach.pdf", PDF_BYTES)), api_expect(404, **MV_EDIT)),
        ],
        # Tasks go below the issuer only: Phường Sài Gòn is outside Hà Nội (the action's 400).
        ("post", f"{MOVEMENT}/documents/{{document_id}}/tasks"): [
            (
                MV_PLAN,
                {"title": "Mới", "deadline": "2026-12-31", "all_communes_of": "01"},
                api_expect(404, **MV_EDIT),
            ),
            (
                MV_PLAN,
                {"title": "Mới", "deadline": "2026-01-31", "all_communes_of": "01"},
                api_expect(404, **dict.fromkeys(MV_EDIT, 400)),
            ),
            (
                MV_PLAN,
                {"title": "Mới", "deadline": "2026-12-31", "unit_codes": [COMMUNE_B1]},
                api_expect(404, **dict.fromkeys(MV_EDIT, 400)),
            ),
        ],
        ("get", f"{MOVEMENT}/tasks/{{task_id}}"): [
            ({"task_id": "{mv_a1_task}"}, None, API_A1_VIEW),
            ({"task_id": "{mv_a2_task}"}, None, api_expect(404, **dict.fromkeys(REVIEW, 200))),
        ],
        ("post", f"{MOVEMENT}/tasks/{{task_id}}/progress"): [
            (
                {"task_id": "{mv_a1_task}"},
                Multipart({"percent": "50", "note": "Đã làm"}, ("bao-cao.pdf", PDF_BYTES)),
                api_expect(404, **dict.fromkeys(A_EDIT, 201)),
            ),
            (
                {"task_id": "{mv_a1_task}"},
                Multipart({"percent": "101"}, ("bao-cao.pdf", PDF_BYTES)),
                api_expect(404, **dict.fromkeys(A_EDIT, 400)),
            ),
        ],
    }
)
# Festival: Hà Nội's campaign is read by Hà Nội and its communes; writes by the acting unit's editors;
# a date outside the window, a negative count are the actions' 400.
FEST = "/api/v1/festival"
FEST_CAMPAIGN = {"campaign_id": "{festival_campaign}"}
NEW_FEST_EVENT = {
    "host_type": "commune",
    "date": "2026-08-19",
    "venue": "Sân UBND",
    "ceremony_items": ["flag_salute"],
}
API_CASES.update(
    {
        ("post", f"{FEST}/units/{{code}}/campaigns"): [
            (
                {"code": PROVINCE_A},
                {"year": 2027, "theme": "Hướng về cơ sở", "plan_number": "12/KH-UBND"},
                api_expect(404, **dict.fromkeys(REVIEWERS, 201)),
            ),
            (
                {"code": PROVINCE_A},
                {"year": 2026, "theme": "Trùng năm", "plan_number": "12/KH-UBND"},
                api_expect(404, **dict.fromkeys(REVIEWERS, 400)),
            ),
            ({"code": COMMUNE_A1}, {"year": 2027, "theme": "X", "plan_number": "1/KH-UBND"}, api_expect(404)),
        ],
        ("get", f"{FEST}/campaigns/{{campaign_id}}"): [
            (FEST_CAMPAIGN, None, API_A1_VIEW),
            ({"campaign_id": "999999"}, None, api_expect(404)),
        ],
        ("get", f"{FEST}/campaigns/{{campaign_id}}/units/{{code}}/rollup"): [
            ({**FEST_CAMPAIGN, "code": COMMUNE_A1}, None, API_A1_VIEW),
            ({**FEST_CAMPAIGN, "code": PROVINCE_A}, None, api_expect(404, **REVIEWERS)),
            ({**FEST_CAMPAIGN, "code": COMMUNE_B1}, None, api_expect(404)),
        ],
        ("post", f"{FEST}/campaigns/{{campaign_id}}/units/{{code}}/events"): [
            (
                {**FEST_CAMPAIGN, "code": COMMUNE_A1},
                NEW_FEST_EVENT,
                api_expect(404, **dict.fromkeys(A_EDIT, 201)),
            ),
            (
                {**FEST_CAMPAIGN, "code": COMMUNE_A1},
                {**NEW_FEST_EVENT, "date": "2026-09-01"},
                api_expect(404, **dict.fromkeys(A_EDIT, 400)),
            ),
        ],
        ("get", f"{FEST}/events/{{event_id}}"): [
            ({"event_id": "{festival_event}"}, None, API_A1_VIEW),
            ({"event_id": "999999"}, None, api_expect(404)),
        ],
        ("get", f"{FEST}/years/{{year}}/units/{{code}}/rollup"): [
            ({"year": "2026", "code": COMMUNE_A1}, None, API_A1_VIEW),
            ({"year": "2026", "code": "VN"}, None, api_expect(404, national_admin=200)),
            ({"year": "2026", "code": PROVINCE_A}, None, api_expect(404, **REVIEWERS)),
        ],
        # The walk's event has no result yet: recording a commendation is the action's 400.
        ("post", f"{FEST}/events/{{event_id}}/commendations"): [
            (
                {"event_id": "{festival_event}"},
                {
                    "form_code": "certificate_of_merit",
                    "achievement": "Xuất sắc",
                    "nominees": [{"kind": "collective", "name": "Tổ dân phố số 1"}],
                },
                api_expect(404, **dict.fromkeys(A_EDIT, 400)),
            ),
        ],
        ("post", f"{FEST}/events/{{event_id}}/commendation-links"): [
            ({"event_id": "{festival_event}"}, {"decision_id": 999999}, api_expect(404)),
        ],
        ("put", f"{FEST}/events/{{event_id}}/result"): [
            (
                {"event_id": "{festival_event}"},
                {"reported_on": "2026-08-12", "counts": {"participants": 200}},
                api_expect(404, **dict.fromkeys(A_EDIT, 200)),
            ),
            (
                {"event_id": "{festival_event}"},
                {"reported_on": "2026-08-12", "counts": {"participants": -1}},
                api_expect(404, **dict.fromkeys(A_EDIT, 400)),
            ),
        ],
    }
)

REPORTS_API = "/api/v1/reports"
API_CASES.update(
    {
        ("get", f"{REPORTS_API}/reports/{{report_id}}"): [
            ({"report_id": "{a1_report}"}, None, API_A1_VIEW),
            ({"report_id": "999999"}, None, api_expect(404)),
        ],
        ("post", f"{REPORTS_API}/reports"): [
            (
                {},
                {"definition_code": "cax-thang", "unit_code": COMMUNE_A1, "period": "2026-10"},
                api_expect(404, **dict.fromkeys(A_EDIT, 201)),
            ),
            (
                {},
                {"definition_code": "cax-thang", "unit_code": COMMUNE_A1, "period": "2026-Q4"},
                api_expect(404, **dict.fromkeys(A_EDIT, 400)),
            ),
            (
                {},
                {"definition_code": "cax-thang", "unit_code": COMMUNE_B1, "period": "2026-10"},
                api_expect(404, national_admin=201, commune_b1_officer=201),
            ),
        ],
        ("post", f"{REPORTS_API}/reports/{{report_id}}/submit"): [
            ({"report_id": "{a1_draft_report}"}, {}, api_expect(404, **dict.fromkeys(A_EDIT, 200))),
            # Submitted already: the action's message.
            ({"report_id": "{a1_report}"}, {}, api_expect(404, **dict.fromkeys(A_EDIT, 400))),
        ],
        ("get", f"{REPORTS_API}/units/{{code}}/completeness/{{definition}}/{{period}}"): [
            (
                {"code": PROVINCE_A, "definition": "cax-thang", "period": "2026-11"},
                None,
                api_expect(404, **REVIEW),
            ),
            ({"code": PROVINCE_A, "definition": "cax-thang", "period": "2026"}, None, api_expect(404)),
            ({"code": COMMUNE_A1, "definition": "cax-thang", "period": "2026-11"}, None, api_expect(404)),
        ],
    }
)


# Commendation: A1 proposes to Hà Nội; the walk's proposal is already decided, so a review answers 400.
API_CASES.update(
    {
        ("post", f"{AWARDS}/units/{{code}}/proposals"): [
            (
                {"code": COMMUNE_A1},
                {
                    "form_code": "provincial_certificate_of_merit",
                    "year": 2026,
                    "achievement": "Xuất sắc",
                    "source_type": "assessments.decision",
                    "nominees": [{"kind": "collective", "name": "Tổ dân phố số 1"}],
                },
                api_expect(404, **dict.fromkeys(A_EDIT, 201)),
            ),
            (
                {"code": COMMUNE_A1},
                {
                    "form_code": "x",
                    "year": 2026,
                    "achievement": "A",
                    "source_type": "assessments.decision",
                    "nominees": [],
                },
                api_expect(404, **dict.fromkeys(A_EDIT, 400)),
            ),
        ],
        ("get", f"{AWARDS}/proposals/{{proposal_id}}"): [
            ({"proposal_id": "{a1_award_proposal}"}, None, API_A1_VIEW),
            ({"proposal_id": "999999"}, None, api_expect(404)),
        ],
        ("post", f"{AWARDS}/proposals/{{proposal_id}}/review"): [
            (
                {"proposal_id": "{a1_award_proposal}"},
                {"verb": "review"},
                api_expect(404, **dict.fromkeys(REVIEWERS, 400)),
            ),
        ],
        ("post", f"{AWARDS}/proposals/{{proposal_id}}/decision"): [
            (
                {"proposal_id": "{a1_award_proposal}"},
                {
                    "number": "30/QĐ-UBND",
                    "issued_on": "2026-11-21",
                    "signer_name": "A",
                    "signer_title": "CHỦ TỊCH",
                    "place": "Hà Nội",
                },
                api_expect(404, **dict.fromkeys(REVIEWERS, 400)),
            ),
        ],
        ("get", f"{AWARDS}/units/{{code}}/medal-eligibility"): [
            ({"code": COMMUNE_A1}, None, api_expect(404, **A_EDIT)),
            ({"code": PROVINCE_A}, None, api_expect(404, **REVIEWERS)),
        ],
        ("get", f"{AWARDS}/units/{{code}}/leader-eligibility"): [
            ({"code": COMMUNE_A1}, None, api_expect(404, **A_EDIT)),
            ({"code": PROVINCE_A}, None, api_expect(404, **REVIEWERS)),
        ],
        # No reviewed proposal of the province has that id: refused (400) for the province.
        ("post", f"{AWARDS}/units/{{code}}/decisions"): [
            (
                {"code": PROVINCE_A},
                {
                    "proposal_ids": [999999],
                    "number": "31/QĐ-UBND",
                    "issued_on": "2026-11-21",
                    "signer_name": "A",
                    "signer_title": "CHỦ TỊCH",
                    "place": "Hà Nội",
                },
                api_expect(404, **dict.fromkeys(REVIEWERS, 400)),
            ),
        ],
    }
)


# Tip-offs: the officers' API as the pages (police of the receiving unit's subtree; steering members 404);
# the identity only for the tip handler of the receiving unit; the public routes take no token.
TIPS = "/api/v1/tips"
A1_TIP = {"tip_id": "{a1_tip}"}


def tips_api(default: int, **overrides: int) -> dict[str, int]:
    return {**api_expect(default), TIP: default, **overrides}


def police_api(status: int) -> dict[str, int]:
    return tips_api(404, **dict.fromkeys(POLICE_A1, status))


PUBLIC_TIP = {
    "captcha_key": "khong-co",
    "captcha_value": "sai",
    "kind": "crime_report",
    "category": "ma-tuy",
    "commune_code": COMMUNE_A1,
    "summary": "Có người bán ma túy ở hẻm 5.",
}
API_CASES.update(
    {
        ("get", f"{TIPS}/"): [({}, None, tips_api(200, steering_a1_member=404))],
        ("get", f"{TIPS}/{{tip_id}}"): [
            (A1_TIP, None, police_api(200)),
            ({"tip_id": "999999"}, None, tips_api(404)),
        ],
        ("post", f"{TIPS}/{{tip_id}}/status"): [(A1_TIP, {"register_no": "1/TB"}, police_api(200))],
        ("post", f"{TIPS}/{{tip_id}}/messages"): [(A1_TIP, {"body": "Đã nhận"}, police_api(201))],
        ("post", f"{TIPS}/{{tip_id}}/transfer"): [
            (A1_TIP, {"to_unit_code": COMMUNE_A2, "reason": "Đúng địa bàn"}, police_api(200)),
            (A1_TIP, {"to_unit_code": "khong-co", "reason": "x"}, police_api(400)),
        ],
        ("get", f"{TIPS}/{{tip_id}}/duplicates"): [(A1_TIP, None, police_api(200))],
        ("post", f"{TIPS}/{{tip_id}}/duplicate"): [(A1_TIP, {"of": 999999}, police_api(400))],
        ("post", f"{TIPS}/{{tip_id}}/extend"): [(A1_TIP, {"months": 3, "basis": "QĐ"}, police_api(400))],
        ("post", f"{TIPS}/{{tip_id}}/outcome"): [
            # (The walk's clock is fixed before the tip's receipt, so only refusals are stable here.)
            (A1_TIP, {"status": "prosecute", "outcome": " "}, police_api(400)),
            (A1_TIP, {"status": "answered", "outcome": "x"}, police_api(400)),
        ],
        ("post", f"{TIPS}/{{tip_id}}/reveal"): [
            (A1_TIP, {"reason": "Lấy lời khai"}, tips_api(404, **{TIP: 200}))
        ],
        ("get", f"{TIPS}/public/captcha"): [({}, None, tips_api(200, anonymous=200))],
        # A wrong captcha is the action's 400; a wrong code/secret the uniform 404, for everybody.
        ("post", f"{TIPS}/public/tips"): [({}, PUBLIC_TIP, tips_api(400, anonymous=400))],
        ("post", f"{TIPS}/public/tips/files"): [
            ({}, Multipart(PUBLIC_TIP, ("anh.jpg", b"\xff\xd8\xff"), "files"), tips_api(400, anonymous=400))
        ],
        ("post", f"{TIPS}/public/follow"): [
            ({}, {"code": "ZZZZ", "secret": "x"}, tips_api(404, anonymous=404))
        ],
        ("post", f"{TIPS}/public/messages"): [
            ({}, {"code": "ZZZZ", "secret": "x", "body": "x"}, tips_api(404, anonymous=404))
        ],
    }
)


def fill(body: object, objects: dict[str, str]) -> object:
    """The JSON body with "{name}" placeholders replaced by the walk's objects."""
    if body is None:
        return {}
    if isinstance(body, dict):
        return {
            k: v.format(**objects) if isinstance(v, str) and v.startswith("{") else v for k, v in body.items()
        }
    return body


def api_cases(method: str, path: str) -> list[tuple[dict[str, str], object, dict[str, int]]] | None:
    if (method, path) in API_CASES:
        return API_CASES[method, path]
    if method != "get":
        return None  # every write needs its row in API_CASES
    if path.count("{") == 1 and "{code}" in path:
        return [({"code": code}, None, expected) for code, expected in API_UNIT_CASES.items()]
    if "{" not in path:
        return [({}, None, api_expect(200))]
    return None


@pytest.mark.django_db
def test_walk_every_api_route_as_every_persona(personas, tip_handler_a1, objects, client, monkeypatch):
    from django.db import transaction

    from config.api import api

    # Inside the 2026 self-assessment phase, so that dated actions answer as they would then.
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: date(2026, 11, 23))
    operations = [
        (method, path) for path, methods in api.get_openapi_schema()["paths"].items() for method in methods
    ]
    assert len(operations) >= 4
    headers = {
        persona: {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.issue(user, 'walk')[1]}"} if user else {}
        for persona, user in {**personas, TIP: tip_handler_a1}.items()
    }
    failures = []
    for method, path in operations:
        cases = api_cases(method, path)
        if cases is None:
            failures.append(f"{method.upper()} {path}: needs a row in API_CASES")
            continue
        for params, body, expected in cases:
            url = path
            for name, value in params.items():
                url = url.replace(f"{{{name}}}", value.format(**objects))
            for persona in headers:
                if persona not in expected:
                    continue  # the extra personas are walked where a row names them
                # Each write is undone, so that every persona meets the same state.
                with transaction.atomic():
                    if method == "get":
                        response = client.get(url, **headers[persona])
                        if response.streaming:
                            b"".join(response.streaming_content)
                    elif isinstance(body, Multipart):
                        response = getattr(client, method)(url, data=body.data(objects), **headers[persona])
                    else:
                        response = getattr(client, method)(
                            url,
                            data=fill(body, objects),
                            content_type="application/json",
                            **headers[persona],
                        )
                    transaction.set_rollback(True)
                if response.status_code != expected[persona]:
                    failures.append(
                        f"{persona:<20} {method.upper()} {url}: {response.status_code}, "
                        f"expected {expected[persona]}"
                    )
    assert not failures, "\n".join(failures)


@pytest.mark.django_db
def test_api_lists_only_what_the_persona_sees(personas, sample_participants, client):
    seen = {}
    for persona, user in personas.items():
        if user is None:
            continue
        raw = ApiToken.issue(user, "walk")[1]
        body = client.get("/api/v1/units/?level=commune&limit=200", HTTP_AUTHORIZATION=f"Bearer {raw}").json()
        seen[persona] = body["count"]
    assert seen["national_admin"] == 3321
    assert seen["province_a_officer"] == 126
    assert seen["commune_a1_officer"] == seen["steering_a1_member"] == seen["commune_b1_officer"] == 1
