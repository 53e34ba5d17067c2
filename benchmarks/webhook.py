"""Webhook ack latency and throughput while the LINE API takes 3 s per call: our bot vs an inline echo bot.

Both run under gunicorn as the Procfile runs them (2 workers x 4 threads); ours also runs its job
worker, so its queue really is being worked while we measure. Load comes from this process, on loopback.

    .venv/bin/python benchmarks/webhook.py [--requests 400] [--concurrency 8] [--line-delay 3]
"""
from __future__ import annotations

import argparse
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.standin import LineStandIn, sign  # noqa: E402
from tests.harness import ServerThread, free_port_pair  # noqa: E402

SECRET, TOKEN = "bench-secret", "bench-token"


def start(command: list[str], env: dict) -> subprocess.Popen:
    return subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)


def wait_up(url: str) -> None:
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            requests.post(f"{url}/callback", data=b"{}", headers={"X-Line-Signature": "x"}, timeout=1)
            return
        except requests.RequestException:
            time.sleep(0.2)
    raise SystemExit(f"{url} did not start")


def load(url: str, total: int, concurrency: int, standin: LineStandIn, rate: float | None = None) -> dict:
    """Send `total` signed events; closed-loop with `concurrency` senders, or paced at `rate` per second."""
    began = time.perf_counter()

    def one(n: int) -> float:
        if rate:
            time.sleep(max(0.0, began + n / rate - time.perf_counter()))
        user = "U" + uuid.uuid4().hex
        body = json.dumps({"destination": "Ubot", "events": [{
            "type": "message", "mode": "active", "timestamp": int(time.time() * 1000),
            "source": {"type": "user", "userId": user}, "webhookEventId": "01" + uuid.uuid4().hex.upper()[:24],
            "deliveryContext": {"isRedelivery": False}, "replyToken": standin.issue_reply_token(user),
            "message": {"type": "text", "id": str(n), "text": "ช่วยเหลือ", "quoteToken": "q"}}]}).encode()
        started = time.perf_counter()
        response = session().post(f"{url}/callback", data=body, timeout=120,
                                  headers={"X-Line-Signature": sign(body, SECRET), "Content-Type": "application/json"})
        elapsed = time.perf_counter() - started
        assert response.status_code == 200, response.status_code
        return elapsed

    local = threading.local()

    def session() -> requests.Session:
        if not hasattr(local, "session"):
            local.session = requests.Session()
        return local.session

    started = time.perf_counter()
    with ThreadPoolExecutor(concurrency if not rate else max(concurrency, 32)) as pool:
        latencies = sorted(pool.map(one, range(total)))
    wall = time.perf_counter() - started
    return {"requests": total, "p50_ms": 1000 * statistics.median(latencies),
            "p99_ms": 1000 * latencies[max(0, int(len(latencies) * 0.99) - 1)], "max_ms": 1000 * latencies[-1],
            "rps": total / wall}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--echo-requests", type=int, default=48)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--line-delay", type=float, default=3.0)
    parser.add_argument("--rate", type=float, default=50.0, help="paced run: events per second")
    args = parser.parse_args()

    standin = LineStandIn(TOKEN)
    standin.delay_seconds = args.line_delay
    line = ServerThread(standin.app)
    bin_dir = Path(sys.executable).parent
    ours_port, echo_port = free_port_pair()
    with tempfile.TemporaryDirectory() as instance:
        env = dict(os.environ, LINE_CHANNEL_SECRET=SECRET, LINE_CHANNEL_ACCESS_TOKEN=TOKEN,
                   LINE_API_BASE_URL=line.url, INSTANCE_PATH=instance, PYTHONPATH=str(ROOT))
        gunicorn = [str(bin_dir / "gunicorn"), "--workers", "2", "--threads", "4", "--log-level", "warning"]
        processes = [
            start(gunicorn + ["--bind", f"127.0.0.1:{ours_port}", "bot:create_app()"], env),
            start([str(bin_dir / "huey_consumer"), "bot.worker.huey", "--workers", "2", "--worker-type", "thread"],
                  env),
            start(gunicorn + ["--bind", f"127.0.0.1:{echo_port}", "benchmarks.echo_bot:create_app()"], env),
        ]
        try:
            ours, echo = f"http://127.0.0.1:{ours_port}", f"http://127.0.0.1:{echo_port}"
            wait_up(ours), wait_up(echo)
            load(ours, 200, args.concurrency, standin)  # warm-up: every gunicorn thread opens its connections
            results = {
                f"ours, {args.rate:g}/s paced": load(ours, args.requests, args.concurrency, standin, args.rate),
                f"ours, {args.concurrency} senders flat out": load(ours, args.requests, args.concurrency, standin),
                f"echo, {args.rate:g}/s paced": load(echo, args.echo_requests, args.concurrency, standin, args.rate),
                f"echo, {args.concurrency} senders flat out": load(echo, args.echo_requests, args.concurrency, standin),
            }
        finally:
            for process in processes:
                os.killpg(process.pid, signal.SIGTERM)
            for process in processes:
                process.wait(20)
            line.stop()
    print(f"LINE API stand-in answering in {args.line_delay:.1f} s per call; {args.concurrency} concurrent senders;"
          f" {os.cpu_count()} cores")
    print(f"{'bot':<30}{'requests':>9}{'p50 ms':>10}{'p99 ms':>10}{'max ms':>10}{'req/s':>9}")
    for name, r in results.items():
        print(f"{name:<30}{r['requests']:>9}{r['p50_ms']:>10.1f}{r['p99_ms']:>10.1f}{r['max_ms']:>10.1f}{r['rps']:>9.1f}")


if __name__ == "__main__":
    main()
