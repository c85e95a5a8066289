"""A new operator on a real wiki: `maintbot init` with a fresh account, then `maintbot doctor`.

Each test makes its own bot account and BotPassword with MediaWiki's maintenance scripts, as a
wiki's bureaucrat would, and uses no file of the demo.
"""

from __future__ import annotations

import json
import secrets
import stat
from pathlib import Path

import pytest

from bot.cli import main
from bot.config import load
from bot.exit_codes import ExitCode
from tests.support.localwiki import LocalWiki

GRANTS = "basic,highvolume,editpage,createeditmovepage"


def make_account(wiki: LocalWiki, name: str, *, bot: bool = True, grants: str = GRANTS) -> str:
    """A new account with a BotPassword ``<name>@ops``; returns the password."""
    flags = ["--bot"] if bot else []
    wiki.maintenance("maintenance/createAndPromote.php", *flags, name, secrets.token_hex(16))
    password = "".join(secrets.choice("0123456789abcdefghijklmnopqrstuv") for _ in range(32))
    wiki.maintenance(
        "maintenance/createBotPassword.php", "--appid", "ops", "--grants", grants, name, password
    )
    return password


def init(wiki: LocalWiki, tmp_path: Path, user: str, *extra: str) -> int:
    return main(
        [
            "init",
            "--api-url",
            wiki.api_url,
            "--user",
            user,
            "--config",
            str(tmp_path / "maintbot.toml"),
            "--state-dir",
            str(tmp_path / "state"),
            "--contact",
            "User:Tester",
            *extra,
        ]
    )


def test_init_checks_everything_writes_the_config_and_creates_the_pages(
    wiki: LocalWiki, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("MAINTBOT_BOT_PASSWORD", make_account(wiki, "Opbot"))
    assert init(wiki, tmp_path, "Opbot@ops", "--create-pages") == ExitCode.OK
    out = capsys.readouterr().out
    assert "MediaWiki 1.39" in out
    assert "login: Opbot@ops" in out
    config = tmp_path / "maintbot.toml"
    secret = tmp_path / "bot-password.toml"
    assert stat.S_IMODE(secret.stat().st_mode) == 0o600
    settings = load(config)
    assert (settings.wiki.user, settings.run.shutoff_page) == ("Opbot", "User:Opbot/Shutoff")
    assert settings.wiki.password_file == secret
    assert wiki.text("User:Opbot/Shutoff") == "run"
    for title in ("User:Opbot/Task", "User:Opbot/Shutoff", "User:Opbot/Requests"):
        (revision,) = wiki.revisions(title)  # one edit each, by the bot
        assert revision["user"] == "Opbot"

    wiki.edit_as("Admin", "User:Opbot/Shutoff", "stop")
    assert init(wiki, tmp_path, "Opbot@ops", "--create-pages") == ExitCode.USAGE
    assert "exists; nothing was written (--force replaces it)" in capsys.readouterr().err
    assert init(wiki, tmp_path, "Opbot@ops", "--create-pages", "--force") == ExitCode.OK
    assert wiki.text("User:Opbot/Shutoff") == "run"


def test_init_names_every_missing_right_and_writes_nothing(
    wiki: LocalWiki, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("MAINTBOT_BOT_PASSWORD", make_account(wiki, "Plainbot", bot=False, grants="basic"))
    assert init(wiki, tmp_path, "Plainbot@ops") == ExitCode.REFUSED
    err = capsys.readouterr().err
    assert "right 'bot' missing from the account: the bot group" in err
    assert "right 'edit' not granted to the BotPassword: add the grant 'Edit existing pages'" in err
    assert "Special:BotPasswords/ops" in err
    assert "Traceback" not in err
    assert not list(tmp_path.iterdir())


def test_init_with_a_wrong_password_says_where_to_make_one(
    wiki: LocalWiki, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    make_account(wiki, "Opbot")
    monkeypatch.setenv("MAINTBOT_BOT_PASSWORD", "0" * 32)
    assert init(wiki, tmp_path, "Opbot@ops") == ExitCode.USAGE
    err = capsys.readouterr().err
    assert "login as Opbot@ops failed" in err
    assert "Special:BotPasswords" in err
    assert "0" * 32 not in err


def test_doctor_from_a_fresh_setup_to_a_healthy_bot(
    wiki: LocalWiki, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("MAINTBOT_BOT_PASSWORD", make_account(wiki, "Opbot"))
    assert init(wiki, tmp_path, "Opbot@ops", "--create-pages") == ExitCode.OK
    monkeypatch.delenv("MAINTBOT_BOT_PASSWORD")
    config = tmp_path / "maintbot.toml"
    config.write_text(config.read_text().replace("throttle_seconds = 10", "throttle_seconds = 0"))
    capsys.readouterr()

    def checks(*extra: str) -> tuple[int, dict[str, str]]:
        code = main(["doctor", "--config", str(config), "--format", "json", *extra])
        report = json.loads(capsys.readouterr().out)
        return code, {check["check"]: check["status"] for check in report["checks"]}

    code, found = checks()
    assert code == 2
    assert found["daemon"] == "critical"
    assert found["last run"] == "warning"
    assert found["wiki"] == found["login"] == found["account"] == found["shutoff"] == "ok"
    assert checks("--no-daemon") == (1, {**found, "daemon": "ok"})

    assert main(["run", "--config", str(config), "--page", "Weir"]) == ExitCode.OK
    capsys.readouterr()
    code, found = checks("--no-daemon")
    assert code == 0
    assert set(found.values()) == {"ok"}

    wiki.edit_as("Admin", "User:Opbot/Shutoff", "stop")
    assert checks("--no-daemon") == (1, {**found, "shutoff": "warning"})
    wiki.maintenance("maintenance/blockUsers.php", "--reason", "test", "--disable-autoblock", stdin="Opbot\n")
    code, found = checks("--no-daemon")
    assert code == 2
    assert found["account"] == "critical"


def test_doctor_names_a_dead_wiki_as_critical(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = tmp_path / "maintbot.toml"
    config.write_text(f'[wiki]\napi_url = "http://127.0.0.1:9/api.php"\n[run]\nstate_dir = "{tmp_path}"\n')
    assert main(["doctor", "--config", str(config), "--no-daemon"]) == 2
    out = capsys.readouterr().out
    assert out.startswith("maintbot CRITICAL: wiki: cannot reach the wiki at http://127.0.0.1:9/api.php")
