#!/usr/bin/env bash
# End-to-end KMS load: signed Decrypt and GenerateDataKey over HTTP on loopback, Coffer (audit trail on, as shipped)
# against moto_server, with bench/Coffer.LoadTool (SigV4-signs every request itself). One run each; prints a
# side-by-side table with the ratio Coffer / moto.
# Usage: bench/http/kms-load.sh [requests] [concurrency] [moto-requests]
#   moto serves a few hundred requests a second, so it gets fewer requests (default requests / 10).
set -euo pipefail
cd "$(dirname "$0")/../.."
requests="${1:-50000}"
concurrency="${2:-32}"
moto_requests="${3:-$(( requests / 10 ))}"
for tool in moto_server curl dotnet; do
  command -v "$tool" >/dev/null || { echo "needs $tool (pip install 'moto[server]')" >&2; exit 1; }
done

work="$(mktemp -d)"
cleanup() { kill "${coffer_pid:-}" "${moto_pid:-}" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

dotnet build -c Release src/Coffer.Server -v q -nologo >/dev/null
dotnet build -c Release bench/Coffer.LoadTool -v q -nologo >/dev/null
coffer_port="${COFFER_PORT:-4692}"; moto_port="${MOTO_PORT:-4693}"
dotnet artifacts/bin/Coffer.Server/release/coffer.dll --data-dir "$work/data" --urls "http://127.0.0.1:$coffer_port" \
  --Logging:LogLevel:Default=Warning >"$work/coffer.log" 2>&1 &
coffer_pid=$!
moto_server -p "$moto_port" >"$work/moto.log" 2>&1 &
moto_pid=$!
for _ in $(seq 1 150); do
  if curl -fs "http://127.0.0.1:$coffer_port/_coffer/health" >/dev/null && curl -s "http://127.0.0.1:$moto_port/" >/dev/null; then break; fi
  sleep 0.2
done

load() { # label endpoint requests operation [credential options...]
  local label=$1 endpoint=$2 count=$3 op=$4; shift 4
  dotnet artifacts/bin/Coffer.LoadTool/release/coffer-load.dll --endpoint "$endpoint" --operation "$op" \
    --concurrency "$concurrency" --requests "$count" --warmup $(( count / 20 + 100 )) --label "$label" "$@" | tee -a "$work/out.txt" >&2
}
coffer_creds=(--credentials-file "$work/data/aws/credentials" --profile default)
moto_creds=(--access-key testing --secret-key testing)
for op in Decrypt GenerateDataKey; do
  load coffer "http://127.0.0.1:$coffer_port" "$requests" "$op" "${coffer_creds[@]}" || true
  load moto "http://127.0.0.1:$moto_port" "$moto_requests" "$op" "${moto_creds[@]}" || true
done

python3 - "$work/out.txt" "$concurrency" <<'PY'
import sys
rows = {}
for line in open(sys.argv[1]):
    if line.startswith("SUMMARY\t"):
        _, label, op, rps, p50, p90, p99, mx, errors = line.rstrip("\n").split("\t")
        rows[(label, op)] = dict(rps=float(rps), p50=float(p50), p99=float(p99), errors=int(errors))
print(f"\n{sys.argv[2]} concurrent clients\n")
print("| Operation | Server | Requests/s | p50 ms | p99 ms | Errors |")
print("|---|---|---:|---:|---:|---:|")
for op in ("Decrypt", "GenerateDataKey"):
    for label in ("coffer", "moto"):
        r = rows.get((label, op))
        if r:
            print(f"| {op} | {label} | {r['rps']:,.0f} | {r['p50']:.2f} | {r['p99']:.2f} | {r['errors']} |")
    c, m = rows.get(("coffer", op)), rows.get(("moto", op))
    if c and m and m["rps"] > 0:
        print(f"| {op} | **ratio coffer / moto** | **{c['rps'] / m['rps']:.1f}×** | {c['p50'] / m['p50']:.2f} | {c['p99'] / m['p99']:.2f} | |")
PY
