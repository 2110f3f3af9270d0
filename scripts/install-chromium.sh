#!/bin/sh
# Installs Debian's Chromium for the browser tests (test/browser/), which drive
# /usr/bin/chromium with playwright-core: never a browser downloaded by Playwright.
# Idempotent and quiet when Chromium is already there. Needs root (or sudo) to install.
set -eu

if [ -x /usr/bin/chromium ]; then
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    SUDO="sudo"
  else
    echo "install-chromium: /usr/bin/chromium is missing and this is not root (no sudo): the browser tests will skip" >&2
    exit 0
  fi
fi

echo "install-chromium: installing Debian's chromium (apt-get)…"
# Under a lock: several CI jobs or helpers may call this at once.
# Fonts: Liberation for text, Noto Color Emoji so names with emoji do not render as boxes.
$SUDO env DEBIAN_FRONTEND=noninteractive flock /tmp/voxpop-apt.lock sh -c '
  [ -x /usr/bin/chromium ] && exit 0
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends chromium fonts-liberation fonts-noto-color-emoji >/dev/null
' || true
if [ -x /usr/bin/chromium ]; then
  echo "install-chromium: $(/usr/bin/chromium --version 2>/dev/null || echo chromium) installed"
else
  echo "install-chromium: apt-get could not install chromium: the browser tests would skip" >&2
  exit 1
fi
