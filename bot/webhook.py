"""POST /callback: verify, store, acknowledge. All real work happens later, in jobs."""
from __future__ import annotations

import hashlib
import json
import logging

from flask import Blueprint, abort, current_app, request
from linebot.v3 import SignatureValidator

from bot.processing import chat_key_of
from bot.store import utcnow

logger = logging.getLogger(__name__)
blueprint = Blueprint("webhook", __name__)
MAX_BODY_BYTES = 1024 * 1024


@blueprint.post("/callback")
def callback():
    services, jobs = current_app.extensions["services"], current_app.extensions["jobs"]
    signature = request.headers.get("X-Line-Signature", "")
    raw = request.get_data(cache=False)
    if not signature or len(raw) > MAX_BODY_BYTES:
        abort(400, "missing signature or body too large")
    try:
        body = raw.decode("utf-8")
    except UnicodeDecodeError:
        abort(400, "body is not UTF-8")
    if not SignatureValidator(services.config.channel_secret).validate(body, signature):
        logger.warning("webhook call with a bad signature refused")
        abort(400, "invalid signature")
    try:
        payload = json.loads(body)
    except ValueError:
        abort(400, "body is not JSON")
    events = payload.get("events") if isinstance(payload, dict) else None
    if not isinstance(events, list):
        abort(400, "body has no events list")

    now = utcnow()
    rows = []
    for event in events:
        if not isinstance(event, dict):
            continue  # one malformed entry must not cost the others
        rows.append({
            "webhook_event_id": _event_id(event),
            "chat_key": chat_key_of(event),
            "body": json.dumps(event, ensure_ascii=False),
            "received_at": now,
            "status": "pending",
        })
    if rows:
        with services.store.session() as session:
            new = services.store.insert_new_events(session, rows)
        for chat_key in dict.fromkeys(row["chat_key"] for row in new):
            try:
                jobs.process_chat(chat_key)
            except Exception as exc:  # stored already; the sweep will pick it up
                logger.warning("could not enqueue chat work (%s); the sweep will retry", type(exc).__name__)
        if len(new) < len(rows):
            logger.info("skipped %s redelivered event(s)", len(rows) - len(new))
    return {"status": "ok"}, 200


def _event_id(event: dict) -> str:
    given = event.get("webhookEventId")
    if isinstance(given, str) and 0 < len(given) <= 80:
        return given
    # Every real event has an id; for anything else, the same content is the same event.
    digest = hashlib.sha256(json.dumps(event, sort_keys=True, ensure_ascii=False).encode()).hexdigest()
    return "sha256:" + digest[:64]


@blueprint.get("/healthz")
def healthz():
    return {"status": "ok"}, 200
