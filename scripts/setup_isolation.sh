#!/usr/bin/env bash
# Make this machine able to isolate student code, where it can (run by `make test` and CI):
# - install bubblewrap with apt when we are root and it is missing;
# - let the unprivileged sandbox uid (65534) reach the interpreter for the uid fallback: give
#   "search" (o+x, not read) on the folders above it that lack it (e.g. /root for pyenv).
# Prints what it did; never fails the build (the isolation tests say what is missing).
set -u
PY="${1:-python3}"
if [ "$(id -u)" = 0 ] && ! command -v bwrap >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
    echo "setup_isolation: installing bubblewrap"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq bubblewrap) >/dev/null 2>&1 \
        || echo "setup_isolation: could not install bubblewrap"
fi
if [ "$(id -u)" = 0 ]; then
    dir="$("$PY" -c 'import os, sys; print(os.path.dirname(os.path.realpath(getattr(sys, "_base_executable", sys.executable))))')"
    while [ "$dir" != "/" ]; do
        if [ -d "$dir" ] && [ "$(( 0$(stat -c %a "$dir") & 1 ))" = 0 ]; then
            echo "setup_isolation: chmod o+x $dir (so uid 65534 can reach the interpreter)"
            chmod o+x "$dir"
        fi
        dir="$(dirname "$dir")"
    done
fi
exit 0
