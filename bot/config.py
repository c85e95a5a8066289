"""Settings from a TOML file: typed, validated, every error naming the key at fault.

Each key is declared once, as a dataclass field: its type, its default and, in the field's
metadata, its range or check. One loader walks those declarations, so a key cannot be read
without being validated, and the classes the rest of the bot uses are the declarations
themselves. (msgspec would decode as fast, but its errors name ``$.run.namespaces[0]`` rather
than the key path operators write, relative paths need the file's folder anyway, and it would be
one more dependency for a few dozen keys.)
"""

from __future__ import annotations

import math
import os
import re
import stat
import tomllib
import types
import typing
from collections.abc import Callable
from dataclasses import MISSING, Field, dataclass, field, fields
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from bot.titles import BadTitle, category_title, page_title, template_title

ENV_CONFIG = "MAINTBOT_CONFIG"
ENV_USER = "MAINTBOT_BOT_USER"
ENV_PASSWORD = "MAINTBOT_BOT_PASSWORD"
ENV_PASSWORD_FILE = "MAINTBOT_PASSWORD_FILE"


class ConfigError(Exception):
    """A bad or missing setting; the message names the file and the key."""


Check = Callable[[Any], Any]  # returns the value, normalised, or raises ValueError saying why


def _setting(
    default: Any = MISSING,
    *,
    within: tuple[float, float] | None = None,
    check: Check | None = None,
    nonempty: bool = False,
) -> Any:
    """A declared key: its default, the closed range a number (or each item) must lie in, a check
    for each value, and whether a list may be empty."""
    return field(default=default, metadata={"within": within, "check": check, "nonempty": nonempty})


def _optional_title(parse: Callable[[str], str]) -> Check:
    """A title check that also accepts "" (the feature is off)."""

    def check(value: str) -> str:
        return parse(value) if value else value

    return check


def _api_url(value: str) -> str:
    parsed = urlparse(value)
    if parsed.scheme not in ("http", "https") or not parsed.netloc or not parsed.path.endswith("api.php"):
        raise ValueError(f"must be an http(s) URL ending in api.php, not {value!r}")
    return value


def _family_name(value: str) -> str:
    # It names pywikibot's family, a Python identifier-like name in a generated file.
    if not re.fullmatch(r"[A-Za-z0-9_-]+", value):
        raise ValueError(f"must be letters, digits, '-' or '_', not {value!r}")
    return value


def _not_empty(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be empty")
    return value


def _default_state_dir() -> Path:
    """systemd's StateDirectory when run as a unit, else the user's XDG state folder."""
    if os.environ.get("STATE_DIRECTORY"):
        return Path(os.environ["STATE_DIRECTORY"].split(":")[0])
    base = os.environ.get("XDG_STATE_HOME") or Path.home() / ".local" / "state"
    return Path(base) / "maintbot"


@dataclass(frozen=True, slots=True)
class WikiSettings:
    api_url: str = _setting(check=_api_url)
    name: str = _setting("wiki", check=_family_name)  # pywikibot's family name for this wiki
    user: str = ""  # the account; the BotPassword login name is user@app
    password_file: Path | None = None
    user_agent_contact: str = ""


@dataclass(frozen=True, slots=True)
class RunSettings:
    namespaces: tuple[int, ...] = _setting((0,), within=(0, 1_000_000), nonempty=True)
    select: tuple[str, ...] = _setting(("ALL",), check=_not_empty, nonempty=True)
    ignore: tuple[str, ...] = _setting((), check=_not_empty)
    throttle_seconds: float = _setting(10.0, within=(0, 3600))
    maxlag_seconds: int = _setting(5, within=(1, 600))
    max_retries: int = _setting(3, within=(0, 100))
    retry_wait_seconds: float = _setting(5.0, within=(0, 3600))
    # Pages per query; a run uses at most what the API allows the account (50, or 500 for bots).
    batch_size: int = _setting(500, within=(1, 500))
    task_page: str = _setting("", check=_optional_title(page_title))
    state_dir: Path = field(default_factory=_default_state_dir)
    shutoff_page: str = _setting("", check=_optional_title(page_title))
    shutoff_run_value: str = _setting("run", check=_not_empty)


@dataclass(frozen=True, slots=True)
class WordingSettings:
    summary_prefix: str = "maintbot:"
    talk_heading: str = _setting("maintbot: short footnote and image problems", check=_not_empty)
    talk_intro: str = (
        "maintbot checked this article's short footnotes and image blocks and found problems"
        " that need a human decision. Nothing here was changed by the bot."
    )


# APScheduler's trigger keywords. Interval keys are lengths; cron keys are a number in range or
# a cron expression whose numbers must be in that range.
_INTERVAL_KEYS = ("weeks", "days", "hours", "minutes", "seconds")
_CRON_RANGES = {
    "year": (1970, 9999),
    "month": (1, 12),
    "day": (1, 31),
    "week": (1, 53),
    "day_of_week": (0, 6),
    "hour": (0, 23),
    "minute": (0, 59),
    "second": (0, 59),
}
_CRON_EXPRESSION = re.compile(r"[\w*/,\- ]+")


# What a run that names no pages checks. Every page that calls {{sfn}}, {{sfnp}}, {{sfnm}} or any
# {{harv}} template transcludes Module:Footnotes, whatever the wiki calls the template; Sfn and
# Sfnm still find the pages of a wiki whose footnote templates do without the module.
DEFAULT_TRANSCLUDES = ("Module:Footnotes", "Sfn", "Sfnm", "Multiple image")


@dataclass(frozen=True, slots=True)
class JobSettings:
    """One scheduled run: a trigger (interval or cron) and the pages it takes.

    ``trigger_args`` are the job's other keys, checked against the trigger's own keywords.
    """

    trigger: str = _setting(check=lambda value: _one_of(value, ("interval", "cron")))
    id: str = ""
    trigger_args: dict[str, Any] = field(default_factory=dict)
    pages: tuple[str, ...] = _setting((), check=page_title)
    categories: tuple[str, ...] = _setting((), check=category_title)
    transcludes: tuple[str, ...] = _setting((), check=template_title)
    recent_hours: float | None = _setting(None, within=(0.01, 24 * 366))
    limit: int | None = _setting(None, within=(1, 10**9))


@dataclass(frozen=True, slots=True)
class ServiceSettings:
    request_page: str = _setting("", check=_optional_title(page_title))
    status_page: str = _setting("", check=_optional_title(page_title))  # kept up to date by the daemon
    request_group: str = _setting("sysop", check=_not_empty)
    request_poll_seconds: float = _setting(60.0, within=(1, 86400))
    max_request_pages: int = _setting(500, within=(1, 10**6))  # a larger request is declined
    trigger_poll_seconds: float = _setting(5.0, within=(0.1, 86400))
    misfire_grace_seconds: int = _setting(3600, within=(1, 7 * 86400))
    jobs: tuple[JobSettings, ...] = ()


@dataclass(frozen=True, slots=True)
class Settings:
    path: Path
    wiki: WikiSettings
    run: RunSettings = field(default_factory=RunSettings)
    wording: WordingSettings = field(default_factory=WordingSettings)
    service: ServiceSettings = field(default_factory=ServiceSettings)


_TRIGGER = next(f for f in fields(JobSettings) if f.name == "trigger")
_SECTIONS: dict[str, type] = {
    "wiki": WikiSettings,
    "run": RunSettings,
    "wording": WordingSettings,
    "service": ServiceSettings,
}


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


def load(path: str | Path) -> Settings:
    """Read and check a config file; relative paths in it are relative to the file."""
    path = Path(path)
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such config file") from None
    except IsADirectoryError:
        raise ConfigError(f"{path}: is a directory, not a config file") from None
    except OSError as error:
        raise ConfigError(f"{path}: cannot read: {error.strerror}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: not valid TOML: {error}") from None
    try:
        return _settings(path, raw)
    except _Bad as bad:
        raise ConfigError(f"{path}: {bad}") from None


class _Bad(Exception):
    """What is wrong, starting with the key path; load() adds the file."""


def _settings(path: Path, raw: dict[str, Any]) -> Settings:
    for section in raw:
        if section not in _SECTIONS:
            raise _Bad(f"unknown section [{section}]")
    base = path.resolve().parent
    if "api_url" not in raw.get("wiki", {}):
        raise _Bad("wiki.api_url is required")
    built = {section: _build(cls, raw.get(section, {}), section, base) for section, cls in _SECTIONS.items()}
    return Settings(path=path, **built)


def _build(cls: type, raw: Any, where: str, base: Path, extra: set[str] | None = None) -> Any:
    """An instance of the declaration ``cls`` from its TOML table; ``extra`` keys are left out."""
    if not isinstance(raw, dict):
        raise _Bad(f"{f'[{where}]' if '.' not in where else where} must be a table")
    declared = {f.name: f for f in fields(cls)}
    for key in raw:
        if key not in declared and key not in (extra or ()):
            raise _Bad(f"unknown key {where}.{key}")
    hints = typing.get_type_hints(cls)
    values = {}
    for name, declaration in declared.items():
        if name in raw:
            values[name] = _value(hints[name], raw[name], f"{where}.{name}", declaration, base)
        elif declaration.default is MISSING and declaration.default_factory is MISSING:
            raise _Bad(f"{where}.{name} is required")
    return cls(**values)


def _value(kind: Any, value: Any, key: str, declaration: Field[Any], base: Path) -> Any:
    """One value converted to its declared type, in range and checked."""
    if typing.get_origin(kind) in (types.UnionType, typing.Union):  # X | None: TOML has no null
        kind = next(arg for arg in typing.get_args(kind) if arg is not type(None))
    if typing.get_origin(kind) is tuple:
        item_kind = typing.get_args(kind)[0]
        items = _typed(key, value, list, "a list")
        if item_kind is JobSettings:
            return _jobs(items, key, base)
        if declaration.metadata.get("nonempty") and not items:
            raise _Bad(f"{key} must not be empty")
        return tuple(_value(item_kind, item, f"{key}[]", declaration, base) for item in items)
    if kind is Path:
        written = Path(_typed(key, value, str, "a path (a string)")).expanduser()
        return Path(os.path.normpath(base / written))
    if kind is str:
        value = _typed(key, value, str, "a string")
    elif kind is int:
        value = _typed(key, value, int, "an integer")
    elif kind is float:
        value = float(_typed(key, value, (int, float), "a number"))
        if not math.isfinite(value):
            raise _Bad(f"{key} must be a finite number, not {value}")
    within = declaration.metadata.get("within")
    if within is not None and not within[0] <= value <= within[1]:
        raise _Bad(f"{key} must be between {within[0]:g} and {within[1]:g}, not {value}")
    check = declaration.metadata.get("check")
    if check is not None:
        try:
            return check(value)
        except BadTitle as error:
            raise _Bad(f"{key}: {error}") from None
        except ValueError as error:
            raise _Bad(f"{key} {error}") from None
    return value


def _typed(key: str, value: Any, kind: type | tuple[type, ...], name: str) -> Any:
    if isinstance(value, bool) or not isinstance(value, kind):
        raise _Bad(f"{key} must be {name}, not {value!r}")
    return value


def _one_of(value: str, choices: tuple[str, ...]) -> str:
    if value not in choices:
        raise ValueError(f"must be {' or '.join(repr(c) for c in choices)}, not {value!r}")
    return value


def _jobs(items: list[Any], key: str, base: Path) -> tuple[JobSettings, ...]:
    jobs = []
    for index, raw in enumerate(items):
        where = f"{key}[{index}]"
        _typed(where, raw, dict, "a table")
        if "trigger" not in raw:
            raise _Bad(f"{where}.trigger is required ('interval' or 'cron')")
        trigger = _value(str, raw["trigger"], f"{where}.trigger", _TRIGGER, base)
        extra = set(_INTERVAL_KEYS) if trigger == "interval" else set(_CRON_RANGES)
        job = _build(JobSettings, raw, where, base, extra=extra)
        arguments = {name: raw[name] for name in (*_INTERVAL_KEYS, *_CRON_RANGES) if name in extra & set(raw)}
        if not arguments:
            raise _Bad(f"{where} needs a schedule ({', '.join(sorted(extra))})")
        for name, value in arguments.items():
            _trigger_argument(f"{where}.{name}", name, value)
        if trigger == "interval" and not any(arguments.values()):
            raise _Bad(f"{where} needs an interval longer than zero")
        jobs.append(
            JobSettings(
                trigger=job.trigger,
                id=job.id or f"job{index + 1}",
                trigger_args=arguments,
                pages=job.pages,
                categories=job.categories,
                transcludes=job.transcludes,
                recent_hours=job.recent_hours,
                limit=job.limit,
            )
        )
    names = [job.id for job in jobs]
    for name in names:
        if names.count(name) > 1:
            raise _Bad(f"{key} has two jobs with the id {name!r}")
    return tuple(jobs)


def _trigger_argument(key: str, name: str, value: Any) -> None:
    if name in _INTERVAL_KEYS:
        length = float(_typed(key, value, (int, float), "a number"))
        if not (math.isfinite(length) and 0 <= length <= 10_000):
            raise _Bad(f"{key} must be a number from 0 to 10000, not {value}")
        return
    low, high = _CRON_RANGES[name]
    if isinstance(value, str):
        if not _CRON_EXPRESSION.fullmatch(value):
            raise _Bad(f"{key} is not a cron expression: {value!r}")
        # Numbers after '/' are steps; every other number names a value of the field.
        numbers = [int(n) for n in re.findall(r"(?<![/\d])\d+", value)]
        steps = [int(n) for n in re.findall(r"/(\d+)", value)]
        if any(not low <= n <= high for n in numbers) or any(step < 1 for step in steps):
            raise _Bad(f"{key} must stay within {low} to {high}, not {value!r}")
        return
    number = _typed(key, value, int, "an integer or a cron expression")
    if not low <= number <= high:
        raise _Bad(f"{key} must be between {low} and {high}, not {number}")


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
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: the password file is not UTF-8 text") from None
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
