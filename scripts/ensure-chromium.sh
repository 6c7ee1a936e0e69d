#!/usr/bin/env bash
# Makes sure Debian's Chromium is installed for the browser tests (npm run test:browser):
# playwright-core drives it, and never downloads a browser of its own (there are no downloads
# on these machines, only the npm registry and Debian's packages).
#
#   scripts/ensure-chromium.sh [path]     (default path: /usr/bin/chromium)
#
# Prints the version when it is there. Otherwise installs the chromium package with apt-get:
# as root directly, else through sudo when that needs no password; failing both, it stops
# and says what to run. Safe to run again: an installed Chromium is left as it is.
set -euo pipefail

chromium=${1:-/usr/bin/chromium}

version() {
  # Debian's launcher script prints a harmless shell warning on stderr on some machines.
  "$chromium" --version 2>/dev/null
}

if [ -x "$chromium" ]; then
  version || { echo "$chromium is there but does not run: reinstall it with: apt-get install --reinstall -y chromium" >&2; exit 1; }
  exit 0
fi

if [ "$(id -u)" = 0 ]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  as_root=(sudo -n)
else
  cat >&2 <<MSG
The browser tests need Debian's Chromium at $chromium, and it is not installed.
Installing it needs root, and this user cannot use sudo without a password. Run as root:

  apt-get update && apt-get install -y chromium

then run the browser tests again (npm run test:browser).
MSG
  exit 1
fi

echo "Chromium is not at $chromium: installing Debian's chromium package (apt-get)..." >&2
# Wait for a lock held by another apt run (unattended upgrades) instead of failing at once.
lock=(-o DPkg::Lock::Timeout=600)
"${as_root[@]}" apt-get "${lock[@]}" update -q
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get "${lock[@]}" install -y -q chromium
if [ ! -x "$chromium" ]; then
  echo "apt-get installed chromium, but there is still nothing at $chromium. Check: dpkg -L chromium | grep bin/" >&2
  exit 1
fi
version
