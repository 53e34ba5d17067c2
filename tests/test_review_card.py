"""The review card stays inside LINE's Flex limit however much an officer writes."""
from __future__ import annotations

import json

from bot.campaign import load_campaign
from bot.standin import MAX_FLEX_BYTES
from handlers.cards import review_card
from handlers.nomination import LIMITS, MAX_LINKS_PER_WORK
from tests.conftest import DEMO


def test_a_maximal_draft_fits_in_one_bubble():
    campaign = load_campaign(DEMO)
    longest = "ฟ้า" * 400
    work = {"category": "media", "title": longest[:LIMITS["work_title"]], "result": longest[:LIMITS["work_result"]],
            "links": ["https://example.com/" + "ก" * 900 + str(n) for n in range(MAX_LINKS_PER_WORK)],
            "photos": [f"{n}.jpg" for n in range(10)]}
    draft = {"district_id": "nong-yai", "title": "ว่าที่ร้อยตรีหญิง", "name": longest[:LIMITS["name"]],
             "position": longest[:LIMITS["position"]], "office": longest[:LIMITS["office"]],
             "skills": longest[:LIMITS["skills"]], "works": [work] * campaign.nomination.max_works}
    card = review_card(draft, campaign, "หนองใหญ่")
    assert len(json.dumps(card, ensure_ascii=False).encode()) < MAX_FLEX_BYTES


def test_the_results_card_of_a_national_round_stays_inside_lines_limits():
    from bot.standin import _check_messages
    from handlers.admin import RoleModel, results_card

    campaign = load_campaign(DEMO)
    models = [RoleModel(f"d{n}", "ชื่ออำเภอยาวมาก" * 3, "ว่าที่ร้อยตรีหญิง" + "ชื่อยาว" * 10, "ตำแหน่ง" * 20, "U")
              for n in range(878)]
    card = results_card(campaign, models)
    assert _check_messages([card]) == []
    assert "และอีก 853 อำเภอ" in json.dumps(card, ensure_ascii=False)
