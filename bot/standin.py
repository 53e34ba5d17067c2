"""A local stand-in for the LINE Messaging API, for local mode and tests; never used with a real channel.

It behaves like the documented API where the bot can tell the difference: reply tokens work once and
for a minute, a repeated X-Line-Retry-Key answers 409, bad messages answer 400 with LINE's error body,
and faults (429, 5xx, slow answers) can be switched on.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import itertools
import json
import threading
import time
import uuid
from dataclasses import dataclass, field

from flask import Flask, jsonify, request

REPLY_TOKEN_SECONDS = 60
MAX_MESSAGES = 5
MAX_TEXT = 5000
MAX_QUICK_REPLIES = 13
MAX_LABEL = 20
MAX_POSTBACK = 300
MAX_FLEX_BYTES = 30 * 1024


@dataclass
class Fault:
    path: str
    status: int
    body: dict
    times: int
    after_accepting: bool = False  # the call takes effect, but the answer is lost (a timeout, a 5xx)


@dataclass
class Delivery:
    """One accepted API call: where it went, what it carried."""

    kind: str  # reply, push, multicast or broadcast
    to: str
    messages: list
    request_id: str
    retry_key: str | None = None
    at: float = field(default_factory=time.time)
    weight: int = 1  # messages it counts against the quota (a group push: one per member)


class LineStandIn:
    def __init__(self, access_token: str | None = None):
        self.access_token = access_token
        self.lock = threading.Lock()
        self.deliveries: list[Delivery] = []
        self.requests: list[tuple[str, str]] = []  # (path, retry key or "")
        self.reply_tokens: dict[str, dict] = {}
        self.retry_keys: dict[str, str] = {}
        self.contents: dict[str, bytes] = {}
        self.faults: list[Fault] = []
        self.delay_seconds = 0.0
        self.monthly_limit = 300
        self.followers: set[str] = set()  # who a broadcast reaches
        self.rich_menus: dict[str, dict] = {}
        self.rich_menu_images: dict[str, bytes] = {}
        self.default_rich_menu: str | None = None
        self.listeners: list = []  # called with each Delivery (the simulator page shows them)
        self.slow_paths: list[list] = []
        self.groups: dict[str, int] = {}  # group id -> members
        self._ids = itertools.count(1)
        self.app = self._build_app()

    # --- what tests and the simulator use ----------------------------------------------------------
    def issue_reply_token(self, user_id: str) -> str:
        token = uuid.uuid4().hex
        with self.lock:
            self.reply_tokens[token] = {"to": user_id, "issued": time.time(), "used": False}
        return token

    def store_content(self, message_id: str, content: bytes) -> None:
        with self.lock:
            self.contents[message_id] = content

    def slow(self, path: str, seconds: float, times: int = 1) -> None:
        """The next `times` calls to `path` take `seconds` (and still take effect: a client timeout is not a refusal)."""
        with self.lock:
            self.slow_paths.append([path, seconds, times])

    def fail(self, path: str, status: int, body: dict | None = None, times: int = 1,
             after_accepting: bool = False) -> None:
        """The next `times` calls to `path` answer `status` with LINE's error body."""
        default = {"message": "The API rate limit has been exceeded. Try again later."} if status == 429 else \
            {"message": "Internal server error"}
        with self.lock:
            self.faults.append(Fault(path, status, body or default, times, after_accepting))

    def messages_to(self, user_id: str) -> list[dict]:
        with self.lock:
            return [m for d in self.deliveries if d.to == user_id for m in d.messages]

    def texts_to(self, user_id: str) -> list[str]:
        return [m.get("text") or m.get("altText", "") for m in self.messages_to(user_id)]

    def pushes(self) -> list[Delivery]:
        with self.lock:
            return [d for d in self.deliveries if d.kind == "push"]

    # --- the API ---------------------------------------------------------------------------------------
    def _build_app(self) -> Flask:
        app = Flask("line_standin")

        def error(status: int, message: str, details: list | None = None):
            body = {"message": message}
            if details:
                body["details"] = details
            response = jsonify(body)
            response.status_code = status
            response.headers["x-line-request-id"] = uuid.uuid4().hex
            return response

        @app.before_request
        def gate():
            if self.delay_seconds:
                time.sleep(self.delay_seconds)
            with self.lock:
                pause = next((entry for entry in self.slow_paths if entry[2] > 0 and request.path.endswith(entry[0])),
                             None)
                if pause:
                    pause[2] -= 1
            if pause:
                time.sleep(pause[1])
            if self.access_token and request.headers.get("Authorization") != f"Bearer {self.access_token}":
                return error(401, "Authentication failed. Confirm that the access token in the authorization "
                                  "header is valid.")
            with self.lock:
                self.requests.append((request.path, request.headers.get("X-Line-Retry-Key", "")))
                fault = self._take_fault(request.path, after_accepting=False)
            if fault:
                response = jsonify(fault.body)
                response.status_code = fault.status
                return response
            return None

        @app.after_request
        def lose_answer(response):
            with self.lock:
                fault = self._take_fault(request.path, after_accepting=True) if response.status_code == 200 else None
            if fault:
                lost = jsonify(fault.body)
                lost.status_code = fault.status
                return lost
            return response

        @app.post("/v2/bot/message/reply")
        def reply():
            body = request.get_json(silent=True) or {}
            problems = _check_messages(body.get("messages"))
            if problems:
                return error(400, f"The request body has {len(problems)} error(s)", problems)
            with self.lock:
                token = self.reply_tokens.get(body.get("replyToken", ""))
                if token is None or token["used"] or time.time() - token["issued"] > REPLY_TOKEN_SECONDS:
                    return error(400, "Invalid reply token")
                token["used"] = True
                request_id = f"req-{next(self._ids)}"
                self._deliver(Delivery("reply", token["to"], body["messages"], request_id))
            response = jsonify({"sentMessages": [{"id": str(i)} for i, _ in enumerate(body["messages"])]})
            response.headers["x-line-request-id"] = request_id
            return response

        @app.post("/v2/bot/message/push")
        def push():
            body = request.get_json(silent=True) or {}
            problems = _check_messages(body.get("messages"))
            if not isinstance(body.get("to"), str) or not body.get("to"):
                problems.append({"message": "must be specified", "property": "to"})
            if problems:
                return error(400, f"The request body has {len(problems)} error(s)", problems)
            return self._send_many("push", [body["to"]], body["messages"], request.headers.get("X-Line-Retry-Key"))

        @app.post("/v2/bot/message/multicast")
        def multicast():
            body = request.get_json(silent=True) or {}
            problems = _check_messages(body.get("messages"))
            to = body.get("to")
            if not isinstance(to, list) or not 1 <= len(to) <= 500:
                problems.append({"message": "Size must be between 1 and 500", "property": "to"})
            if problems:
                return error(400, f"The request body has {len(problems)} error(s)", problems)
            return self._send_many("multicast", to, body["messages"], request.headers.get("X-Line-Retry-Key"))

        @app.post("/v2/bot/message/broadcast")
        def broadcast():
            body = request.get_json(silent=True) or {}
            problems = _check_messages(body.get("messages"))
            if problems:
                return error(400, f"The request body has {len(problems)} error(s)", problems)
            with self.lock:
                everyone = sorted(self.followers)
            return self._send_many("broadcast", everyone, body["messages"], request.headers.get("X-Line-Retry-Key"))

        @app.post("/v2/bot/richmenu")
        def create_rich_menu():
            body = request.get_json(silent=True) or {}
            if not body.get("areas") or body.get("size", {}).get("width") != 2500:
                return error(400, "The request body has 1 error(s)", [{"message": "invalid", "property": "size"}])
            menu_id = f"richmenu-{uuid.uuid4().hex}"
            with self.lock:
                self.rich_menus[menu_id] = body
            return jsonify({"richMenuId": menu_id})

        @app.post("/v2/bot/richmenu/<menu_id>/content")
        def upload_rich_menu_image(menu_id: str):
            if menu_id not in self.rich_menus:
                return error(404, "Not found")
            if request.content_type not in ("image/png", "image/jpeg") or len(request.get_data()) > 1024 * 1024:
                return error(400, "Invalid image: PNG or JPEG, at most 1 MB")
            with self.lock:
                self.rich_menu_images[menu_id] = request.get_data()
            return jsonify({})

        @app.post("/v2/bot/user/all/richmenu/<menu_id>")
        def set_default_rich_menu(menu_id: str):
            if menu_id not in self.rich_menu_images:
                return error(400, "An image has not been uploaded to the rich menu")
            with self.lock:
                self.default_rich_menu = menu_id
            return jsonify({})

        @app.get("/v2/bot/richmenu/list")
        def list_rich_menus():
            with self.lock:
                return jsonify({"richmenus": [dict(menu, richMenuId=i) for i, menu in self.rich_menus.items()]})

        @app.delete("/v2/bot/richmenu/<menu_id>")
        def delete_rich_menu(menu_id: str):
            with self.lock:
                self.rich_menus.pop(menu_id, None)
                self.rich_menu_images.pop(menu_id, None)
            return jsonify({})

        @app.get("/v2/bot/message/<message_id>/content")
        def content(message_id: str):
            with self.lock:
                data = self.contents.get(message_id)
            if data is None:
                return error(404, "Not found")
            return data, 200, {"Content-Type": "image/jpeg"}

        @app.get("/v2/bot/message/quota")
        def quota():
            return jsonify({"type": "limited", "value": self.monthly_limit})

        @app.get("/v2/bot/message/quota/consumption")
        def consumption():
            with self.lock:
                return jsonify({"totalUsage": self.used_locked()})

        @app.get("/v2/bot/group/<group_id>/members/count")
        def group_members(group_id: str):
            if group_id not in self.groups:
                return error(404, "Not found")
            return jsonify({"count": self.groups[group_id]})

        return app

    def _send_many(self, kind: str, recipients: list[str], messages: list, retry_key: str | None):
        with self.lock:
            if retry_key and retry_key in self.retry_keys:
                response = jsonify({"message": "The retry key is already accepted"})
                response.status_code = 409
                response.headers["x-line-accepted-request-id"] = self.retry_keys[retry_key]
                return response
            if self.used_locked() + sum(self.groups.get(r, 1) for r in recipients) > self.monthly_limit:
                response = jsonify({"message": "You have reached your monthly limit."})
                response.status_code = 429
                return response
            request_id = f"req-{next(self._ids)}"
            if retry_key:
                self.retry_keys[retry_key] = request_id
            for user in recipients:
                self._deliver(Delivery(kind, user, messages, request_id, retry_key, weight=self.groups.get(user, 1)))
        response = jsonify({"sentMessages": [{"id": str(i)} for i, _ in enumerate(messages)]} if kind == "push" else {})
        response.headers["x-line-request-id"] = request_id
        return response

    def _take_fault(self, path: str, *, after_accepting: bool) -> Fault | None:
        for fault in self.faults:
            if fault.times > 0 and fault.after_accepting == after_accepting and path.endswith(fault.path):
                fault.times -= 1
                return fault
        return None

    def _deliver(self, delivery: Delivery) -> None:
        """Record an accepted call (the caller holds the lock) and tell the listeners."""
        self.deliveries.append(delivery)
        for listener in self.listeners:
            listener(delivery)

    def pushes_locked(self) -> list[Delivery]:
        """Every delivery that counts against the monthly quota (one per recipient)."""
        return [d for d in self.deliveries if d.kind != "reply"]

    def used_locked(self) -> int:
        """Messages counted this month: one per user reached, one per member of a group reached."""
        return sum(d.weight for d in self.pushes_locked())


def _check_messages(messages) -> list[dict]:
    """The checks LINE makes that a bot can get wrong."""
    if not isinstance(messages, list) or not 1 <= len(messages) <= MAX_MESSAGES:
        return [{"message": f"Size must be between 1 and {MAX_MESSAGES}", "property": "messages"}]
    problems = []
    for i, message in enumerate(messages):
        where = f"messages[{i}]"
        kind = message.get("type") if isinstance(message, dict) else None
        if kind == "text":
            text = message.get("text")
            if not isinstance(text, str) or not text or len(text.encode("utf-16-le")) // 2 > MAX_TEXT:
                problems.append({"message": f"Length must be between 1 and {MAX_TEXT}", "property": f"{where}.text"})
        elif kind == "flex":
            if len(json.dumps(message.get("contents"), ensure_ascii=False).encode()) > MAX_FLEX_BYTES:
                problems.append({"message": "Size must be at most 30KB", "property": f"{where}.contents"})
            if not message.get("altText"):
                problems.append({"message": "must be specified", "property": f"{where}.altText"})
        elif kind not in ("image", "sticker", "location", "template", "imagemap", "video", "audio"):
            problems.append({"message": "Invalid message type", "property": f"{where}.type"})
        items = ((message.get("quickReply") or {}).get("items")) if isinstance(message, dict) else None
        if items is not None:
            if len(items) > MAX_QUICK_REPLIES:
                problems.append({"message": f"Size must be at most {MAX_QUICK_REPLIES}",
                                 "property": f"{where}.quickReply.items"})
            for j, item in enumerate(items):
                action = item.get("action", {})
                if len(action.get("label", "")) > MAX_LABEL:
                    problems.append({"message": f"Length must be at most {MAX_LABEL}",
                                     "property": f"{where}.quickReply.items[{j}].action.label"})
                if len(action.get("data", "")) > MAX_POSTBACK:
                    problems.append({"message": f"Length must be at most {MAX_POSTBACK}",
                                     "property": f"{where}.quickReply.items[{j}].action.data"})
    return problems


def sign(body: bytes, channel_secret: str) -> str:
    """X-Line-Signature for a body, as LINE computes it."""
    digest = hmac.new(channel_secret.encode(), body, hashlib.sha256).digest()
    return base64.b64encode(digest).decode()
