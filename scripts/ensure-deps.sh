#!/usr/bin/env bash
# Installs what compiling takt needs when it is missing: HiGHS (the MILP solver, compiled from source
# by the highs-sys crate) needs cmake, a C++ compiler and libclang. Uses apt-get (Debian/Ubuntu).
# With --browser it also installs chromium, which tests/html_browser.rs drives headless to check the
# HTML plan page.
set -euo pipefail

browser=0
for arg in "$@"; do
  case "$arg" in
    --browser) browser=1 ;;
    *) echo "usage: $0 [--browser]" >&2; exit 2 ;;
  esac
done

if ! command -v cargo >/dev/null 2>&1; then
  echo "cargo is not installed: install Rust first (https://rustup.rs), then run this again." >&2
  exit 1
fi

missing=()
command -v cmake >/dev/null 2>&1 || missing+=(cmake)
command -v c++ >/dev/null 2>&1 || command -v g++ >/dev/null 2>&1 || missing+=(g++)
# bindgen loads libclang.so / libclang-N.so (libclang-cpp does not count).
if ! { ldconfig -p 2>/dev/null | grep -Eq 'libclang(-[0-9.]+)?\.so'; } \
   && ! ls /usr/lib/llvm-*/lib/libclang.so* >/dev/null 2>&1; then
  missing+=(libclang-dev)
fi

if ((browser)) && [ ! -x /usr/bin/chromium ] && ! command -v chromium >/dev/null 2>&1; then
  missing+=(chromium)
fi

if ((${#missing[@]})); then
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "missing ${missing[*]} and no apt-get: install them with your package manager." >&2
    exit 1
  fi
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "installing ${missing[*]} (needed to compile HiGHS or to test the HTML page) ..." >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi
