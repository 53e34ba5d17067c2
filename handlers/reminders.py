"""What a deadline reminder says: one wording for districts that have not started, one for open drafts."""
from __future__ import annotations

from bot.campaign import Campaign
from handlers import messages as msg
from handlers import texts as T
from handlers.thaidate import thai_date


def reminder(campaign: Campaign, days_left: int, *, has_draft: bool) -> list[dict]:
    deadline = thai_date(campaign.nomination.deadline)
    when = T.REMINDER_LAST_DAY.format(deadline=deadline) if days_left <= 0 else \
        T.REMINDER_DAYS_LEFT.format(days=days_left, deadline=deadline)
    office = campaign.province.office
    if has_draft:
        body = T.REMINDER_DRAFT.format(province_office=office, when=when)
        button = msg.choice_item(T.LABEL_CONTINUE_DRAFT, msg.postback_data(a="continue"))
    else:
        body = T.REMINDER.format(province_office=office, title=campaign.nomination.title, when=when)
        button = msg.choice_item(T.LABEL_NOMINATE, msg.postback_data(a="nominate"))
    return [msg.text(body, [button])]
