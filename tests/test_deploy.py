import os
import subprocess
import sys


def test_deploy_check_is_clean_with_production_settings(tmp_path):
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": "x" * 20 + "a-long-random-production-key-with-enough-entropy-1234567890",
        "PERSONAL_DATA_KEY": "another-long-random-key-for-national-id-hashes",
        "ALLOWED_HOSTS": "concenter.example.org",
        "CONCENTER_VAR_DIR": str(tmp_path),
        "TRUSTED_PROXY_COUNT": "1",  # behind one reverse proxy, as docs/deploy.md says
    }
    result = subprocess.run(
        [sys.executable, "-m", "concenter", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DJANGO_SECRET_KEY"}}
    env.update(DJANGO_SETTINGS_MODULE="config.settings.production", CONCENTER_VAR_DIR=str(tmp_path))
    result = subprocess.run(
        [sys.executable, "-m", "concenter", "check"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def _production_env(tmp_path) -> dict:
    return {
        **{
            k: v
            for k, v in os.environ.items()
            if k not in {"DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL"}
        },
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": "x" * 20 + "a-long-random-production-key-with-enough-entropy-1234567890",
        "PERSONAL_DATA_KEY": "another-long-random-key-for-national-id-hashes",
        "ALLOWED_HOSTS": "concenter.example.org",
        "CONCENTER_VAR_DIR": str(tmp_path),
        "TRUSTED_PROXY_COUNT": "1",
    }


def _concenter(tmp_path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "concenter", *args],
        env=_production_env(tmp_path),
        capture_output=True,
        text=True,
        check=False,
    )


def test_healthz_answers_plain_http_under_production_settings_and_pages_redirect(tmp_path):
    """A load balancer checks the app servers over http: /healthz answers 200 there, while every
    page still goes to https (the real production settings, SECURE_SSL_REDIRECT on)."""
    code = (
        "from django.test import Client;"
        "c = Client(HTTP_HOST='concenter.example.org');"
        "h = c.get('/healthz'); p = c.get('/directory/'); s = c.get('/healthz', secure=True);"
        "print(h.status_code, h.json()['status'], p.status_code, p['Location'], s.status_code)"
    )
    result = _concenter(tmp_path, "shell", "--no-imports", "-c", code)
    assert result.returncode == 0, result.stderr
    healthz, status, page, location, secure = result.stdout.splitlines()[-1].split()
    assert (healthz, status, secure) == ("200", "ok", "200")
    assert (page, location) == ("301", "https://concenter.example.org/directory/")


def test_the_demo_refuses_production_settings(tmp_path):
    result = _concenter(tmp_path, "demo")
    assert result.returncode != 0
    assert "refuses to run under production settings" in result.stderr
    assert "--allow-production" in result.stderr


def test_the_wsgi_application_leaves_what_it_loaded_out_of_the_cycle_collector(tmp_path):
    """The objects loaded with the application (every view imported) are frozen: a full
    collection in a server thread walks only what requests made, never the whole of Django."""
    script = (
        "import gc\n"
        "import config.wsgi\n"
        "import concenter.people.views\n"
        "print(gc.get_freeze_count())\n"
        "print(any(o is concenter.people.views.__dict__ for o in gc.get_objects()))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        env={**_production_env(tmp_path), "DJANGO_SETTINGS_MODULE": "config.settings.local"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert int(result.stdout.splitlines()[0]) > 50_000
    # The views' module was imported before the freeze: the collector no longer sees it.
    assert result.stdout.splitlines()[1] == "False"


def test_the_server_starts_a_worker_per_core_one_more_on_sqlite_and_at_least_two(monkeypatch):
    from concenter.common.management.commands import serve

    for vendor, cores, workers in (
        ("postgresql", None, "2"),
        ("postgresql", 1, "2"),
        ("postgresql", 2, "2"),
        ("postgresql", 8, "8"),
        ("sqlite", 1, "2"),
        ("sqlite", 2, "3"),
        ("sqlite", 8, "9"),
    ):
        monkeypatch.setattr(serve.os, "cpu_count", lambda cores=cores: cores)
        assert serve.default_workers(vendor) == workers
