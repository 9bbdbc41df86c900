#!/usr/bin/env bash
# Runs every test (the README's `dotnet test`), first making sure that what the tests start themselves is installed:
# Debian's chromium at /usr/bin/chromium (the CORS browser tests drive it headless) and Debian's redis-server at
# /usr/bin/redis-server (the fleet tests start one on a free loopback port and stop it). Arguments go to `dotnet test`, e.g.
#   ./test.sh --artifacts-path /tmp/art
# Exits with dotnet test's status. Under CI=true the browser tests fail (not skip) when the browser cannot start.
set -uo pipefail
cd "$(dirname "$0")" || exit 1

install_packages() {
  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    if ! command -v sudo >/dev/null 2>&1; then
      echo "test.sh: not root and no sudo, so $* cannot be installed; the tests that need them will report it." >&2
      return 1
    fi
    sudo=(sudo)
  fi
  "${sudo[@]}" apt-get update \
    && "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$@"
}

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -x /usr/bin/redis-server ] || missing+=(redis-server)
if [ ${#missing[@]} -gt 0 ]; then
  echo "test.sh: installing Debian's ${missing[*]} for the tests that start them." >&2
  install_packages "${missing[@]}" || echo "test.sh: ${missing[*]} not installed; the tests that need them will report it." >&2
fi

dotnet test "$@"
exit $?
