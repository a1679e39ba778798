"""Browser journeys: the real app, served by gunicorn on a free port of 127.0.0.1 from a fresh
SQLite database, driven by Playwright in Debian's Chromium (no browser download).

They run on the real date and are not marked `clock`: the server is another process, whose clock
time-machine cannot move (and a browser's clock neither). So every date a journey makes is taken
relative to the server's today (an event starting in 20 days, a term ending in 30) and holds on
any day; the moved-clock runs of .ci/run cover the same rules in process."""

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

CHROMIUM = (
    os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or shutil.which("chromium-browser")
)
PASSWORD = "journey-password-2563"
ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "var" / "screenshots"
AXE = ROOT / "tools" / "axe" / "node_modules" / "axe-core" / "axe.min.js"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _concenter(env, *args) -> None:
    subprocess.run(
        [sys.executable, "-m", "concenter", *args],
        env=env,
        check=True,
        capture_output=True,
        timeout=300,
    )


@pytest.fixture(scope="session")
def app_url(app_server) -> str:
    return app_server[0]


@pytest.fixture(scope="session")
def app_shell(app_server):
    """Run Python in the app's own database (the server's process reads the same files), for a
    journey that needs records the minimal demo does not hold: app_shell("from ... import ...")."""
    env = app_server[1]

    def run(code: str) -> str:
        result = subprocess.run(
            [sys.executable, "-m", "concenter", "shell", "-c", code],
            env=env,
            check=True,
            capture_output=True,
            text=True,
            timeout=300,
        )
        return result.stdout

    return run


@pytest.fixture(scope="session")
def app_server(tmp_path_factory):
    if not CHROMIUM:
        if os.environ.get("CI"):
            pytest.fail("Chromium is missing: .ci/run installs it with apt-get install chromium")
        pytest.skip(
            "Chromium is not installed here (apt-get install chromium); CI runs these journeys"
        )
    var = tmp_path_factory.mktemp("var")
    env = {
        k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}
    }
    env.update(
        CONCENTER_VAR_DIR=str(var),
        CONCENTER_DEMO_PASSWORD=PASSWORD,
        DJANGO_SETTINGS_MODULE="config.settings.local",
    )
    for args in (
        ["migrate", "--no-input", "-v", "0"],
        ["createcachetable"],
        ["demo", "--minimal"],
        ["collectstatic", "--no-input", "-v", "0"],
    ):
        _concenter(env, *args)
    port = _free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--threads",
            "2",
            "--worker-class",
            "gthread",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(f"{url}/healthz", timeout=2)  # noqa: S310 - our own server on loopback
            break
        except OSError:
            time.sleep(0.2)
    else:
        server.terminate()
        pytest.fail("the app did not start")
    yield url, env
    server.terminate()
    server.wait(timeout=20)


@pytest.fixture(scope="session")
def browser():
    # Playwright's sync API runs an event loop in this thread; the tests touch no database here,
    # but Django's guard would still refuse. The variable is removed again after the session.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield instance
        instance.close()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.fixture(params=[pytest.param(DESKTOP, id="desktop"), pytest.param(PHONE, id="phone")])
def page(request, browser):
    context = browser.new_context(
        viewport=request.param, locale="th-TH", is_mobile=request.param is PHONE
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    page.viewport_name = "phone" if request.param is PHONE else "desktop"
    yield page
    context.close()


def screenshot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}-{page.viewport_name}.png"), full_page=True)


def log_in(page, app_url: str, username: str) -> None:
    page.goto(f"{app_url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_url(f"{app_url}/work/")


def open_menu(page) -> None:
    """Open the header's menu (folded under one button on every screen)."""
    button = page.locator("header .menu-button")
    if button.get_attribute("aria-expanded") != "true":
        button.click()
    page.wait_for_selector("#site-menu nav a", state="visible")


def log_out(page) -> None:
    open_menu(page)
    page.click("header form[action*='logout'] button")
    page.wait_for_load_state()


# What a thumb on a phone needs (issue #19, ADR 0015): the header keeps most of the first screen
# for the content, every control in it is big enough to tap, and nothing scrolls sideways.
HEADER_MAX_HEIGHT = 120
TAP_TARGET_MIN = 40


def check_layout(page) -> None:
    """The page fits its screen: no sideways scroll, a header of at most 120 px whose visible
    links and buttons are at least 40 px tall, and, after a refused submit, the error summary on
    the screen the user sees."""
    measured = page.evaluate(
        """(min) => {
        const site = document.querySelector('header.site-header');
        const header = site && site.classList.contains('menu-open') ? site.querySelector('.header-row') : site;
        const box = header ? header.getBoundingClientRect() : {height: 0};
        const small = [];
        document.querySelectorAll('header.site-header .header-row a, header.site-header .header-row button')
          .forEach((el) => {
            const r = el.getBoundingClientRect();
            if (r.width > 0 && r.height > 0 && (r.height < min || r.width < min)) {
              small.push(`${el.textContent.trim()} ${Math.round(r.width)}x${Math.round(r.height)}`);
            }
          });
        const wide = [];
        // The screen's width, not window.innerWidth: an emulated phone (is_mobile) widens its
        // viewport to fit a page that overflows, so innerWidth would grow with the overflow.
        const screenWidth = screen.width;
        if (document.documentElement.scrollWidth > screenWidth) {
          document.querySelectorAll('main *').forEach((el) => {
            const r = el.getBoundingClientRect();
            if (r.right > screenWidth + 1 && r.width > 0 && wide.length < 5) {
              wide.push(`${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}.${el.className} right=${Math.round(r.right)}`);
            }
          });
        }
        const summary = document.querySelector('[data-error-summary]');
        let summaryVisible = null;
        if (summary) {
          const r = summary.getBoundingClientRect();
          summaryVisible = r.top >= 0 && r.top < window.innerHeight && document.activeElement === summary;
        }
        return {
          scrollWidth: document.documentElement.scrollWidth, width: screenWidth,
          header: box.height, small: small, wide: wide, summaryVisible: summaryVisible,
        };
      }""",
        TAP_TARGET_MIN,
    )
    where = page.url
    assert measured["scrollWidth"] <= measured["width"], (
        f"{where} scrolls sideways ({measured['scrollWidth']} > {measured['width']}): "
        f"{measured['wide']}"
    )
    assert measured["header"] <= HEADER_MAX_HEIGHT, f"{where}: header {measured['header']} px"
    assert measured["small"] == [], f"{where}: header tap targets too small {measured['small']}"
    assert measured["summaryVisible"] in (None, True), f"{where}: error summary out of sight"


def check_accessibility(page) -> None:
    """Run axe-core (WCAG 2 A and AA rules) on the current page: no critical or serious violation.
    Every journey page is also measured for the phone (check_layout)."""
    check_layout(page)
    if not AXE.exists():
        if os.environ.get("CI"):
            pytest.fail(
                "axe-core is missing: .ci/run installs it with npm install --prefix tools/axe"
            )
        return
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        "async () => await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa']}})"
    )
    serious = [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes'][:3]]}"
        for v in result["violations"]
        if v["impact"] in ("critical", "serious")
    ]
    assert serious == [], f"{page.url}: " + "; ".join(serious)
