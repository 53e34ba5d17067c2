"""The review card (a Flex bubble) an officer checks before confirming a nomination."""
from __future__ import annotations

from bot.campaign import Campaign
from handlers import messages as msg
from handlers import texts as T

LINKS_SHOWN = 3


def _row(label: str, value: str) -> dict:
    return {
        "type": "box", "layout": "vertical", "margin": "md", "contents": [
            {"type": "text", "text": label, "size": "xs", "color": "#888888"},
            {"type": "text", "text": value or "-", "size": "sm", "wrap": True},
        ],
    }


def _work_box(number: int, work: dict, campaign: Campaign) -> dict:
    category = campaign.category(work.get("category", ""))
    links = work.get("links", [])
    lines = [msg.shorten(link, 60) for link in links[:LINKS_SHOWN]]
    if len(links) > LINKS_SHOWN:
        lines.append(T.MORE_LINKS.format(count=len(links) - LINKS_SHOWN))
    contents = [
        {"type": "text", "text": f"ผลงานที่ {number}: {category.label if category else '-'}", "weight": "bold",
         "size": "sm", "color": "#06C755"},
        {"type": "text", "text": msg.shorten(work.get("title", ""), 120) or "-", "size": "sm", "wrap": True},
        {"type": "text", "text": msg.shorten(work.get("result", ""), 160) or "-", "size": "xs", "wrap": True,
         "color": "#555555"},
        {"type": "text", "text": "\n".join(lines) or "-", "size": "xs", "wrap": True, "color": "#1E6FD9"},
    ]
    if work.get("photos"):
        contents.append({"type": "text", "text": T.FIELD_PHOTOS.format(count=len(work["photos"])), "size": "xs"})
    return {"type": "box", "layout": "vertical", "margin": "lg", "spacing": "xs", "contents": contents}


def _button(label: str, data: str, style: str) -> dict:
    return {
        "type": "button", "style": style, "height": "sm",
        "action": {"type": "postback", "label": label, "data": data, "displayText": label},
    }


def review_card(draft: dict, campaign: Campaign, district_name: str) -> dict:
    """The whole draft as one bubble, with confirm / edit / cancel buttons (stays far below 30 KB)."""
    nominee = f"{draft.get('title', '')}{draft.get('name', '')}"
    body = [
        _row(T.FIELD_NOMINEE, msg.shorten(nominee, 140)),
        _row(T.FIELD_POSITION, msg.shorten(draft.get("position", ""), 150)),
        _row(T.FIELD_OFFICE, msg.shorten(draft.get("office", ""), 150)),
        _row(T.FIELD_ELIGIBLE, T.ELIGIBLE_YES),
        _row(T.FIELD_SKILLS, msg.shorten(draft.get("skills", ""), 200)),
        {"type": "separator", "margin": "lg"},
    ]
    body += [_work_box(n, work, campaign) for n, work in enumerate(draft.get("works", []), start=1)]
    step = {"d": "nomination", "s": "review"}
    return {
        "type": "bubble",
        "size": "giga",
        "header": {
            "type": "box", "layout": "vertical", "backgroundColor": "#06C755", "contents": [
                {"type": "text", "text": T.REVIEW_HEADER, "weight": "bold", "color": "#FFFFFF", "size": "lg"},
                {"type": "text", "text": f"{campaign.nomination.title} · อำเภอ{district_name}", "color": "#FFFFFF",
                 "size": "xs", "wrap": True},
            ],
        },
        "body": {"type": "box", "layout": "vertical", "contents": body},
        "footer": {
            "type": "box", "layout": "vertical", "spacing": "sm", "contents": [
                _button(T.LABEL_CONFIRM, msg.postback_data(**step, v="confirm"), "primary"),
                _button(T.LABEL_EDIT, msg.postback_data(**step, v="edit"), "secondary"),
                _button(T.LABEL_CANCEL, msg.postback_data(**step, v="cancel"), "link"),
            ],
        },
    }
