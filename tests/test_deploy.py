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
