#!/usr/bin/env bash
# Install, where missing, the system packages that `make test` or `make book` needs.
# Usage: system-packages.sh test|book
# A learner's `make setup` and `make lab` need none of them (only Python). On Debian/Ubuntu
# as root the missing ones are installed with apt-get; otherwise it stops and says what to install.
set -euo pipefail

# One entry per Debian package: "<package> <targets that need it> [<shell test that succeeds when
# it is installed>]". Without a test, dpkg is asked. To add a package, add a line.
PACKAGES=(
    "fontconfig      test,book  command -v fc-list"
    "fonts-noto-cjk  test,book  fc-list 'Noto Sans CJK SC' family | grep -q ."
    "fonts-liberation2 test,book fc-list 'Liberation Serif' family | grep -q ."
    "chromium        test       command -v chromium"
)

target="${1:-}"
case "$target" in
    test|book) ;;
    *) echo "usage: $0 test|book" >&2; exit 2 ;;
esac

installed() {  # installed <package> [<test>...]
    local package="$1"; shift
    if [ $# -gt 0 ]; then
        bash -c "$*" >/dev/null 2>&1
    else
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"
    fi
}

need=()
for entry in "${PACKAGES[@]}"; do
    read -r package targets check <<<"$entry"
    [[ ",$targets," == *",$target,"* ]] || continue
    installed "$package" ${check:+"$check"} || need+=("$package")
done

[ ${#need[@]} -eq 0 ] && exit 0

if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" -eq 0 ]; then
    echo "== make $target: installing system packages: ${need[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
    # matplotlib caches its font list: forget it so a new font is seen.
    rm -f "${HOME:-/root}"/.cache/matplotlib/fontlist-*.json
    exit 0
fi

echo "make $target needs these system packages, which are not installed: ${need[*]}" >&2
if command -v apt-get >/dev/null 2>&1; then
    echo "  Install them (this needs root), then run make $target again:" >&2
    echo "    sudo apt-get install ${need[*]}" >&2
else
    echo "  This system has no apt-get: install the same with its package manager (fontconfig;" >&2
    echo "  the fonts Noto Sans CJK SC and Liberation Serif/Sans; Chromium as /usr/bin/chromium), then run make $target again." >&2
fi
echo "  (Learners do not need them: make lab needs only Python 3.11.)" >&2
exit 1
