"""Pages under load: the production server (`concenter serve`: gunicorn, as `make run` serves)
on 127.0.0.1 and a closed-loop client of N threads, each with its own logged-in session and
keep-alive connections, for a fixed time.

The client is a few lines of the standard library rather than locust or wrk: nothing to install
beyond Python (wrk is a system package, locust brings gevent), it runs inside the harness, and it
can only ever reach 127.0.0.1. With two servers each client sends its requests to both in turn,
with the same session cookie: a request answered by a server that did not see the previous one
only works if sessions (and caches) live in the shared database, not in a process.

Each run also records the CPU one request costs (ADR 0032): the app servers' (the gunicorn master
and its workers), the database's (PostgreSQL backends found by a caller's pid lister, e.g. those
whose `application_name` is the run's) and the client's (this process), from /proc, divided by the
requests answered. On a machine shared with other jobs requests/s and p95 move with the neighbours;
the CPU a request costs moves much less, and two cores' worth of it is the throughput's ceiling.
"""

import http.client
import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from concenter.bench.stats import summary_ms

HOST = "127.0.0.1"  # the only host the client will talk to
MAX_CLIENTS = 64
MAX_SECONDS = 600


CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True)
class ProcessCpu:
    """A process's CPU seconds from /proc/<pid>/stat: its own (every thread's, user + system) and
    its reaped children's, with its parent's pid."""

    parent: int
    own: float
    reaped: float

    @property
    def total(self) -> float:
        return self.own + self.reaped


def process_cpu(pid: int) -> ProcessCpu | None:
    """`None` if the process is gone (or was never there)."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    # The command name, in parentheses, may hold spaces; the fields after it are fixed:
    # state, ppid, … utime (14th), stime, cutime, cstime (17th), counted from the pid as 1st.
    fields = text[text.rindex(")") + 2 :].split()
    utime, stime, cutime, cstime = (int(f) for f in fields[11:15])
    return ProcessCpu(
        parent=int(fields[1]),
        own=(utime + stime) / CLOCK_TICKS,
        reaped=(cutime + cstime) / CLOCK_TICKS,
    )


def process_tree(root: int) -> list[int]:
    """`root` and every process below it (a gunicorn master and its workers)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            cpu = process_cpu(int(entry.name))
            if cpu is not None:
                children.setdefault(cpu.parent, []).append(int(entry.name))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, []))
    return [pid for pid in found if pid == root or process_cpu(pid) is not None]


def cpu_snapshot(pids: list[int]) -> dict[int, ProcessCpu]:
    return {pid: cpu for pid in pids if (cpu := process_cpu(pid)) is not None}


def cpu_used(before: dict[int, ProcessCpu], after: dict[int, ProcessCpu]) -> float:
    """CPU seconds a group of processes used between two snapshots. A process that started in
    between counts whole; one that ended and was reaped by a process of the group is in its
    parent's reaped time, so what it had used before is taken off; one that ended under a parent
    outside the group (a PostgreSQL backend that closed) loses what it used in between."""
    used = sum(
        cpu.total - (before[pid].total if pid in before else 0.0) for pid, cpu in after.items()
    )
    for pid, cpu in before.items():
        if pid not in after and cpu.parent in after:
            used -= cpu.total
    return used


def cpu_per_request(cpu_seconds: dict[str, float], requests: int) -> dict:
    """Milliseconds of CPU per request answered, by group and in all."""
    if not requests:
        return {name: None for name in [*cpu_seconds, "all"]}
    per = {name: round(seconds * 1000 / requests, 2) for name, seconds in cpu_seconds.items()}
    per["all"] = round(sum(cpu_seconds.values()) * 1000 / requests, 2)
    return per


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


@dataclass
class Server:
    port: int
    process: subprocess.Popen
    log_path: Path

    def stop(self) -> None:
        """TERM to the gunicorn master we started (its workers follow), KILL if it lingers."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


def start_server(*, env: dict, log_path: Path, timeout: float = 90) -> Server:
    """`concenter serve` on a free port of 127.0.0.1; returns once /healthz answers 200."""
    port = free_port()
    log = log_path.open("ab")
    process = subprocess.Popen(  # noqa: S603 - our own command, fixed arguments
        [sys.executable, "-m", "concenter", "serve", "--host", HOST, "--port", str(port)],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        cwd=Path(__file__).resolve().parents[2],
    )
    log.close()
    server = Server(port=port, process=process, log_path=log_path)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server stopped at start; see {log_path}")
        try:
            connection = http.client.HTTPConnection(HOST, port, timeout=5)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                connection.close()
                return server
            connection.close()
        except OSError:
            pass
        time.sleep(0.3)
    server.stop()
    raise RuntimeError(f"the server did not answer /healthz within {timeout:.0f} s; see {log_path}")


@dataclass
class Mix:
    """Pages by category; each request draws a category by weight, then one of its paths."""

    paths: dict[str, list[str]]
    weights: dict[str, float] = field(default_factory=dict)

    def draw(self, rng: random.Random) -> tuple[str, str]:
        categories = [c for c in self.paths if self.paths[c]]
        weights = [self.weights.get(c, 1.0) for c in categories]
        category = rng.choices(categories, weights)[0]
        return category, rng.choice(self.paths[category])


@dataclass
class _Sample:
    category: str
    seconds: float
    status: int  # 0: the connection failed


def run_load(
    *,
    ports: list[int],
    cookies: list[str],
    mix: Mix,
    seconds: float,
    seed: int = 1,
    cpu: dict[str, Callable[[], list[int]]] | None = None,
    warmup: float = 0.0,
) -> dict:
    """`len(cookies)` clients for `seconds`, spread over the servers on `ports` (127.0.0.1).

    `cpu` names groups of processes by a function listing their pids (called at the start and at
    the end: processes come and go); their CPU and this process's (the client) are divided by the
    requests answered. `warmup` seconds of the same load run first, unmeasured."""
    clients = len(cookies)
    if not 0 < clients <= MAX_CLIENTS or not 0 < seconds <= MAX_SECONDS:
        raise ValueError("the load is bounded: 1–64 clients, at most 600 seconds")
    if warmup > 0:
        run_load(ports=ports, cookies=cookies, mix=mix, seconds=warmup, seed=seed + 7919)
    groups: dict[str, Callable[[], list[int]]] = {
        **(cpu or {}),
        "client": lambda: [os.getpid()],
    }
    samples: list[list[_Sample]] = [[] for _ in range(clients)]
    errors: list[str] = []
    retries = [0] * clients
    deadline = time.monotonic() + seconds
    start = threading.Barrier(clients + 1)

    def client(index: int) -> None:
        rng = random.Random(seed * 1000 + index)  # noqa: S311 - not secrets
        connections = {port: http.client.HTTPConnection(HOST, port, timeout=30) for port in ports}
        turn = index
        start.wait()
        while time.monotonic() < deadline:
            category, path = mix.draw(rng)
            port = ports[turn % len(ports)]
            turn += 1
            connection = connections[port]
            started = time.perf_counter()
            status = 0
            headers = {"Cookie": cookies[index], "Host": f"{HOST}:{port}"}
            for attempt in (1, 2):
                reused = connection.sock is not None
                try:
                    connection.request("GET", path, headers=headers)
                    response = connection.getresponse()
                    response.read()
                    status = response.status
                    if status != 200 and len(errors) < 20:
                        errors.append(f"{status} {path} (port {port})")
                    break
                except (OSError, http.client.HTTPException) as exc:
                    connection.close()
                    connection = connections[port] = http.client.HTTPConnection(
                        HOST, port, timeout=30
                    )
                    # A kept-alive connection the server closed while idle fails before any
                    # answer; like a browser, send the (idempotent) GET once more on a new one.
                    stale = reused and isinstance(
                        exc, http.client.RemoteDisconnected | ConnectionResetError | BrokenPipeError
                    )
                    if stale and attempt == 1:
                        retries[index] += 1
                        continue
                    if len(errors) < 20:
                        errors.append(f"{type(exc).__name__} {path} (port {port})")
                    break
            samples[index].append(_Sample(category, time.perf_counter() - started, status))
        for connection in connections.values():
            connection.close()

    threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(clients)]
    for thread in threads:
        thread.start()
    load_before = os.getloadavg()
    cpu_before = {name: cpu_snapshot(list_pids()) for name, list_pids in groups.items()}
    start.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join(seconds + 60)
    elapsed = time.perf_counter() - began
    cpu_seconds = {
        name: cpu_used(cpu_before[name], cpu_snapshot(list_pids()))
        for name, list_pids in groups.items()
    }
    everything = [s for group in samples for s in group]
    by_category: dict[str, list[float]] = {}
    for sample in everything:
        by_category.setdefault(sample.category, []).append(sample.seconds)
    failed = [s for s in everything if s.status != 200]
    return {
        "clients": clients,
        "servers": len(ports),
        "seconds": round(elapsed, 1),
        "requests": len(everything),
        "requests_per_s": round(len(everything) / elapsed, 1) if elapsed else None,
        "errors": len(failed),
        "retries_on_stale_connections": sum(retries),
        "statuses": {str(k): v for k, v in sorted(Counter(s.status for s in everything).items())},
        "error_examples": errors[:10],
        "all": summary_ms([s.seconds for s in everything]),
        "by_category": {c: summary_ms(times) for c, times in sorted(by_category.items())},
        "cpu_seconds": {name: round(seconds, 2) for name, seconds in cpu_seconds.items()},
        "cpu_per_request_ms": cpu_per_request(cpu_seconds, len(everything)),
        "load_average_before": [round(x, 2) for x in load_before],
        "load_average_after": [round(x, 2) for x in os.getloadavg()],
    }
