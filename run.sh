#!/usr/bin/env bash
# ./run.sh [TRACE]: installs what is missing, builds (release), and opens the
# viewer on TRACE, or on the bundled demo trace when none is given. Without a
# display it says so and prints the trace's facts instead.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/deps.sh
xenoscope_install_deps

cmake --preset release >/dev/null
cmake --build --preset release

build=build/release
trace="${1:-$build/resources/demo.xentrace.zst}"
if [ ! -e "$trace" ]; then
    echo "run.sh: no such trace: $trace" >&2
    exit 2
fi
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
    echo "run.sh: no display (DISPLAY/WAYLAND_DISPLAY unset), so the viewer cannot open."
    echo "run.sh: the facts of $trace follow; under Xvfb: xvfb-run -a ./run.sh [TRACE]"
    echo
    exec "$build/app/cli/xenoscope-cli" info "$trace"
fi
exec "$build/app/gui/xenoscope" "$trace"
