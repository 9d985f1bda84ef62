#!/usr/bin/env bash
# Runs a command inside a throwaway desktop session, as CI has no display, no session bus and no
# keyring: an Xvfb display, a D-Bus session bus, an unlocked gnome-keyring (the real Secret
# Service the tests use) and the dunst notification daemon. HOME is a temporary folder so tests
# never touch the developer's own keyring or WebKit caches.
set -euo pipefail

if [ -z "${SPORTELLO_HEADLESS_INNER:-}" ]; then
  export SPORTELLO_HEADLESS_INNER=1
  export CARGO_HOME="${CARGO_HOME:-$HOME/.cargo}" RUSTUP_HOME="${RUSTUP_HOME:-$HOME/.rustup}"
  session_home=$(mktemp -d -t sportello-home.XXXXXX)
  trap 'rm -rf "$session_home"' EXIT
  unset XDG_DATA_HOME XDG_CONFIG_HOME XDG_CACHE_HOME DBUS_SESSION_BUS_ADDRESS DISPLAY
  status=0
  HOME="$session_home" xvfb-run -a -s "-screen 0 1280x800x24" \
    dbus-run-session -- keyctl session - bash "$0" "$@" || status=$?
  exit "$status"
fi

# The password must be non-empty: an empty one creates no login keyring on a fresh HOME.
printf '%s' "sportello-test-session" | gnome-keyring-daemon --unlock --components=secrets >/dev/null

dunst >/dev/null 2>&1 &
for _ in $(seq 50); do
  if dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
      org.freedesktop.DBus.NameHasOwner string:org.freedesktop.Notifications 2>/dev/null | grep -q true; then
    break
  fi
  sleep 0.1
done

"$@"
