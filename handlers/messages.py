"""Builders for LINE message objects (plain JSON, as the Messaging API takes them)."""
from __future__ import annotations

from urllib.parse import parse_qsl, urlencode

MAX_QUICK_REPLIES = 13
MAX_LABEL = 20
MAX_TEXT = 5000
MAX_POSTBACK = 300


def postback_data(**fields: str) -> str:
    data = urlencode(fields)
    assert len(data) <= MAX_POSTBACK, data
    return data


def parse_postback(data: str) -> dict[str, str]:
    """Our postback data is a short query string; anything else parses to {}."""
    if not data or len(data) > MAX_POSTBACK:
        return {}
    try:
        return dict(parse_qsl(data, strict_parsing=True))
    except ValueError:
        return {}


def choice_item(label: str, data: str, display: str | None = None) -> dict:
    """A quick-reply button that sends a postback and shows what was chosen in the chat."""
    return {
        "type": "action",
        "action": {"type": "postback", "label": label[:MAX_LABEL], "data": data, "displayText": display or label},
    }


def say_item(label: str, text: str | None = None) -> dict:
    """A quick-reply button that sends a text message as if typed."""
    return {"type": "action", "action": {"type": "message", "label": label[:MAX_LABEL], "text": text or label}}


def text(body: str, quick: list[dict] | None = None) -> dict:
    message = {"type": "text", "text": body[:MAX_TEXT]}
    if quick:
        message["quickReply"] = {"items": quick[:MAX_QUICK_REPLIES]}
    return message


def flex(alt_text: str, contents: dict, quick: list[dict] | None = None) -> dict:
    message = {"type": "flex", "altText": alt_text[:400], "contents": contents}
    if quick:
        message["quickReply"] = {"items": quick[:MAX_QUICK_REPLIES]}
    return message


def shorten(value: str, limit: int) -> str:
    value = " ".join(value.split())
    return value if len(value) <= limit else value[: limit - 1] + "…"
