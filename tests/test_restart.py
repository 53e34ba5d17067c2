"""Crashes and restarts: nothing acknowledged to LINE or confirmed to an officer is lost."""
from __future__ import annotations

import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

from bot import create_app
from bot.jobs import start_embedded_consumer
from tests.conftest import SECRET, TOKEN
from tests.backends import process_env
from tests.harness import Bot, Officer, ServerThread, event, post_events, texts


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_events_acknowledged_by_a_process_that_died_are_handled_after_restart(tmp_path, standin, config, clock):
    port = free_port()
    env = process_env(config, LINE_CHANNEL_SECRET=SECRET, LINE_CHANNEL_ACCESS_TOKEN=TOKEN,
                      LINE_API_BASE_URL=standin.url, PORT=str(port))
    gunicorn = Path(sys.executable).with_name("gunicorn")
    web = subprocess.Popen([str(gunicorn), "--bind", f"127.0.0.1:{port}", "--workers", "1", "bot:create_app()"],
                           env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(url)
        users = [f"U{n:032x}" for n in range(1, 4)]
        for user in users:
            token = standin.issue_reply_token(user)
            response = post_events(url, SECRET, [event("follow", user, reply_token=token,
                                                       follow={"isUnblocked": False})])
            assert response.status_code == 200
    finally:
        web.send_signal(signal.SIGKILL)  # dies with the events acknowledged and nothing processed
        web.wait(10)
    assert all(standin.messages_to(user) == [] for user in users)

    app = create_app(config, clock=clock.now)  # the restart: same database, a worker this time
    consumer = start_embedded_consumer(app.extensions["jobs"].huey)
    try:
        bot = Bot(url="", secret=SECRET, standin=standin, store=app.extensions["services"].store)
        bot.wait_idle()
        for user in users:
            assert "PDPA" in texts(standin.messages_to(user))
            assert len(standin.messages_to(user)) == 2
        assert standin.pushes() == []  # the reply tokens were still fresh: free replies, not pushes
    finally:
        consumer.stop(graceful=True)
        app.extensions["services"].close()


def test_a_draft_survives_a_restart_and_is_resumed_later(config, clock, standin, codes):
    def run_bot():
        app = create_app(config, clock=clock.now)
        consumer = start_embedded_consumer(app.extensions["jobs"].huey)
        server = ServerThread(app)
        return app, consumer, server, Bot(server.url, SECRET, standin, app.extensions["services"].store)

    app, consumer, server, bot = run_bot()
    officer = Officer(bot)
    officer.says(f"ลงทะเบียน {codes['ko-si-chang']}")
    officer.says("สมศรี มีสุข")
    officer.says("เสนอชื่อ")
    officer.says("นาย")
    officer.says("ประสิทธิ์ ทองดี")
    server.stop(), consumer.stop(graceful=True), app.extensions["services"].close()

    clock.set(clock.now().replace(hour=18))  # hours later, a new process
    app, consumer, server, bot = run_bot()
    officer.bot = bot
    try:
        reply = officer.says("นักวิชาการพัฒนาชุมชนปฏิบัติการ")
        assert "สังกัด" in texts(reply)
    finally:
        server.stop(), consumer.stop(graceful=True), app.extensions["services"].close()


def _wait_until_up(url: str) -> None:
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            if requests.get(f"{url}/healthz", timeout=1).status_code == 200:
                return
        except requests.RequestException:
            time.sleep(0.1)
    raise AssertionError("the web process did not start")
