"""The demo under production settings (issue #24): refused unless asked, and then without any
password a stranger could know."""

import pytest
from django.core.management import CommandError, call_command

from concenter.accounts.models import User

pytestmark = pytest.mark.django_db


def test_the_demo_refuses_production_settings(settings, monkeypatch):
    settings.PRODUCTION = True
    monkeypatch.setenv("CONCENTER_DEMO_PASSWORD", "known-to-everyone")

    with pytest.raises(CommandError, match="--allow-production"):
        call_command("demo", "--minimal")

    assert not User.objects.exists()


def test_asked_explicitly_the_demo_creates_no_user_with_a_known_password(
    settings, monkeypatch, capsys
):
    settings.PRODUCTION = True
    monkeypatch.setenv("CONCENTER_DEMO_PASSWORD", "known-to-everyone")

    call_command("demo", "--minimal", "--allow-production")

    admin = User.objects.get(username="admin")
    assert admin.is_superuser  # the national administrator exists ...
    users = list(User.objects.all())
    assert len(users) >= 4
    assert not any(user.has_usable_password() for user in users)  # ... with no password
    assert not any(user.check_password("known-to-everyone") for user in users)
    assert "changepassword" in capsys.readouterr().out


def test_under_local_settings_the_demo_users_get_the_demo_password(settings, monkeypatch):
    settings.PRODUCTION = False
    monkeypatch.setenv("CONCENTER_DEMO_PASSWORD", "known-to-everyone")

    call_command("demo", "--minimal")

    assert User.objects.get(username="kan.province").check_password("known-to-everyone")
