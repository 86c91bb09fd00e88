#!/usr/bin/env bash
# Fails when a tracked C++ file differs from what clang-format (root .clang-format) makes of it.
set -euo pipefail
cd "$(dirname "$0")/.."
status=0
while IFS= read -r -d '' f; do
    if ! clang-format --dry-run --Werror "$f" >/dev/null 2>&1; then
        echo "not clang-format clean: $f (run: clang-format -i $f)"
        status=1
    fi
done < <(git ls-files -z -- '*.cpp' '*.h')
[ $status -eq 0 ] && echo "clang-format: clean"
exit $status
