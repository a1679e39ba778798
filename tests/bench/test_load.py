import os
import resource
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from concenter.bench.load import (
    Mix,
    ProcessCpu,
    cpu_per_request,
    cpu_snapshot,
    cpu_used,
    process_cpu,
    process_tree,
    run_load,
)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    cookies: list[str] = []

    def do_GET(self):
        _Handler.cookies.append(self.headers.get("Cookie", ""))
        status = 200 if self.path == "/ok" else 500
        body = b"ok"
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def servers():
    started = []
    for _ in range(2):
        server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        started.append(server)
    yield [s.server_address[1] for s in started]
    for server in started:
        server.shutdown()
        server.server_close()


def test_load_counts_requests_and_errors_per_kind(servers):
    _Handler.cookies.clear()
    result = run_load(
        ports=servers,
        cookies=["sessionid=a", "sessionid=b"],
        mix=Mix(paths={"good": ["/ok"], "bad": ["/fail"]}),
        seconds=0.5,
    )
    assert result["clients"] == 2 and result["servers"] == 2
    assert result["requests"] == sum(result["statuses"].values()) > 0
    assert result["errors"] == result["statuses"].get("500", 0) > 0
    assert set(result["by_category"]) == {"good", "bad"}
    assert result["error_examples"][0].startswith("500 /fail")
    assert set(_Handler.cookies) == {"sessionid=a", "sessionid=b"}


def test_load_is_bounded():
    mix = Mix(paths={"good": ["/ok"]})
    with pytest.raises(ValueError, match="bounded"):
        run_load(ports=[1], cookies=["c"] * 65, mix=mix, seconds=1)
    with pytest.raises(ValueError, match="bounded"):
        run_load(ports=[1], cookies=["c"], mix=mix, seconds=601)


def test_load_records_the_cpu_of_each_group_per_request(servers):
    result = run_load(
        ports=servers,
        cookies=["sessionid=a"],
        mix=Mix(paths={"good": ["/ok"]}),
        seconds=0.3,
        cpu={"app": lambda: [os.getpid()]},
        warmup=0.1,
    )
    assert set(result["cpu_seconds"]) == {"app", "client"}
    per = result["cpu_per_request_ms"]
    assert set(per) == {"app", "client", "all"}
    assert per["all"] == pytest.approx(per["app"] + per["client"], abs=0.02)
    assert result["load_average_before"] and result["load_average_after"]


def test_cpu_per_request_divides_each_group_and_their_sum():
    assert cpu_per_request({"app": 1.5, "database": 0.5, "client": 0.1}, 100) == {
        "app": 15.0,
        "database": 5.0,
        "client": 1.0,
        "all": 21.0,
    }
    assert cpu_per_request({"app": 1.0}, 0) == {"app": None, "all": None}


def _cpu(parent, own, reaped=0.0):
    return ProcessCpu(parent=parent, own=own, reaped=reaped)


def test_cpu_used_counts_new_processes_whole_and_reaped_ones_once():
    before = {10: _cpu(1, 5.0), 11: _cpu(10, 2.0), 12: _cpu(10, 3.0), 20: _cpu(1, 4.0)}
    after = {
        10: _cpu(1, 5.5, reaped=3.5),  # worker 12 ended (3.5 s in all) and was reaped by 10
        11: _cpu(10, 2.25),
        13: _cpu(10, 0.75),  # a new worker
        # 20, whose parent is not in the group, ended: what it used in between is lost
    }
    assert cpu_used(before, after) == pytest.approx(0.5 + 0.5 + 0.25 + 0.75)


def test_process_cpu_reads_this_process_and_its_reaped_children():
    assert process_cpu(2**22 + 12345) is None  # above Linux's largest pid
    before = cpu_snapshot([os.getpid()])
    used_before = time.process_time() + _children_cpu()
    subprocess.run([sys.executable, "-c", "sum(i * i for i in range(2_000_000))"], check=True)
    sum(i * i for i in range(1_000_000))
    used = time.process_time() + _children_cpu() - used_before
    measured = cpu_used(before, cpu_snapshot([os.getpid()]))
    assert measured > 0
    # /proc counts in clock ticks (10 ms); the kernel's own accounts agree within a few ticks.
    assert measured == pytest.approx(used, abs=0.1)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def test_process_tree_finds_the_children_of_a_process():
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        tree = process_tree(os.getpid())
        assert tree[0] == os.getpid()
        assert child.pid in tree
        assert process_tree(child.pid) == [child.pid]
    finally:
        child.kill()
        child.wait()


@pytest.mark.django_db
def test_the_servers_backends_are_found_by_their_application_name():
    from django.db import connection

    from concenter.bench.runner import backends_named

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL backends")
    with connection.cursor() as cursor:
        cursor.execute("SET application_name = 'concenter-load-test'")
        cursor.execute("SELECT pg_backend_pid()")
        (pid,) = cursor.fetchone()
    assert backends_named("concenter-load-test")() == [pid]
    assert backends_named("concenter-load-nobody")() == []
