"""Config files: a good one loads; each bad one is refused with the key at fault."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import ConfigError, credentials, load
from tests.conftest import ROOT

GOOD = """
[wiki]
api_url = "http://127.0.0.1:8765/api.php"
user = "MaintBot"
password_file = "secret.toml"

[run]
namespaces = [0, 4]
throttle_seconds = 10
shutoff_page = "User:MaintBot/Shutoff"

[service]
request_page = "User:MaintBot/Requests"

[[service.jobs]]
id = "nightly"
trigger = "cron"
hour = 3
transcludes = ["Sfn"]
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "maintbot.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_shipped_configs_load() -> None:
    for name in ("local-wiki.toml", "example.toml"):
        load(ROOT / "config" / name)


def test_good_config_loads_with_paths_relative_to_the_file(tmp_path: Path) -> None:
    settings = load(write(tmp_path, GOOD))
    assert settings.wiki.password_file == tmp_path / "secret.toml"
    assert settings.run.namespaces == (0, 4)
    (job,) = settings.service.jobs
    assert (job.id, job.trigger, job.trigger_args, job.transcludes) == (
        "nightly",
        "cron",
        {"hour": 3},
        ("Sfn",),
    )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            ('api_url = "http://127.0.0.1:8765/api.php"', 'api_url = "ftp://x"'),
            "wiki.api_url must be an http(s) URL",
        ),
        (
            ("throttle_seconds = 10", 'throttle_seconds = "fast"'),
            "run.throttle_seconds must be a int or float",
        ),
        (("namespaces = [0, 4]", 'namespaces = ["main"]'), "run.namespaces[] must be a int"),
        (("[run]", "[run]\nthrotle_seconds = 1"), "unknown key run.throtle_seconds"),
        (("[run]", "[runn]"), "unknown section [runn]"),
        (
            ('trigger = "cron"', 'trigger = "sometimes"'),
            "service.jobs[0].trigger must be 'interval' or 'cron'",
        ),
        (("hour = 3", "hours = 3"), "unknown key service.jobs[0].hours"),
        (("[wiki]", "[wiki"), "not valid TOML"),
    ],
)
def test_bad_config_names_the_key(tmp_path: Path, change: tuple[str, str], message: str) -> None:
    with pytest.raises(ConfigError, match=None) as caught:
        load(write(tmp_path, GOOD.replace(*change)))
    assert message in str(caught.value)


def test_missing_config_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no such config file"):
        load(tmp_path / "absent.toml")


def test_credentials_from_environment_never_show_the_password(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MAINTBOT_BOT_USER", "MaintBot@maintbot")
    monkeypatch.setenv("MAINTBOT_BOT_PASSWORD", "s3cret-value")
    found = credentials(load(write(tmp_path, GOOD)))
    assert (found.account, found.app_id) == ("MaintBot", "maintbot")
    assert "s3cret-value" not in repr(found) and "s3cret-value" not in str(found)


def test_password_file_must_be_private_and_well_formed(tmp_path: Path) -> None:
    settings = load(write(tmp_path, GOOD))
    secret = tmp_path / "secret.toml"
    secret.write_text('user = "MaintBot@maintbot"\npassword = "x"\n')
    secret.chmod(0o644)
    with pytest.raises(ConfigError, match="readable by others"):
        credentials(settings)
    secret.chmod(0o600)
    assert credentials(settings).login_name == "MaintBot@maintbot"
    secret.write_text('user = "MaintBot"\npassword = "x"\n')
    with pytest.raises(ConfigError, match="BotPassword login name"):
        credentials(settings)
    secret.unlink()
    with pytest.raises(ConfigError, match="cannot read the password file"):
        credentials(settings)


@pytest.mark.parametrize("command", ["run", "serve", "status", "trigger"])
def test_every_wiki_command_refuses_a_broken_config_with_exit_2_and_no_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    from bot.cli import main

    broken = write(tmp_path, GOOD.replace("throttle_seconds = 10", "bogus = 1"))
    assert main([command, "--config", str(broken)]) == 2
    err = capsys.readouterr().err
    assert "unknown key run.bogus" in err and "Traceback" not in err
    assert main([command, "--config", str(tmp_path / "missing.toml")]) == 2
    assert "no such config file" in capsys.readouterr().err
