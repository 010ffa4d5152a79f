#!/usr/bin/env bash
# Debian's Chromium for the playground's browser tests (driven by playwright-core, which
# downloads no browser of its own). Installs the one package only when it is missing: an
# unguarded install after `apt-get update` would upgrade whatever else it touches.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then exit 0; fi
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
export DEBIAN_FRONTEND=noninteractive
as_root apt-get install -y --no-install-recommends chromium >/dev/null 2>&1 ||
  { as_root apt-get update >/dev/null && as_root apt-get install -y --no-install-recommends chromium >/dev/null; }
[ -x /usr/bin/chromium ]
