"""A deployment in miniature, from the Procfile: the release step, then several gunicorn web workers and
several huey consumers as separate processes, sharing one database and one job queue (the scale-out test
and benchmarks/load.py use it)."""
from __future__ import annotations

import os
import shlex
import signal
import subprocess
import sys
import time
from pathlib import Path

import requests

from tests.harness import free_port_pair

BIN = Path(sys.executable).parent
ROOT = Path(__file__).resolve().parent.parent


def procfile() -> dict[str, list[str]]:
    """The Procfile's process types and their commands, as a host that reads it would run them."""
    kinds = {}
    for line in (ROOT / "Procfile").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            kind, command = line.split(":", 1)
            kinds[kind.strip()] = shlex.split(command)
    return kinds


class Cluster:
    """The Procfile run as a host runs it: the release step, one web process type (its gunicorn workers)
    and `consumers` worker processes."""

    def __init__(self, env: dict[str, str], logs: Path, *, consumers: int = 2):
        self.port = free_port_pair()[0]
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = dict(env, PORT=str(self.port), PATH=f"{BIN}:{env.get('PATH', '/usr/bin:/bin')}")
        self.logs, self.consumers = logs, consumers
        self.commands = {kind: [part.replace("$PORT", str(self.port)) for part in command]
                         for kind, command in procfile().items()}
        self.web_workers = int(self.commands["web"][self.commands["web"].index("--workers") + 1])
        self.processes: dict[str, subprocess.Popen] = {}

    def __enter__(self) -> "Cluster":
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def _spawn(self, name: str, command: list[str]) -> None:
        self.logs.mkdir(parents=True, exist_ok=True)
        with open(self.logs / f"{name}.log", "ab") as log:
            self.processes[name] = subprocess.Popen(command, env=self.env, cwd=ROOT, stdout=log,
                                                    stderr=subprocess.STDOUT, start_new_session=True)

    def start(self) -> None:
        release = subprocess.run(self.commands["release"], env=self.env, cwd=ROOT, capture_output=True, text=True,
                                 timeout=120)
        if release.returncode != 0:
            raise RuntimeError(f"release step failed: {release.stderr[-2000:]}")
        self._spawn("web", self.commands["web"])
        for n in range(1, self.consumers + 1):
            self._spawn(f"worker-{n}", self.commands["worker"])
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if requests.get(f"{self.url}/healthz", timeout=1).status_code == 200 and \
                        len(self.web_pids()) == self.web_workers:
                    return
            except requests.RequestException:
                pass
            for name, process in self.processes.items():
                if process.poll() is not None:
                    raise RuntimeError(f"{name} exited at start: {(self.logs / f'{name}.log').read_text()[-2000:]}")
            time.sleep(0.2)
        raise RuntimeError("the web processes did not start")

    def web_pids(self) -> list[int]:
        master = self.processes["web"].pid
        try:
            return [int(pid) for pid in Path(f"/proc/{master}/task/{master}/children").read_text().split()]
        except FileNotFoundError:
            return []

    def pids(self) -> dict[str, int]:
        """Every process that handles requests or jobs (gunicorn's master only supervises)."""
        found = {f"web-{n}": pid for n, pid in enumerate(sorted(self.web_pids()), 1)}
        found.update({name: p.pid for name, p in self.processes.items() if name.startswith("worker")})
        return found

    def peak_memory_mib(self) -> dict[str, float]:
        """Each process's peak resident memory so far (the kernel's high-water mark, VmHWM)."""
        peaks = {}
        for name, pid in self.pids().items():
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    peaks[name] = int(line.split()[1]) / 1024
        return peaks

    def cpu_seconds(self) -> dict[str, float]:
        """Each process's CPU time so far, user and system (from /proc/<pid>/stat)."""
        ticks = os.sysconf("SC_CLK_TCK")
        used = {}
        for name, pid in self.pids().items():
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            used[name] = (int(fields[11]) + int(fields[12])) / ticks  # utime, stime
        return used

    def stop(self) -> None:
        for process in self.processes.values():
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes.values():
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(10)
