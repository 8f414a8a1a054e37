#!/usr/bin/env bash
# RDS Data API throughput and latency over HTTP with SigV4: an ENCRYPTED and an UNENCRYPTED cluster on the same server
# in one run, against direct in-process SQLite (Microsoft.Data.Sqlite on a plain WAL file, same statements, same
# concurrency: `coffer-load sqlite`) as the limit. Workloads: point reads (`SELECT id, a, b FROM bench WHERE id = :id`)
# and single-row autocommit writes (`INSERT INTO bench (a, b) VALUES (:a, :b)`) on a table pre-filled with ROWS rows
# through BatchExecuteStatement.
#
# wrk replays pools of requests signed by botocore (bench/dataapi/dataapi_setup.py sign): SigV4 signs the body, so each
# id needs its own signature; a pool of POOL signed requests per cluster and workload is built before each run, and the
# Lua script cycles through them. Signing stays out of the measurement and off the two shared cores, and the server
# still verifies every signature. Encrypted and unencrypted runs alternate for each client count, so both see the same
# machine. Prints wrk's figures, the server's CPU per request (from /proc), the load average, and a Markdown table.
# Usage: bench/dataapi/dataapi-bench.sh [seconds (10)] [client counts ("1 8 32")] [rows (10000)] [warm-up seconds (3)]
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds="${1:-10}"
clients="${2:-1 8 32}"
rows="${3:-10000}"
warmup="${4:-3}"
pool="${POOL:-1000}"
for tool in wrk python3 curl dotnet; do
  command -v "$tool" >/dev/null || { echo "needs $tool" >&2; exit 1; }
done

work="$(mktemp -d)"
cleanup() { kill "${coffer_pid:-}" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

dotnet build -c Release src/Coffer.Server -v q -nologo >/dev/null
dotnet build -c Release bench/Coffer.LoadTool -v q -nologo >/dev/null
port="${COFFER_PORT:-$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}"
url="http://127.0.0.1:$port"
dotnet artifacts/bin/Coffer.Server/release/coffer.dll --data-dir "$work/data" --urls "$url" \
  --Logging:LogLevel:Default=Warning >"$work/coffer.log" 2>&1 &
coffer_pid=$!
for _ in $(seq 1 300); do
  curl -fs "$url/_coffer/health" >/dev/null && break
  sleep 0.2
done

echo "setting up bench-enc and bench-plain ($rows rows each) at $(date -u +%H:%M:%S) UTC, load average $(cut -d' ' -f1-3 /proc/loadavg)" >&2
python3 bench/dataapi/dataapi_setup.py setup "$url" "$work/data" "$rows" "$work/setup.json"

ticks_per_second=$(getconf CLK_TCK)
cpu() { awk '{print $14 + $15}' "/proc/$coffer_pid/stat"; }
ms() { awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n += 0; else if (v ~ /s$/) n *= 1000; printf "%.2f", n }'; }

# run WORKLOAD CLUSTER CLIENTS: prints "req/s p50 p99 cpu-µs-per-request"
run() {
  local workload=$1 cluster=$2 connections=$3 lua="$work/$1-$2.lua" before after
  python3 bench/dataapi/dataapi_setup.py sign "$url" "$work/data" "$work/setup.json" "$cluster" "$workload" "$rows" "$pool" "$lua"
  wrk -t1 -c"$connections" -d"${warmup}s" -s "$lua" "$url/" >/dev/null
  before=$(cpu)
  wrk -t1 -c"$connections" -d"${seconds}s" --latency -s "$lua" "$url/" >"$work/wrk.txt"
  after=$(cpu)
  # wrk counts the requests still in flight when the run ends as timeouts (at most one per connection): only
  # non-2xx answers and connect, read or write errors fail the run.
  if grep -q 'Non-2xx\|Socket errors: connect [1-9]\|read [1-9]\|write [1-9]' "$work/wrk.txt"; then
    cat "$work/wrk.txt" >&2
    echo "errors in $workload on $cluster with $connections clients" >&2
    exit 1
  fi
  local requests rps p50 p99
  requests=$(awk '/requests in/{print $1}' "$work/wrk.txt")
  rps=$(awk '/^Requests\/sec/{printf "%.0f", $2}' "$work/wrk.txt")
  p50=$(ms "$(awk '$1 == "50%" {print $2}' "$work/wrk.txt")")
  p99=$(ms "$(awk '$1 == "99%" {print $2}' "$work/wrk.txt")")
  echo "$rps $p50 $p99 $(awk -v a="$after" -v b="$before" -v t="$ticks_per_second" -v n="$requests" 'BEGIN { printf "%.0f", (a - b) / t / n * 1e6 }')"
}

# Warm-up of both clusters (JIT tiering): 10 s of reads each, not measured.
for cluster in enc plain; do
  python3 bench/dataapi/dataapi_setup.py sign "$url" "$work/data" "$work/setup.json" "$cluster" read "$rows" "$pool" "$work/warm.lua"
  wrk -t1 -c8 -d10s -s "$work/warm.lua" "$url/" >/dev/null
done

declare -a table
for workload in read write; do
  for connections in $clients; do
    load_before=$(cut -d' ' -f1 /proc/loadavg)
    run "$workload" enc "$connections" >"$work/enc.txt"
    run "$workload" plain "$connections" >"$work/plain.txt"
    read -r enc_rps enc_p50 enc_p99 enc_cpu <"$work/enc.txt"
    read -r plain_rps plain_p50 plain_p99 plain_cpu <"$work/plain.txt"
    direct=$(dotnet artifacts/bin/Coffer.LoadTool/release/coffer-load.dll sqlite --workload "$workload" --concurrency "$connections" \
      --seconds "$seconds" --rows "$rows" --file "$work/direct.db" | awk -F'\t' '/^SUMMARY/ {printf "%s %s %s", $4, $5, $7}')
    read -r direct_rps direct_p50 direct_p99 <<<"$direct"
    load_after=$(cut -d' ' -f1 /proc/loadavg)
    ratio=$(awk -v e="$enc_rps" -v p="$plain_rps" 'BEGIN { printf "%.2f", e / p }')
    line="| $workload | $connections | $enc_rps | $plain_rps | $ratio | $enc_p50 / $enc_p99 | $plain_p50 / $plain_p99 | $enc_cpu / $plain_cpu | $direct_rps | $direct_p50 / $direct_p99 | $load_before–$load_after |"
    echo "$line" >&2
    table+=("$line")
  done
done

echo
echo "Data API over HTTP with SigV4 (wrk, ${seconds} s per run, ${warmup} s warm-up, pool of $pool signed requests), $rows rows; $(date -u '+%Y-%m-%d %H:%M') UTC"
echo
echo "| Workload | Clients | Encrypted req/s | Unencrypted req/s | Enc / unenc | Enc p50 / p99 ms | Unenc p50 / p99 ms | Server CPU µs/req enc / unenc | Direct SQLite ops/s | Direct p50 / p99 ms | Load average (1 min) |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
printf '%s\n' "${table[@]}"
