"""A LINE user in a test: sends signed webhook events over HTTP and reads what the bot sent back."""
from __future__ import annotations

import json
import threading
import time
import uuid
from dataclasses import dataclass, field

import requests
from sqlalchemy import select
from werkzeug.serving import make_server

from bot.standin import LineStandIn, sign
from bot.store import InboundEvent, OutboxMessage, Store


class ServerThread:
    """A real HTTP server on loopback for a WSGI app, in a thread."""

    def __init__(self, app, port: int = 0):
        self.server = make_server("127.0.0.1", port, app, threaded=True)
        self.port = self.server.server_port
        self.url = f"http://127.0.0.1:{self.port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.thread.join(5)


def new_user_id() -> str:
    return "U" + uuid.uuid4().hex


def event(kind: str, user_id: str, *, reply_token: str | None = None, source: dict | None = None,
          redelivery: bool = False, **fields) -> dict:
    body = {
        "type": kind,
        "mode": "active",
        "timestamp": int(time.time() * 1000),
        "source": source or {"type": "user", "userId": user_id},
        "webhookEventId": "01" + uuid.uuid4().hex.upper()[:24],
        "deliveryContext": {"isRedelivery": redelivery},
    }
    if reply_token:
        body["replyToken"] = reply_token
    body.update(fields)
    return body


def post_events(url: str, secret: str, events: list[dict], *, signature: str | None = None,
                raw: bytes | None = None) -> requests.Response:
    body = raw if raw is not None else json.dumps({"destination": "Ubot", "events": events}).encode()
    headers = {"Content-Type": "application/json"}
    headers["X-Line-Signature"] = signature if signature is not None else sign(body, secret)
    return requests.post(f"{url}/callback", data=body, headers=headers, timeout=10)


@dataclass
class Bot:
    """What a test needs to talk to a running bot."""

    url: str
    secret: str
    standin: LineStandIn
    store: Store

    def wait_idle(self, chat_key: str | None = None, timeout: float = 20.0) -> None:
        """Until every stored event is handled and every queued message is sent (or given up)."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            with self.store.read() as session:
                events = select(InboundEvent.id).where(InboundEvent.status == "pending")
                outbox = select(OutboxMessage.id).where(OutboxMessage.status.in_(("pending", "sending")))
                if chat_key:
                    events = events.where(InboundEvent.chat_key == chat_key)
                    outbox = outbox.where(OutboxMessage.chat_key == chat_key)
                busy = session.scalars(events).first() or session.scalars(outbox).first()
            if not busy:
                return
            time.sleep(0.02)
        raise AssertionError("the bot did not finish its work in time")


@dataclass
class Officer:
    """One person chatting with the bot one-to-one."""

    bot: Bot
    user_id: str = field(default_factory=new_user_id)
    seen: int = 0
    # LINE redelivers an event it thinks was lost: with this set, every event arrives twice.
    redelivered: bool = False

    def _send(self, kind: str, **fields) -> list[dict]:
        token = self.bot.standin.issue_reply_token(self.user_id)
        sent = event(kind, self.user_id, reply_token=token, **fields)
        response = post_events(self.bot.url, self.bot.secret, [sent])
        assert response.status_code == 200, response.text
        if self.redelivered:  # while the first copy is being worked on, perhaps by another process
            again = post_events(self.bot.url, self.bot.secret, [dict(sent, deliveryContext={"isRedelivery": True})])
            assert again.status_code == 200, again.text
        self.bot.wait_idle(self.user_id)
        return self.new_messages()

    def wait_for_messages(self, count: int, timeout: float = 15.0) -> list[dict]:
        """Messages the bot sends on its own (pushes): wait until `count` new ones have arrived."""
        deadline = time.time() + timeout
        while len(self.bot.standin.messages_to(self.user_id)) - self.seen < count and time.time() < deadline:
            time.sleep(0.02)
        return self.new_messages()

    def new_messages(self) -> list[dict]:
        messages = self.bot.standin.messages_to(self.user_id)
        fresh, self.seen = messages[self.seen:], len(messages)
        return fresh

    def says(self, text: str) -> list[dict]:
        return self._send("message", message={"type": "text", "id": str(uuid.uuid4().int)[:18], "text": text,
                                              "quoteToken": "q"})

    def taps(self, data: str) -> list[dict]:
        return self._send("postback", postback={"data": data})

    def taps_label(self, label: str, messages: list[dict]) -> list[dict]:
        """Tap the quick-reply or card button with this label among the last messages."""
        for action in actions(messages):
            if action.get("label") == label:
                if action["type"] == "postback":
                    return self.taps(action["data"])
                return self.says(action["text"])
        raise AssertionError(f"no button {label!r} in {[a.get('label') for a in actions(messages)]}")

    def sends_photo(self, content: bytes) -> list[dict]:
        message_id = str(uuid.uuid4().int)[:18]
        self.bot.standin.store_content(message_id, content)
        return self._send("message", message={"type": "image", "id": message_id,
                                              "contentProvider": {"type": "line"}, "quoteToken": "q"})

    def sends_sticker(self) -> list[dict]:
        return self._send("message", message={"type": "sticker", "id": "1", "packageId": "446", "stickerId": "1988",
                                              "stickerResourceType": "STATIC", "quoteToken": "q"})

    def sends_location(self) -> list[dict]:
        return self._send("message", message={"type": "location", "id": "2", "latitude": 13.36,
                                              "longitude": 100.98, "address": "ชลบุรี"})

    def follows(self) -> list[dict]:
        return self._send("follow", follow={"isUnblocked": False})


def texts(messages: list[dict]) -> str:
    """Everything readable in some messages, flattened: what a person would read on the phone."""
    out = []

    def walk(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key in ("text", "altText", "label") and isinstance(value, str):
                    out.append(value)
                else:
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(messages)
    return "\n".join(out)


def actions(messages: list[dict]) -> list[dict]:
    found = []

    def walk(node):
        if isinstance(node, dict):
            if "action" in node and isinstance(node["action"], dict):
                found.append(node["action"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(messages)
    return found


def free_port_pair() -> tuple[int, int]:
    import socket

    ports = []
    sockets = []
    for _ in range(2):
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        sockets.append(sock)
        ports.append(sock.getsockname()[1])
    for sock in sockets:
        sock.close()
    return ports[0], ports[1]
