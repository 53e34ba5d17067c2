"""What the bot tells an officer when provincial staff decide on their nomination in the sheet."""
from __future__ import annotations

from bot.campaign import Campaign
from handlers import messages as msg
from handlers import texts as T
from handlers.thaidate import thai_date
from sheets import STATUS_PENDING

PASSED, NEEDS_FIX, FAILED = "ผ่าน", "ขอแก้ไข", "ไม่ผ่าน"


def review_notice(campaign: Campaign, *, reference: str, nominee: str, status: str, comment: str,
                  status_changed: bool) -> dict | None:
    """One message for one change; None when there is nothing worth a push (e.g. back to รอตรวจสอบ)."""
    comment_line = T.REVIEW_COMMENT_LINE.format(comment=msg.shorten(comment, 600)) if comment else ""
    if status_changed and status == PASSED:
        return msg.text(T.REVIEW_PASSED.format(reference=reference, nominee=nominee, comment=comment_line))
    if status_changed and status == FAILED:
        contact = campaign.province.contact or campaign.province.office
        return msg.text(T.REVIEW_FAILED.format(reference=reference, nominee=nominee, comment=comment_line,
                                               contact=contact))
    if status_changed and status == NEEDS_FIX:
        body = T.REVIEW_FIX.format(reference=reference, nominee=nominee, comment=comment_line,
                                   deadline=thai_date(campaign.nomination.deadline))
        return msg.text(body, [msg.say_item(T.LABEL_NOMINATE)])
    if not status_changed and comment and status != STATUS_PENDING:
        return msg.text(T.REVIEW_NEW_COMMENT.format(reference=reference, comment=comment_line))
    return None
