"""Config files: a good one loads; each bad one is refused with the key at fault."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest

from bot.config import ConfigError, credentials, load
from tests.support.paths import ROOT

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


def test_shipped_configs_load_with_their_own_values() -> None:
    demo = load(ROOT / "config" / "local-wiki.toml")
    assert demo.wiki.api_url == "http://127.0.0.1:8765/api.php"
    assert demo.run.state_dir == ROOT / "var" / "state" / "localwiki"
    example = load(ROOT / "config" / "example.toml")
    assert example.run.state_dir == Path("/var/lib/maintbot")
    assert [job.id for job in example.service.jobs] == ["nightly", "recent"]


def test_a_missing_state_dir_defaults_to_the_state_folder_systemd_or_xdg_gives(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = write(tmp_path, '[wiki]\napi_url = "http://127.0.0.1:1/api.php"\n')
    monkeypatch.delenv("STATE_DIRECTORY", raising=False)
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "xdg"))
    assert load(config).run.state_dir == tmp_path / "xdg" / "maintbot"
    monkeypatch.setenv("STATE_DIRECTORY", "/var/lib/maintbot")
    assert load(config).run.state_dir == Path("/var/lib/maintbot")


def test_titles_in_jobs_are_normalised(tmp_path: Path) -> None:
    text = GOOD.replace('transcludes = ["Sfn"]', 'transcludes = ["{{Sfn}}"]\npages = ["[[Weir]]"]')
    (job,) = load(write(tmp_path, text)).service.jobs
    assert (job.transcludes, job.pages) == (("Sfn",), ("Weir",))


PATH_KEYS = {"wiki.password_file", "run.state_dir"}


def _as_loaded(key: str, value: Any, base: Path) -> Any:
    """A value as written in TOML, in the form the settings hold it."""
    if key in PATH_KEYS:
        return (base / value).resolve()
    if isinstance(value, list):
        return tuple(value)
    return value


@pytest.mark.parametrize("name", ["local-wiki.toml", "example.toml"])
def test_shipped_configs_load_every_key_as_written(name: str) -> None:
    path = ROOT / "config" / name
    written = tomllib.loads(path.read_text(encoding="utf-8"))
    settings = load(path)
    base = path.resolve().parent
    for section, values in written.items():
        for key, value in values.items():
            if key == "jobs":
                continue
            loaded = getattr(getattr(settings, section), key)
            assert loaded == _as_loaded(f"{section}.{key}", value, base), f"{name}: {section}.{key}"
    jobs = written["service"]["jobs"]
    assert len(settings.service.jobs) == len(jobs)
    for job, written_job in zip(settings.service.jobs, jobs, strict=True):
        for key, value in written_job.items():
            loaded = getattr(job, key) if hasattr(job, key) else job.trigger_args[key]
            assert loaded == _as_loaded(key, value, base), f"{name}: job {job.id}: {key}"


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
            "run.throttle_seconds must be a number",
        ),
        (("namespaces = [0, 4]", 'namespaces = ["main"]'), "run.namespaces[] must be an integer"),
        (("[run]", "[run]\nthrotle_seconds = 1"), "unknown key run.throtle_seconds"),
        (("[run]", "[runn]"), "unknown section [runn]"),
        (
            ('trigger = "cron"', 'trigger = "sometimes"'),
            "service.jobs[0].trigger must be 'interval' or 'cron'",
        ),
        (("hour = 3", "hours = 3"), "unknown key service.jobs[0].hours"),
        (("[wiki]", "[wiki"), "not valid TOML"),
        (("throttle_seconds = 10", "throttle_seconds = nan"), "run.throttle_seconds must be a finite number"),
        (("throttle_seconds = 10", "throttle_seconds = inf"), "run.throttle_seconds must be a finite number"),
        (("throttle_seconds = 10", "throttle_seconds = -1"), "run.throttle_seconds must be between 0 and"),
        (("throttle_seconds = 10", "batch_size = 501"), "run.batch_size must be between 1 and 500"),
        (("throttle_seconds = 10", "max_retries = true"), "run.max_retries must be an integer, not True"),
        (("namespaces = [0, 4]", "namespaces = []"), "run.namespaces must not be empty"),
        (("namespaces = [0, 4]", "namespaces = [-1]"), "run.namespaces[] must be between 0 and"),
        (("namespaces = [0, 4]", "select = []"), "run.select must not be empty"),
        (("namespaces = [0, 4]", 'select = [""]'), "run.select[] must not be empty"),
        (('shutoff_page = "User:MaintBot/Shutoff"', 'shutoff_page = "Special:Random"'), "run.shutoff_page:"),
        (('request_page = "User:MaintBot/Requests"', 'request_page = "A|B"'), "service.request_page:"),
        (("hour = 3", "minute = 99"), "service.jobs[0].minute must be between 0 and 59, not 99"),
        (("hour = 3", "hour = -1"), "service.jobs[0].hour must be between 0 and 23, not -1"),
        (("hour = 3", 'minute = "*/5,70"'), "service.jobs[0].minute must stay within 0 to 59"),
        (("hour = 3", 'minute = "5; rm"'), "service.jobs[0].minute is not a cron expression"),
        (('trigger = "cron"\nhour = 3', 'trigger = "interval"\nhours = -1'), "service.jobs[0].hours must be"),
        (
            ('trigger = "cron"\nhour = 3', 'trigger = "interval"\nhours = nan'),
            "service.jobs[0].hours must be",
        ),
        (('trigger = "cron"\nhour = 3', 'trigger = "interval"\nhours = 0'), "longer than zero"),
        (('trigger = "cron"', 'trigger = "cron"\nlimit = 0'), "service.jobs[0].limit must be between 1"),
        (('trigger = "cron"', 'trigger = "cron"\nrecent_hours = -5'), "service.jobs[0].recent_hours must be"),
        (('trigger = "cron"', 'trigger = "cron"\ncategories = ["User:X"]'), "service.jobs[0].categories[]:"),
        (('trigger = "cron"\n', ""), "service.jobs[0].trigger is required"),
        (('id = "nightly"\ntrigger = "cron"', "trigger = 3"), "service.jobs[0].trigger must be a string"),
        (("[[service.jobs]]", "[[service.jobs]]\nbogus = 1"), "unknown key service.jobs[0].bogus"),
        (("[wiki]", "[wiki]\nname = 'my wiki'"), "wiki.name must be letters"),
        (('api_url = "http://127.0.0.1:8765/api.php"', ""), "wiki.api_url is required"),
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
    assert "s3cret-value" not in repr(found)
    assert "s3cret-value" not in str(found)


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
    assert "unknown key run.bogus" in err
    assert "Traceback" not in err
    assert main([command, "--config", str(tmp_path / "missing.toml")]) == 2
    assert "no such config file" in capsys.readouterr().err
