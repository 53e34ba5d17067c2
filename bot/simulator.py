"""The chat simulator (local mode only): page actions become signed LINE webhook events posted to /callback.

The bot answers through the real SDK to the LINE stand-in this app serves; the stand-in tells the simulator
what it delivered to whom, and the page shows it. Nothing in the bot knows it is being simulated.
"""
from __future__ import annotations

import base64
import hashlib
import io
import itertools
import json
import threading
import time
import uuid
from dataclasses import asdict, dataclass

import requests
from flask import Blueprint, abort, current_app, jsonify, render_template, request, send_file
from sqlalchemy import select

from bot import richmenu
from bot.standin import Delivery, LineStandIn, sign
from bot.store import Officer, utcnow

blueprint = Blueprint("simulator", __name__, template_folder="templates", static_folder="simulator_static",
                      static_url_path="/simulator/static")
MAX_PHOTO_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True)
class SimUser:
    key: str
    user_id: str
    label: str
    role: str  # officer, guest, admin
    district_id: str | None = None


def _user_id(key: str) -> str:
    return "U" + hashlib.sha256(f"simulator:{key}".encode()).hexdigest()[:32]


class Simulator:
    def __init__(self, services, standin: LineStandIn):
        self.services, self.standin = services, standin
        self.lock = threading.Lock()
        self.transcript: list[dict] = []
        self.uploads: dict[str, bytes] = {}
        self._seq = itertools.count(1)
        campaign = services.campaign
        self.users = [SimUser(f"district-{d.id}", _user_id(f"district-{d.id}"), f"เจ้าหน้าที่อำเภอ{d.name}",
                              "officer", d.id) for d in campaign.districts]
        self.users.append(SimUser("guest", _user_id("guest"), "บุคคลทั่วไป (ยังไม่ลงทะเบียน)", "guest"))
        self.users.append(SimUser("admin", _user_id("admin"), "เจ้าหน้าที่จังหวัด (ผู้ดูแล)", "admin"))
        self.by_key = {u.key: u for u in self.users}
        self._names = {u.user_id: u.key for u in self.users}
        standin.listeners.append(self._delivered)
        standin.followers.update(u.user_id for u in self.users)
        self._seeded = False

    def seed(self) -> None:
        """District officers start registered and the admin is an admin, so every role can be tried at once."""
        if self._seeded:
            return
        with self.services.store.session() as session:
            known = set(session.scalars(select(Officer.user_id).where(
                Officer.user_id.in_([u.user_id for u in self.users]))))
            for user in self.users:
                if user.user_id in known or user.role == "guest":
                    continue
                session.add(Officer(user_id=user.user_id, district_id=user.district_id,
                                    name=f"{user.label} (ทดลอง)" if user.role == "officer" else "เจ้าหน้าที่จังหวัด",
                                    is_admin=user.role == "admin", following=True,
                                    registered_at=utcnow()))
        self._seeded = True

    def _delivered(self, delivery: Delivery) -> None:
        key = self._names.get(delivery.to)
        if key is None:
            return
        with self.lock:
            for message in delivery.messages:
                self.transcript.append({"seq": next(self._seq), "user": key, "from": "bot", "via": delivery.kind,
                                        "message": message})

    def _said(self, user: SimUser, message: dict) -> None:
        with self.lock:
            self.transcript.append({"seq": next(self._seq), "user": user.key, "from": "user", "message": message})

    def history(self, key: str, after: int) -> list[dict]:
        with self.lock:
            return [e for e in self.transcript if e["user"] == key and e["seq"] > after]

    def act(self, user: SimUser, action: dict, callback_url: str) -> int:
        """Turn one thing done on the page into a webhook event, signed as LINE signs it, posted over HTTP."""
        kind = action.get("kind")
        event = {"mode": "active", "timestamp": int(time.time() * 1000),
                 "source": {"type": "user", "userId": user.user_id},
                 "webhookEventId": "01" + uuid.uuid4().hex.upper()[:24],
                 "deliveryContext": {"isRedelivery": False}}
        message_id = str(uuid.uuid4().int)[:18]
        if kind == "text":
            text = str(action.get("text", ""))[:5000]
            event.update(type="message", message={"type": "text", "id": message_id, "text": text,
                                                  "quoteToken": uuid.uuid4().hex})
            self._said(user, {"type": "text", "text": text})
        elif kind == "postback":
            event.update(type="postback", postback={"data": str(action.get("data", ""))[:300]})
            self._said(user, {"type": "text", "text": action.get("displayText") or "(แตะปุ่ม)"})
        elif kind == "image":
            try:
                content = base64.b64decode(action.get("content", ""), validate=True)
            except ValueError:
                abort(400, "the photo is not base64")
            if not content or len(content) > MAX_PHOTO_BYTES:
                abort(400, "the photo is empty or larger than 5 MB")
            self.standin.store_content(message_id, content)
            self.uploads[message_id] = content
            event.update(type="message", message={"type": "image", "id": message_id, "quoteToken": uuid.uuid4().hex,
                                                  "contentProvider": {"type": "line"}})
            self._said(user, {"type": "image", "src": f"/simulator/api/upload/{message_id}"})
        elif kind == "sticker":
            event.update(type="message", message={"type": "sticker", "id": message_id, "packageId": "446",
                                                  "stickerId": "1988", "stickerResourceType": "STATIC",
                                                  "quoteToken": uuid.uuid4().hex})
            self._said(user, {"type": "sticker"})
        elif kind == "location":
            event.update(type="message", message={"type": "location", "id": message_id, "title": "ที่ทำการ",
                                                  "address": "ศาลากลางจังหวัด", "latitude": 13.3611,
                                                  "longitude": 100.9847})
            self._said(user, {"type": "location", "title": "ที่ทำการ ศาลากลางจังหวัด"})
        elif kind in ("follow", "unfollow"):
            event.update(type=kind)
            if kind == "follow":
                event["follow"] = {"isUnblocked": True}
            self._said(user, {"type": "note", "text": "เพิ่มบอทเป็นเพื่อน" if kind == "follow" else "บล็อกบอท"})
        else:
            abort(400, "unknown action")
        if kind != "unfollow":
            event["replyToken"] = self.standin.issue_reply_token(user.user_id)
        body = json.dumps({"destination": "Usimulator", "events": [event]}, ensure_ascii=False).encode()
        secret = self.services.config.channel_secret
        response = requests.post(callback_url, data=body, timeout=10,
                                 headers={"Content-Type": "application/json", "X-Line-Signature": sign(body, secret)})
        return response.status_code


def _simulator() -> Simulator:
    return current_app.extensions["simulator"]


def _user() -> SimUser:
    user = _simulator().by_key.get(request.values.get("user", "") or (request.get_json(silent=True) or {}).get("user"))
    if user is None:
        abort(400, "unknown simulated user")
    return user


@blueprint.get("/")
def page():
    simulator = _simulator()
    simulator.seed()
    return render_template("simulator.html", campaign=simulator.services.campaign)


@blueprint.get("/simulator/api/users")
def users():
    simulator = _simulator()
    simulator.seed()
    return jsonify([asdict(u) for u in simulator.users])


@blueprint.post("/simulator/api/act")
def act():
    status = _simulator().act(_user(), request.get_json(silent=True) or {},
                              request.host_url.rstrip("/") + "/callback")
    return jsonify({"webhook_status": status}), (200 if status == 200 else 502)


@blueprint.get("/simulator/api/history")
def history():
    after = request.args.get("after", "0")
    return jsonify(_simulator().history(_user().key, int(after) if after.isdigit() else 0))


@blueprint.get("/simulator/api/upload/<message_id>")
def upload(message_id: str):
    content = _simulator().uploads.get(message_id)
    if content is None:
        abort(404)
    return send_file(io.BytesIO(content), mimetype="image/jpeg")


@blueprint.get("/simulator/api/richmenu")
def richmenu_areas():
    return jsonify({"size": {"width": richmenu.WIDTH, "height": richmenu.HEIGHT}, "areas": richmenu.areas()})


@blueprint.get("/simulator/richmenu.png")
def richmenu_image():
    return send_file(io.BytesIO(richmenu.draw()), mimetype="image/png", max_age=3600)


@blueprint.get("/simulator/api/review")
def review():
    """What staff would see: the review workbook's rows, and each district's code to hand out."""
    from openpyxl import load_workbook

    from sheets import NOMINATION_HEADERS, NOMINATION_SHEET

    services = _simulator().services
    path = services.config.review_workbook_path
    rows = []
    if path.exists():
        book = load_workbook(path, read_only=True)
        try:
            for row in book[NOMINATION_SHEET].iter_rows(min_row=2, values_only=True):
                if row and row[0]:
                    rows.append(["" if v is None else str(v) for v in row[: len(NOMINATION_HEADERS)]])
        finally:
            book.close()
    with services.store.read() as session:
        codes = _codes(services, session)
    return jsonify({"headers": list(NOMINATION_HEADERS), "rows": rows, "codes": codes,
                    "google": services.config.google_configured})


def _codes(services, session) -> list[dict]:
    from bot.store import DistrictCode

    known = {c.district_id: c.code for c in session.scalars(select(DistrictCode))}
    return [{"district": d.name, "code": known.get(d.id, "")} for d in services.campaign.districts]


@blueprint.get("/simulator/review.xlsx")
def review_download():
    path = _simulator().services.config.review_workbook_path
    if not path.exists():
        abort(404, "no nominations yet")
    return send_file(path, as_attachment=True, download_name="review.xlsx")
