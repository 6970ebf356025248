# shellcheck shell=bash
# Sourced by scripts/run-app and scripts/run-tests: brings a fresh Debian
# machine (Python 3.11, maybe root, no display) to a working .venv.
# Every step checks before it acts, so a second run costs well under a second.
set -euo pipefail

LIAISON_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$LIAISON_ROOT/.venv"

# Debian packages: the Secret Service the keyring tests use, the X libraries
# Qt's xcb plugin needs under Xvfb, CJK fonts so Chinese renders, and minisign
# (the standard tool that signs releases and that the provenance tests check
# our signatures against; `liaison verify-build` itself does not need it), and
# PostgreSQL: the relay's PostgreSQL backend is tested against a real server the
# tests start from its binaries (tests/fixtures/postgres.py); psycopg uses libpq5.
DEBIAN_PACKAGES=(
  dbus-daemon gnome-keyring xvfb xauth fonts-noto-cjk minisign poppler-utils
  postgresql libpq5
  libegl1 libgl1 libfontconfig1 libxkbcommon0 libxkbcommon-x11-0 libglib2.0-0
  libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-randr0
  libxcb-render-util0 libxcb-render0 libxcb-shape0 libxcb-shm0 libxcb-sync1
  libxcb-util1 libxcb-xfixes0 libxcb-xkb1 libx11-xcb1 libdbus-1-3
)

liaison_install_debian_packages() {
  command -v dpkg-query >/dev/null 2>&1 || return 0
  local missing=() pkg
  for pkg in "${DEBIAN_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" \
      || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    echo "liaison: missing Debian packages (install them as root): ${missing[*]}" >&2
    return 0
  fi
  echo "liaison: installing Debian packages: ${missing[*]}" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

liaison_install_venv() {
  local python="${LIAISON_PYTHON:-python3}"
  if [ ! -x "$VENV/bin/python" ]; then
    echo "liaison: creating $VENV" >&2
    "$python" -m venv "$VENV"
  fi
  # Reinstall only when the declared dependencies changed.
  local stamp="$VENV/.liaison-installed"
  local want
  want="$(cat "$LIAISON_ROOT/pyproject.toml" "$LIAISON_ROOT/requirements/constraints.txt" | sha256sum | cut -d' ' -f1)"
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    echo "liaison: installing Python dependencies into .venv" >&2
    local log="$VENV/pip-install.log"
    if ! { "$VENV/bin/python" -m pip install --disable-pip-version-check --upgrade pip \
           && "$VENV/bin/python" -m pip install --disable-pip-version-check \
                -c "$LIAISON_ROOT/requirements/constraints.txt" \
                -e "$LIAISON_ROOT[desktop,relay,test]"; } >"$log" 2>&1; then
      tail -n 30 "$log" >&2
      echo "liaison: pip install failed (full log: $log)" >&2
      return 1
    fi
    echo "$want" > "$stamp"
  fi
}

# The project is installed editable, so its own modules have no bytecode until Python
# writes some, and a machine that sets PYTHONDONTWRITEBYTECODE (this CI's does) never
# does: every `liaison` command and relay process would compile ~200 modules again
# (~0.15 s each time). compileall writes it explicitly and skips what is up to date.
liaison_compile_bytecode() {
  "$VENV/bin/python" -m compileall -q -j 0 "$LIAISON_ROOT/liaison_client" "$LIAISON_ROOT/ui" \
      "$LIAISON_ROOT/tests" >/dev/null
}

liaison_install_debian_packages
liaison_install_venv
liaison_compile_bytecode
export PATH="$VENV/bin:$PATH"
