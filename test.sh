#!/usr/bin/env bash
# Runs every test (the README's `dotnet test`), first making sure the headless browser that the CORS browser tests
# drive is installed: Debian's chromium at /usr/bin/chromium. Arguments go to `dotnet test`, e.g.
#   ./test.sh --artifacts-path /tmp/art
# Exits with dotnet test's status. Under CI=true the browser tests fail (not skip) when the browser cannot start.
set -uo pipefail
cd "$(dirname "$0")" || exit 1

install_chromium() {
  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    if ! command -v sudo >/dev/null 2>&1; then
      echo "test.sh: not root and no sudo, so chromium cannot be installed; the browser tests will report it." >&2
      return 1
    fi
    sudo=(sudo)
  fi
  "${sudo[@]}" apt-get update \
    && "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium
}

if [ ! -x /usr/bin/chromium ]; then
  echo "test.sh: /usr/bin/chromium is missing; installing Debian's chromium for the browser tests." >&2
  install_chromium || echo "test.sh: chromium was not installed; the browser tests will report it." >&2
fi

dotnet test "$@"
exit $?
