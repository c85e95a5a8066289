"""Settings from a TOML file: typed, validated, every error naming the key at fault."""

from __future__ import annotations

import os
import stat
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

ENV_CONFIG = "MAINTBOT_CONFIG"
ENV_USER = "MAINTBOT_BOT_USER"
ENV_PASSWORD = "MAINTBOT_BOT_PASSWORD"
ENV_PASSWORD_FILE = "MAINTBOT_PASSWORD_FILE"


class ConfigError(Exception):
    """A bad or missing setting; the message names the file and the key."""


@dataclass(frozen=True, slots=True)
class WikiSettings:
    api_url: str
    name: str = "localwiki"
    user: str = ""  # the account; the BotPassword login name is user@app
    password_file: Path | None = None
    user_agent_contact: str = ""


@dataclass(frozen=True, slots=True)
class RunSettings:
    namespaces: tuple[int, ...] = (0,)
    select: tuple[str, ...] = ("ALL",)
    ignore: tuple[str, ...] = ()
    throttle_seconds: float = 10.0
    maxlag_seconds: int = 5
    max_retries: int = 3
    retry_wait_seconds: float = 5.0
    batch_size: int = 50
    task_page: str = ""
    state_dir: Path = Path("var/state")
    shutoff_page: str = ""
    shutoff_run_value: str = "run"


@dataclass(frozen=True, slots=True)
class WordingSettings:
    summary_prefix: str = "maintbot:"
    talk_heading: str = "maintbot: short footnote and image problems"
    talk_intro: str = (
        "maintbot checked this article's short footnotes and image blocks and found problems"
        " that need a human decision. Nothing here was changed by the bot."
    )


@dataclass(frozen=True, slots=True)
class JobSettings:
    """One scheduled run: a trigger (interval or cron) and the pages it takes."""

    id: str
    trigger: str  # "interval" or "cron"
    trigger_args: dict[str, Any]
    pages: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    transcludes: tuple[str, ...] = ()
    recent_hours: float | None = None
    limit: int | None = None


@dataclass(frozen=True, slots=True)
class ServiceSettings:
    request_page: str = ""
    request_group: str = "sysop"
    request_poll_seconds: float = 60.0
    trigger_poll_seconds: float = 5.0
    misfire_grace_seconds: int = 3600
    jobs: tuple[JobSettings, ...] = ()


@dataclass(frozen=True, slots=True)
class Settings:
    path: Path
    wiki: WikiSettings
    run: RunSettings = field(default_factory=RunSettings)
    wording: WordingSettings = field(default_factory=WordingSettings)
    service: ServiceSettings = field(default_factory=ServiceSettings)


@dataclass(frozen=True, slots=True)
class Credentials:
    login_name: str  # User@AppId
    password: str

    @property
    def account(self) -> str:
        return self.login_name.split("@", 1)[0]

    @property
    def app_id(self) -> str:
        return self.login_name.split("@", 1)[1]

    def __repr__(self) -> str:  # never let the secret reach a log or a traceback
        return f"Credentials(login_name={self.login_name!r}, password=<hidden>)"

    __str__ = __repr__


_SECTIONS: dict[str, set[str]] = {
    "wiki": {"api_url", "name", "user", "password_file", "user_agent_contact"},
    "run": {
        "namespaces",
        "select",
        "ignore",
        "throttle_seconds",
        "maxlag_seconds",
        "max_retries",
        "retry_wait_seconds",
        "batch_size",
        "task_page",
        "state_dir",
        "shutoff_page",
        "shutoff_run_value",
    },
    "service": {
        "request_page",
        "request_group",
        "request_poll_seconds",
        "trigger_poll_seconds",
        "misfire_grace_seconds",
        "jobs",
    },
    "wording": {"summary_prefix", "talk_heading", "talk_intro"},
}


def _typed(path: Path, key: str, value: Any, kind: type | tuple[type, ...]) -> Any:
    if isinstance(value, bool) or not isinstance(value, kind):
        names = kind.__name__ if isinstance(kind, type) else " or ".join(k.__name__ for k in kind)
        raise ConfigError(f"{path}: {key} must be a {names}, not {value!r}")
    return value


def _list_of(path: Path, key: str, value: Any, kind: type) -> tuple[Any, ...]:
    items = _typed(path, key, value, list)
    for item in items:
        _typed(path, f"{key}[]", item, kind)
    return tuple(items)


def load(path: str | Path) -> Settings:
    """Read and check a config file; relative paths in it are relative to the file."""
    path = Path(path)
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such config file") from None
    except OSError as error:
        raise ConfigError(f"{path}: cannot read: {error.strerror}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: not valid TOML: {error}") from None
    for section, value in raw.items():
        if section not in _SECTIONS:
            raise ConfigError(f"{path}: unknown section [{section}]")
        _typed(path, f"[{section}]", value, dict)
        for key in value:
            if key not in _SECTIONS[section]:
                raise ConfigError(f"{path}: unknown key {section}.{key}")
    base = path.resolve().parent
    wiki_raw = raw.get("wiki")
    if not wiki_raw or "api_url" not in wiki_raw:
        raise ConfigError(f"{path}: wiki.api_url is required")
    api_url = _typed(path, "wiki.api_url", wiki_raw["api_url"], str)
    parsed = urlparse(api_url)
    if parsed.scheme not in ("http", "https") or not parsed.netloc or not parsed.path.endswith("api.php"):
        raise ConfigError(f"{path}: wiki.api_url must be an http(s) URL ending in api.php, not {api_url!r}")
    password_file = wiki_raw.get("password_file")
    wiki = WikiSettings(
        api_url=api_url,
        name=_typed(path, "wiki.name", wiki_raw.get("name", "localwiki"), str),
        user=_typed(path, "wiki.user", wiki_raw.get("user", ""), str),
        password_file=base / _typed(path, "wiki.password_file", password_file, str)
        if password_file
        else None,
        user_agent_contact=_typed(
            path, "wiki.user_agent_contact", wiki_raw.get("user_agent_contact", ""), str
        ),
    )
    run_raw = raw.get("run", {})
    defaults = RunSettings()
    number = (int, float)
    run = RunSettings(
        namespaces=_list_of(
            path, "run.namespaces", run_raw.get("namespaces", list(defaults.namespaces)), int
        ),
        select=_list_of(path, "run.select", run_raw.get("select", list(defaults.select)), str),
        ignore=_list_of(path, "run.ignore", run_raw.get("ignore", list(defaults.ignore)), str),
        throttle_seconds=float(
            _typed(
                path,
                "run.throttle_seconds",
                run_raw.get("throttle_seconds", defaults.throttle_seconds),
                number,
            )
        ),
        maxlag_seconds=_typed(
            path, "run.maxlag_seconds", run_raw.get("maxlag_seconds", defaults.maxlag_seconds), int
        ),
        max_retries=_typed(path, "run.max_retries", run_raw.get("max_retries", defaults.max_retries), int),
        retry_wait_seconds=float(
            _typed(
                path,
                "run.retry_wait_seconds",
                run_raw.get("retry_wait_seconds", defaults.retry_wait_seconds),
                number,
            )
        ),
        batch_size=_typed(path, "run.batch_size", run_raw.get("batch_size", defaults.batch_size), int),
        task_page=_typed(path, "run.task_page", run_raw.get("task_page", ""), str),
        state_dir=base / _typed(path, "run.state_dir", run_raw.get("state_dir", "../var/state"), str),
        shutoff_page=_typed(path, "run.shutoff_page", run_raw.get("shutoff_page", ""), str),
        shutoff_run_value=_typed(path, "run.shutoff_run_value", run_raw.get("shutoff_run_value", "run"), str),
    )
    if run.throttle_seconds < 0:
        raise ConfigError(f"{path}: run.throttle_seconds must not be negative")
    if not 1 <= run.batch_size <= 500:
        raise ConfigError(f"{path}: run.batch_size must be between 1 and 500")
    wording_raw = raw.get("wording", {})
    wording_defaults = WordingSettings()
    wording = WordingSettings(
        **{
            key: _typed(path, f"wording.{key}", wording_raw.get(key, getattr(wording_defaults, key)), str)
            for key in _SECTIONS["wording"]
        }
    )
    service = _service(path, raw.get("service", {}))
    return Settings(path=path, wiki=wiki, run=run, wording=wording, service=service)


_INTERVAL_KEYS = {"weeks", "days", "hours", "minutes", "seconds"}
_CRON_KEYS = {"year", "month", "day", "week", "day_of_week", "hour", "minute", "second"}
_JOB_KEYS = {"id", "trigger", "pages", "categories", "transcludes", "recent_hours", "limit"}


def _service(path: Path, raw: dict[str, Any]) -> ServiceSettings:
    defaults = ServiceSettings()
    number = (int, float)
    jobs = []
    for index, job in enumerate(_typed(path, "service.jobs", raw.get("jobs", []), list)):
        where = f"service.jobs[{index}]"
        _typed(path, where, job, dict)
        trigger = _typed(path, f"{where}.trigger", job.get("trigger", ""), str)
        allowed = {"interval": _INTERVAL_KEYS, "cron": _CRON_KEYS}.get(trigger)
        if allowed is None:
            raise ConfigError(f"{path}: {where}.trigger must be 'interval' or 'cron', not {trigger!r}")
        for key in job:
            if key not in _JOB_KEYS and key not in allowed:
                raise ConfigError(f"{path}: unknown key {where}.{key}")
        trigger_args = {k: v for k, v in job.items() if k in allowed}
        if not trigger_args:
            raise ConfigError(f"{path}: {where} needs a schedule ({', '.join(sorted(allowed))})")
        jobs.append(
            JobSettings(
                id=_typed(path, f"{where}.id", job.get("id", ""), str) or f"job{index + 1}",
                trigger=trigger,
                trigger_args=trigger_args,
                pages=_list_of(path, f"{where}.pages", job.get("pages", []), str),
                categories=_list_of(path, f"{where}.categories", job.get("categories", []), str),
                transcludes=_list_of(path, f"{where}.transcludes", job.get("transcludes", []), str),
                recent_hours=job.get("recent_hours"),
                limit=job.get("limit"),
            )
        )
    return ServiceSettings(
        request_page=_typed(path, "service.request_page", raw.get("request_page", ""), str),
        request_group=_typed(path, "service.request_group", raw.get("request_group", "sysop"), str),
        request_poll_seconds=float(
            _typed(
                path,
                "service.request_poll_seconds",
                raw.get("request_poll_seconds", defaults.request_poll_seconds),
                number,
            )
        ),
        trigger_poll_seconds=float(
            _typed(
                path,
                "service.trigger_poll_seconds",
                raw.get("trigger_poll_seconds", defaults.trigger_poll_seconds),
                number,
            )
        ),
        misfire_grace_seconds=_typed(
            path,
            "service.misfire_grace_seconds",
            raw.get("misfire_grace_seconds", defaults.misfire_grace_seconds),
            int,
        ),
        jobs=tuple(jobs),
    )


def credentials(settings: Settings) -> Credentials:
    """The BotPassword, from the environment or from a file only its owner may read."""
    user = os.environ.get(ENV_USER)
    password = os.environ.get(ENV_PASSWORD)
    if user and password:
        return _checked(Credentials(user, password), ENV_USER)
    file_name = os.environ.get(ENV_PASSWORD_FILE)
    path = Path(file_name) if file_name else settings.wiki.password_file
    if path is None:
        raise ConfigError(
            f"{settings.path}: no credentials: set wiki.password_file, {ENV_PASSWORD_FILE},"
            f" or {ENV_USER} and {ENV_PASSWORD}"
        )
    try:
        mode = path.stat().st_mode
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise ConfigError(f"{path}: cannot read the password file: {error.strerror}") from None
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise ConfigError(f"{path}: the password file is readable by others; run: chmod 600 {path}")
    try:
        raw = tomllib.loads(text)
        found = Credentials(str(raw["user"]), str(raw["password"]))
    except (tomllib.TOMLDecodeError, KeyError):
        raise ConfigError(f'{path}: expected two keys, user = "Name@AppId" and password = "..."') from None
    return _checked(found, str(path))


def _checked(found: Credentials, origin: str) -> Credentials:
    if "@" not in found.login_name:
        raise ConfigError(f"{origin}: the user must be a BotPassword login name, Name@AppId")
    return found
