import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from concenter.bench.load import Mix, run_load


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
