#!/usr/bin/env bash
# Install the system packages the course needs, where missing: a CJK font, a Latin font and Chromium.
# On Debian/Ubuntu as root they are installed with apt-get; elsewhere we say what to install.
set -euo pipefail

need=()
fc-list :lang=zh family 2>/dev/null | grep -q . || need+=(fonts-noto-cjk)
fc-list "Liberation Serif" family 2>/dev/null | grep -q . || need+=(fonts-liberation2)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v fc-list >/dev/null 2>&1 || need+=(fontconfig)

[ ${#need[@]} -eq 0 ] && exit 0

if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" -eq 0 ]; then
    echo "== installing system packages: ${need[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
    # matplotlib caches its font list: forget it so the new font is seen.
    rm -f "${HOME:-/root}"/.cache/matplotlib/fontlist-*.json
else
    echo "make setup: please install these system packages, then run make again: ${need[*]}" >&2
    echo "  (Debian/Ubuntu: sudo apt-get install ${need[*]};" >&2
    echo "   a CJK font keeps Chinese from printing as boxes, the Latin font keeps English punctuation narrow; Chromium runs the browser tests)" >&2
    exit 1
fi
