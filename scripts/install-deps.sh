#!/usr/bin/env bash
# Installs what Sportello needs on Debian 12 / Ubuntu 22.04+, skipping whatever is present.
#   install-deps.sh run   — to build and open the app
#   install-deps.sh test  — also the headless test session: Xvfb, D-Bus, gnome-keyring, dunst,
#                           WebKitWebDriver and tauri-driver, and Chromium for the UI's
#                           screenshot suite
set -euo pipefail
mode=${1:-run}

run_packages=(build-essential pkg-config curl file ca-certificates
  libwebkit2gtk-4.1-dev libssl-dev libxdo-dev libayatana-appindicator3-dev librsvg2-dev libdbus-1-dev
  fonts-noto-color-emoji)
test_packages=(xvfb xauth webkit2gtk-driver dbus dbus-bin dbus-x11 gnome-keyring libsecret-tools keyutils
  dunst libnotify-bin fonts-dejavu-core chromium)

packages=("${run_packages[@]}")
[ "$mode" = test ] && packages+=("${test_packages[@]}")

sudo=""
[ "$(id -u)" -eq 0 ] || sudo=sudo

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing system packages: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# Rust: the toolchain the project builds with, with its formatter and linter.
if ! command -v cargo >/dev/null 2>&1; then
  echo "Installing Rust (rustup)"
  curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal -c clippy,rustfmt
  # shellcheck disable=SC1091
  . "$HOME/.cargo/env"
fi
if command -v rustup >/dev/null 2>&1; then
  for c in clippy rustfmt; do
    rustup component list --installed 2>/dev/null | grep -q "^$c" || rustup component add "$c"
  done
fi

# Node.js 20 or newer for the UI build (Vite 8). Debian's own package is older on some releases.
node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$node_major" -lt 20 ]; then
  echo "Installing Node.js 22 (found major version $node_major; the UI build needs 20 or newer)"
  curl -fsSL https://deb.nodesource.com/setup_22.x | $sudo -E bash -
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq nodejs
fi

if [ "$mode" = test ]; then
  cargo_bin="${CARGO_HOME:-$HOME/.cargo}/bin"
  if [ ! -x "$cargo_bin/tauri-driver" ]; then
    echo "Installing tauri-driver"
    cargo install tauri-driver --locked --version '^2.0'
  fi
fi
