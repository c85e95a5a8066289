#!/usr/bin/env python3
"""A real MediaWiki on 127.0.0.1 for the demo and the integration tests.

    scripts/localwiki.py up       install (first time), seed the sample pages, start serving
    scripts/localwiki.py reset    put every page back as seeded (about a tenth of a second)
    scripts/localwiki.py stop     stop the server
    scripts/localwiki.py status   say whether it answers

Debian's ``mediawiki`` package is downloaded and unpacked into ``var/`` rather than installed, so
no Apache is pulled in or started; PHP's built-in server serves it on 127.0.0.1 only. The wiki
uses SQLite; a pristine copy of the database taken after seeding makes resets fast.

Accounts: ``Admin`` (sysop), ``Editor`` (ordinary), ``MaintBot`` (bot group) with a BotPassword
``MaintBot@maintbot``. Generated passwords go to files of mode 600 in the wiki's folder, which
lives outside version control (``var/`` is ignored).

Templates: Scribunto (luasandbox), Cite and ParserFunctions are loaded. Our own citation templates
(``{{cite book}}`` and its kin, Module:Local citation) give references CS1's anchor ids. Where
``../shared/wiki-modules`` is present (or ``$MAINTBOT_SHARED/wiki-modules``), the real
Module:Footnotes, Module:Multiple image and the template pages that invoke them are installed
too, so pages render as on Wikipedia, hidden "no target" errors included.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import secrets
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import time
import tomllib
import urllib.request
import zlib
from collections.abc import Iterator, Set
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
CODE = ROOT / "var" / "mediawiki-code"
DEFAULT_DIR = ROOT / "var" / "localwiki"
DEFAULT_PORT = 8765
PAGES = Path(__file__).resolve().parent / "localwiki_pages"
HOST = "127.0.0.1"
BOT_USER = "MaintBot"
BOT_APP = "maintbot"
BOT_GRANTS = "basic,highvolume,editpage,editprotected,createeditmovepage"
_BOT_PASSWORD_ALPHABET = "0123456789abcdefghijklmnopqrstuv"  # all a BotPassword may contain
SHARED = Path(os.environ.get("MAINTBOT_SHARED", ROOT.parent / "shared"))
MODULES = SHARED / "wiki-modules"


class WikiError(Exception):
    pass


def run_php(args: list[str], wiki: Path | None = None, stdin: str | None = None) -> str:
    """Run a MediaWiki PHP script (a maintenance script, the installer) on ``wiki``."""
    env = dict(os.environ)
    if wiki is not None:
        env["MW_CONFIG_FILE"] = str(wiki / "LocalSettings.php")
    done = subprocess.run(args, cwd=CODE, env=env, input=stdin, capture_output=True, text=True)
    if done.returncode != 0:
        raise WikiError(f"{' '.join(args[:3])} failed:\n{done.stdout}{done.stderr}")
    return done.stdout


def ensure_code() -> None:
    """Unpack Debian's mediawiki and mediawiki-classes packages into var/mediawiki-code."""
    if (CODE / "api.php").is_file():
        return
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            ["apt-get", "download", "-o", "APT::Sandbox::User=root", "mediawiki", "mediawiki-classes"],
            cwd=tmp,
            check=True,
            capture_output=True,
        )
        unpacked = Path(tmp) / "root"
        for deb in Path(tmp).glob("*.deb"):
            subprocess.run(["dpkg-deb", "-x", str(deb), str(unpacked)], check=True)
        staging = CODE.with_name(CODE.name + ".partial")
        shutil.rmtree(staging, ignore_errors=True)
        shutil.copytree(unpacked / "usr/share/mediawiki", staging, symlinks=True)
    # The package points these into /var/lib and /etc; ours stay inside the folder.
    for link in ("extensions", "config", "images", "LocalSettings.php"):
        (staging / link).unlink(missing_ok=True)
    (staging / "extensions").symlink_to("extensions-core")
    (staging / "images").mkdir()
    os.replace(staging, CODE)


def _write_secret(path: Path, text: str) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(text)


def _uploads_link(wiki: Path) -> Path:
    """Where the server finds this wiki's uploads: PHP's built-in server serves files from the code
    folder only, and every wiki of the checkout shares that folder, so each gets a link of its own."""
    return CODE / "images" / hashlib.sha256(str(wiki).encode()).hexdigest()[:16]


def _settings(wiki: Path) -> str:
    return f"""
# --- maintbot local wiki ---
$wgEnableBotPasswords = true;
$wgUploadDirectory = "{wiki}/images";
$wgUploadPath = "/images/{_uploads_link(wiki).name}";
$wgRateLimits = [];
$wgPasswordAttemptThrottle = false;
$wgShowExceptionDetails = true;
$wgGroupPermissions['*']['createaccount'] = false;
$wgGroupPermissions['sysop']['deleterevision'] = true;  # as on Wikipedia: admins may hide an edit's author
if ( file_exists( __DIR__ . '/readonly' ) ) {{
    $wgReadOnly = trim( file_get_contents( __DIR__ . '/readonly' ) );  # tests switch this on and off
}}
$wgEnableUploads = true;
$wgFileExtensions[] = 'png';
wfLoadExtension( 'ParserFunctions' );
wfLoadExtension( 'Renameuser' );  # tests rename accounts that make requests
wfLoadExtension( 'Cite' );
wfLoadExtension( 'Scribunto' );
$wgScribuntoDefaultEngine = 'luasandbox';
# Module:Multiple image asks for TemplateStyles, which Debian does not ship: its tag renders nothing.
$wgHooks['ParserFirstCallInit'][] = static function ( $parser ) {{
    $parser->setHook( 'templatestyles', static fn () => '' );
}};
"""


def install(wiki: Path, port: int) -> None:
    ensure_code()
    shutil.rmtree(wiki, ignore_errors=True)
    (wiki / "data").mkdir(parents=True)
    (wiki / "images").mkdir()
    link = _uploads_link(wiki)
    link.unlink(missing_ok=True)
    link.symlink_to(wiki / "images", target_is_directory=True)
    admin_password = secrets.token_hex(16)
    editor_password = secrets.token_hex(16)
    bot_password = "".join(secrets.choice(_BOT_PASSWORD_ALPHABET) for _ in range(32))
    run_php(
        [
            "php",
            "maintenance/install.php",
            "--dbtype",
            "sqlite",
            "--dbpath",
            str(wiki / "data"),
            "--dbname",
            "wiki",
            "--server",
            f"http://{HOST}:{port}",
            "--scriptpath",
            "",
            "--confpath",
            str(wiki),
            "--pass",
            admin_password,
            "--lang",
            "en",
            "LocalWiki",
            "Admin",
        ]
    )
    with open(wiki / "LocalSettings.php", "a", encoding="utf-8") as settings:
        settings.write(_settings(wiki))
    run_php(["php", "maintenance/createAndPromote.php", "--bot", BOT_USER, secrets.token_hex(16)], wiki)
    run_php(["php", "maintenance/createAndPromote.php", "Editor", editor_password], wiki)
    run_php(
        [
            "php",
            "maintenance/createBotPassword.php",
            "--appid",
            BOT_APP,
            "--grants",
            BOT_GRANTS,
            BOT_USER,
            bot_password,
        ],
        wiki,
    )
    _write_secret(wiki / "bot-password.toml", f'user = "{BOT_USER}@{BOT_APP}"\npassword = "{bot_password}"\n')
    _write_secret(
        wiki / "accounts.toml",
        f'[Admin]\npassword = "{admin_password}"\n[Editor]\npassword = "{editor_password}"\n',
    )
    imported = import_pages(wiki, template_pages())
    seed(wiki, skip_stand_ins=imported)
    snapshot(wiki)
    (wiki / "port").write_text(str(port))


def _png(red: int, green: int, blue: int) -> bytes:
    """A valid one-pixel PNG, so the sample pages can show real files."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(bytes([0, red, green, blue]))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def modules_present() -> bool:
    return (MODULES / "MANIFEST.tsv").is_file() and (MODULES / "templates.tsv").is_file()


def tsv(path: Path) -> Iterator[tuple[str, str]]:
    for line in path.read_text(encoding="utf-8").splitlines()[1:]:  # the first line names the columns
        if line.strip():
            title, value = line.split("\t", 1)
            yield title, value


def template_pages() -> dict[str, str]:
    """Title -> text of every module and template page this wiki gets (see pages.toml)."""
    with_modules = modules_present()
    pages: dict[str, str] = {}
    if with_modules:
        for title, name in tsv(MODULES / "MANIFEST.tsv"):
            pages[title] = (MODULES / name).read_text(encoding="utf-8")
        pages.update(tsv(MODULES / "templates.tsv"))
    manifest = tomllib.loads((PAGES / "pages.toml").read_text(encoding="utf-8"))
    for page in manifest["template"]:
        if page.get("modules") and not with_modules:
            continue
        pages[page["title"]] = (
            page["text"] if "text" in page else (PAGES / page["file"]).read_text(encoding="utf-8")
        )
    return pages


_NAMESPACES = {"Module:": 828, "Template:": 10, "Category:": 14}


def _page_xml(title: str, text: str, stamp: str) -> str:
    module = title.startswith("Module:")
    namespace = next((number for prefix, number in _NAMESPACES.items() if title.startswith(prefix)), 0)
    model, form = ("Scribunto", "text/plain") if module else ("wikitext", "text/x-wiki")
    return (
        f"<page><title>{escape(title)}</title><ns>{namespace}</ns><revision>"
        f"<timestamp>{stamp}</timestamp><contributor><username>Admin</username></contributor>"
        f"<model>{model}</model><format>{form}</format>"
        f'<text xml:space="preserve">{escape(text)}</text></revision></page>\n'
    )


def import_pages(wiki: Path, pages: dict[str, str], *, updates: bool = True) -> set[str]:
    """Create ``pages`` (title -> text) with one importDump.php run, far faster than one edit each.

    ``updates=False`` skips the link tables: right for pages that are only rendered, never listed.
    Returns the titles imported.
    """
    if not pages:
        return set()
    stamp = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    body = "".join(_page_xml(title, text, stamp) for title, text in pages.items())
    with tempfile.NamedTemporaryFile("w", suffix=".xml", encoding="utf-8", delete=False) as dump:
        dump.write(f'<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.11/">\n{body}</mediawiki>\n')
    try:
        run_php(
            ["php", "maintenance/importDump.php", *([] if updates else ["--no-updates"]), dump.name], wiki
        )
    finally:
        os.unlink(dump.name)
    return set(pages)


def seed(wiki: Path, skip_stand_ins: Set[str] = frozenset()) -> None:
    """Upload the sample files and create the sample pages listed in localwiki_pages/pages.toml;
    a stand-in whose real page was imported is left out."""
    manifest = tomllib.loads((PAGES / "pages.toml").read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as files:
        for index, name in enumerate(manifest.get("files", [])):
            (Path(files) / name).write_bytes(_png(40 * index, 120, 200))
        if manifest.get("files"):
            run_php(
                [
                    "php",
                    "maintenance/importImages.php",
                    "--extensions=png",
                    "--user=Admin",
                    "--comment=Sample file",
                    files,
                ],
                wiki,
            )
    for page in manifest["page"]:
        if page.get("stand_in") and page["title"] in skip_stand_ins:
            continue
        source = PAGES / page["file"] if "file" in page else ROOT / page["path"]
        text = source.read_text(encoding="utf-8")
        run_php(
            [
                "php",
                "maintenance/edit.php",
                "-u",
                page.get("user", "Admin"),
                "-s",
                "Seed page",
                page["title"],
            ],
            wiki,
            stdin=text,
        )
        if page.get("protect"):
            run_php(
                ["php", "maintenance/protect.php", "-u", "Admin", "-r", "Test of protection", page["title"]],
                wiki,
            )


def snapshot(wiki: Path) -> None:
    pristine = wiki / "pristine"
    shutil.rmtree(pristine, ignore_errors=True)
    pristine.mkdir()
    for db in (wiki / "data").glob("*.sqlite"):
        shutil.copy2(db, pristine / db.name)


def reset(wiki: Path) -> None:
    """Every page, account and session back to the seeded state, without stopping the server."""
    for db in (wiki / "pristine").glob("*.sqlite"):
        staged = wiki / "data" / (db.name + ".reset")
        shutil.copy2(db, staged)
        os.replace(staged, wiki / "data" / db.name)  # a new inode: no request sees half a file


def api_url(port: int) -> str:
    return f"http://{HOST}:{port}/api.php"


def bot_config(wiki: Path, port: int, name: str, state_dir: Path, **run: object) -> Path:
    """A maintbot config file (in a temporary folder) for this local wiki and its bot account."""
    settings = {"throttle_seconds": 0, "state_dir": str(state_dir), **run}
    lines = "\n".join(f"{key} = {json.dumps(value)}" for key, value in settings.items())
    path = Path(tempfile.mkdtemp()) / f"{name}.toml"
    path.write_text(
        f'[wiki]\napi_url = "{api_url(port)}"\nname = "{name}"\nuser = "{BOT_USER}"\n'
        f'password_file = "{wiki / "bot-password.toml"}"\n[run]\n{lines}\n',
        encoding="utf-8",
    )
    return path


def answers(port: int) -> bool:
    try:
        with urllib.request.urlopen(api_url(port) + "?action=query&format=json", timeout=2) as reply:
            return int(reply.status) == 200
    except OSError:
        return False


def _pid(wiki: Path) -> int | None:
    try:
        return int((wiki / "server.pid").read_text())
    except (OSError, ValueError):
        return None


def start(wiki: Path, port: int) -> None:
    if answers(port):
        return
    log = open(wiki / "server.log", "ab")  # noqa: SIM115 - the server keeps it open
    env = dict(os.environ, MW_CONFIG_FILE=str(wiki / "LocalSettings.php"), PHP_CLI_SERVER_WORKERS="4")
    server = subprocess.Popen(
        ["php", "-S", f"{HOST}:{port}"],
        cwd=CODE,
        env=env,
        stdout=log,
        stderr=log,
        stdin=subprocess.DEVNULL,
        start_new_session=True,
    )
    (wiki / "server.pid").write_text(str(server.pid))
    deadline = time.monotonic() + 30
    while not answers(port):
        if server.poll() is not None or time.monotonic() > deadline:
            raise WikiError(f"the wiki did not start on port {port}; see {wiki / 'server.log'}")
        time.sleep(0.1)


def stop(wiki: Path) -> None:
    pid = _pid(wiki)
    if pid is None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pid, signal.SIGTERM)  # the workers are in the same group
    (wiki / "server.pid").unlink(missing_ok=True)


def _seed_signature(port: int) -> str:
    """What the installed wiki was made from: the port, this script and every sample page."""
    digest = hashlib.sha256(str(port).encode())
    shared = sorted(MODULES.iterdir()) if modules_present() else []
    sources = [Path(__file__), ROOT / "tests/data/great-terror.wiki", *PAGES.rglob("*"), *shared]
    for path in sorted(p for p in sources if p.is_file()):
        digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()


def up(wiki: Path, port: int) -> None:
    """Install (or reinstall when the sample pages changed), then serve."""
    marker = wiki / "seed.sha256"
    signature = _seed_signature(port)
    if not marker.is_file() or marker.read_text() != signature or not (wiki / "pristine").is_dir():
        stop(wiki)
        install(wiki, port)
        marker.write_text(signature)
    start(wiki, port)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("command", choices=("up", "install", "start", "stop", "reset", "status"))
    parser.add_argument("--dir", type=Path, default=DEFAULT_DIR, help=f"wiki folder (default {DEFAULT_DIR})")
    parser.add_argument(
        "--port", type=int, default=DEFAULT_PORT, help=f"port on {HOST} (default {DEFAULT_PORT})"
    )
    args = parser.parse_args()
    wiki = args.dir.resolve()
    try:
        if args.command == "up":
            up(wiki, args.port)
        elif args.command == "install":
            stop(wiki)
            install(wiki, args.port)
        elif args.command == "start":
            start(wiki, args.port)
        elif args.command == "stop":
            stop(wiki)
        elif args.command == "reset":
            reset(wiki)
        else:
            state = "answers" if answers(args.port) else "does not answer"
            print(f"{api_url(args.port)} {state}")
            return 0 if answers(args.port) else 1
    except (WikiError, subprocess.CalledProcessError, OSError) as error:
        print(f"localwiki: error: {error}", file=sys.stderr)
        return 1
    if args.command in ("up", "start"):
        print(f"local wiki: {api_url(args.port)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
