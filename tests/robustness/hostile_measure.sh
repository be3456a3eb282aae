#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Generates the hostile captures (hostile_gen.py) and measures tshark's peak RSS and wall time
# on each, without huntpack (a HOME with no plugin) and with huntpack and all its statistics
# (-z huntpack_*, as `tshark -z help` lists them); both runs add `-q -z io,phs` so that tshark
# dissects every frame (with -q and no tap it skips dissection, which is no baseline).
# ONLY: a grep -E on the capture names to measure a subset. Prints a table and fails on a crash,
# a sanitizer/GLib error line or a run over TIMEOUT (600 s) that tshark without huntpack does not
# show the same way (those are printed as Wireshark's own). CPU seconds (user + sys) are printed
# beside wall time: on a shared machine only they compare between runs.
#   tests/robustness/hostile_measure.sh [OUTDIR=/tmp/huntpack-hostile] [-- hostile_gen.py args]
# Environment: PLUGIN (default <repo>/build/huntpack.so: measure a release build, not ASan).
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
out=${1:-/tmp/huntpack-hostile}; shift || true
[ "${1:-}" = "--" ] && shift
export HUNTPACK_SOURCE_DIR=$src HUNTPACK_WS_MAJMIN=${HUNTPACK_WS_MAJMIN:-4.0}
export HUNTPACK_PLUGIN=${PLUGIN:-$src/build/huntpack.so}
source "$src/tests/lib/common.sh"
set +e
limit=${TIMEOUT:-600}
if [ ! -f "$out/million_flows.pcap" ] || [ -n "${REGEN:-}" ]; then
    /usr/bin/python3 "$here/hostile_gen.py" "$out" "$@" || exit 1
fi
chmod -R a+rX "$out"
hp_require_plugin
mapfile -t stats < <(hp_tshark -z help 2>&1 | sed -n 's/^ *\(huntpack_[A-Za-z0-9_]*,[a-z]*\) *$/\1/p')
zargs=(); for s in "${stats[@]}"; do zargs+=(-z "$s"); done
bare=$(mktemp -d /tmp/huntpack-bare.XXXXXX); mkdir -p "$bare/.config/wireshark"; chmod -R 755 "$bare"
trap 'rm -rf "$HP_HOME" "$bare"' EXIT

measure() { # home args... -> "rss_mib seconds cpu_seconds rc"
    local home=$1; shift
    local tf; tf=$(mktemp /tmp/huntpack-time.XXXXXX); chmod 666 "$tf"
    HP_HOME=$home hp_unpriv /usr/bin/time -o "$tf" -f "%M %e %U %S" timeout -k 5 "$limit" tshark -n "$@" \
        >"$tf.out" 2>&1
    local rc=$?
    local m e u sy; read -r m e u sy < <(tail -1 "$tf")
    if grep -qE 'Dissector bug|ERROR:|CRITICAL|AddressSanitizer|runtime error:' "$tf.out"; then rc="err:$(grep -m1 -E 'Dissector bug|ERROR:|CRITICAL|AddressSanitizer|runtime error:' "$tf.out" | cut -c1-80)"; fi
    rm -f "$tf" "$tf.out"
    echo "$((m / 1024)) $e $(awk -v u="$u" -v s="$sy" 'BEGIN{printf "%.1f", u+s}') $rc"
}
fail=0
printf '%-24s %10s %12s | %10s %8s %8s | %12s %8s %8s\n' capture packets size "no-hp MiB" "wall s" "cpu s" \
    "huntpack MiB" "wall s" "cpu s"
for f in $(ls "$out"/*.pcap | grep -E "${ONLY:-.}"); do
    pk=$(capinfos -c -M "$f" 2>/dev/null | awk -F: '/Number of packets/ {gsub(/ /,"",$2); print $2}')
    read -r m0 t0 c0 rc0 < <(measure "$bare" -r "$f" -q -z io,phs)
    read -r m1 t1 c1 rc1 < <(measure "$HP_HOME" -r "$f" -q -z io,phs "${zargs[@]}")
    # A failure that tshark without huntpack shows the same way (a timeout in both, or the same
    # "Dissector bug, protocol X") is Wireshark's own: reported, not counted against huntpack.
    k0=$(sed -n 's/.*\(Dissector bug, protocol [^,]*\).*/\1/p' <<<"$rc0"); k1=$(sed -n 's/.*\(Dissector bug, protocol [^,]*\).*/\1/p' <<<"$rc1")
    if [ "$rc1" = 0 ]; then verdict=ok
    elif [ "$rc1" = "$rc0" ] || { [ -n "$k1" ] && [ "$k1" = "$k0" ]; }; then
        verdict="WIRESHARK'S OWN (same without huntpack): ${k1:-rc=$rc1}"
    else verdict="FAIL rc=$rc1 (without huntpack: $rc0)"; fail=1
    fi
    printf '%-24s %10s %12s | %10s %8s %8s | %12s %8s %8s  %s\n' "$(basename "$f")" "$pk" "$(stat -c %s "$f")" \
        "$m0" "$t0" "$c0" "$m1" "$t1" "$c1" "$verdict"
done
exit $fail
