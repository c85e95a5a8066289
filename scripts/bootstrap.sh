#!/usr/bin/env bash
# Install what maintbot and its tests need, idempotently: Debian packages for the local
# MediaWiki and lbzip2 for scan-dump (when apt-get is there and we are root), and a virtualenv in
# .venv with the project.
set -euo pipefail
cd "$(dirname "$0")/.."

# chromium: the browser tests look at talk reports and review pages as people see them.
APT_PACKAGES=(php-cli php-sqlite3 php-intl php-mbstring php-xml php-luasandbox chromium fonts-dejavu-core lbzip2)

need_apt=()
if command -v dpkg-query >/dev/null 2>&1; then
    for pkg in "${APT_PACKAGES[@]}"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || need_apt+=("$pkg")
    done
fi
if [ ${#need_apt[@]} -gt 0 ]; then
    if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "bootstrap: installing ${need_apt[*]}" >&2
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq
        apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
    else
        echo "bootstrap: missing Debian packages ${need_apt[*]} (run as root, or install them)" >&2
    fi
fi

PYTHON="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
    "$PYTHON" -m venv .venv
fi
stamp=.venv/.maintbot-installed
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
    mkdir -p var
    if ! .venv/bin/python -m pip install -q -e '.[dev]' >var/bootstrap.log 2>&1; then
        cat var/bootstrap.log >&2
        echo "bootstrap: pip install failed (log above, also in var/bootstrap.log)" >&2
        exit 1
    fi
    touch "$stamp"
fi
