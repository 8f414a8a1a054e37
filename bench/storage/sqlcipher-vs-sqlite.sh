#!/usr/bin/env bash
# SQLCipher's own overhead on the workloads of VolumeWorkloadBenchmarks, measured with Debian's shells:
#
#   bench/storage/sqlcipher-vs-sqlite.sh [runs]      # default 10 runs per workload and engine
#
# Three engines, all with 4096-byte pages, WAL and synchronous=FULL (as Coffer's volumes):
#   sqlite3          Debian's sqlite3 shell (SQLite 3.40).
#   sqlcipher-plain  the sqlcipher shell without a key: SQLCipher's own SQLite (3.15) with the cipher off. This is
#                    the like-for-like baseline, as Coffer's plain volumes are its VFS with the cipher off.
#   sqlcipher        the sqlcipher shell with PRAGMA key='x' and PRAGMA cipher_page_size=4096 (SQLCipher 3.4
#                    defaults otherwise: AES-256-CBC, HMAC-SHA1 per page, PBKDF2 with 64000 iterations at open).
# Workloads (one shell process each, timed by hyperfine; the process start and, for sqlcipher, the PBKDF2 key
# derivation are inside every timing, so "open" is measured on its own and subtracted for the "net" ratio):
#   open         open an existing database and read its schema.
#   bulk-insert  a new database, then 50 transactions of 1000 rows of 100 bytes.
#   warm-reads   100k rows of 100 bytes, 64 MiB cache warmed by a full scan, then 200k point reads by primary key.
#   cold-reads   200k rows of 250 bytes (~55 MB), 64 KiB cache, 100k point reads by primary key.
#   cold-scan    the same table and cache, 20 times SELECT SUM(length(payload)) over 50k consecutive rows.
# Point-read keys come from a fixed linear congruential sequence in a recursive CTE, so every engine reads the
# same keys. Prints mean and median per engine and workload, then the median ratios.
set -euo pipefail

runs="${1:-10}"

missing=()
for tool in sqlite3 sqlcipher; do
    command -v "$tool" >/dev/null || missing+=("$tool")
done
if ((${#missing[@]})); then
    echo "installing ${missing[*]} with apt-get" >&2
    sudo_cmd=""
    [[ "$(id -u)" -ne 0 ]] && sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq && $sudo_cmd apt-get install -y -qq "${missing[@]}"
fi
command -v hyperfine >/dev/null || { echo "hyperfine is required (apt-get install hyperfine)" >&2; exit 1; }

work="$(mktemp -d "${TMPDIR:-/tmp}/sqlcipher-bench.XXXXXX")"
trap 'rm -rf "$work"' EXIT

echo "sqlite3 $(sqlite3 --version | cut -d' ' -f1); sqlcipher $(sqlcipher :memory: 'PRAGMA key='"'"'x'"'"'; PRAGMA cipher_version;' | tail -1) (SQLite $(sqlcipher --version | cut -d' ' -f1)); $(openssl version)"
echo "$(nproc) cores, load: $(cut -d' ' -f1-3 /proc/loadavg); $runs runs per workload; work dir $work"

engines=(sqlite3 sqlcipher-plain sqlcipher)

binary() { [[ "$1" == sqlite3 ]] && echo sqlite3 || echo sqlcipher; }

preamble() {
    if [[ "$1" == sqlcipher ]]; then
        echo "PRAGMA key='x'; PRAGMA cipher_page_size=4096;"
    else
        echo "PRAGMA page_size=4096;"
    fi
    echo "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
}

# The workload SQL, per engine (only the preamble differs).
for engine in "${engines[@]}"; do
    {
        preamble "$engine"
        echo "SELECT count(*) FROM sqlite_master;"
    } >"$work/open.$engine.sql"

    {
        preamble "$engine"
        echo "CREATE TABLE t (id INTEGER PRIMARY KEY, payload BLOB NOT NULL);"
        for ((i = 0; i < 50; i++)); do
            echo "BEGIN;"
            echo "WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < 1000) INSERT INTO t (payload) SELECT randomblob(100) FROM c;"
            echo "COMMIT;"
        done
    } >"$work/bulk-insert.$engine.sql"

    {
        preamble "$engine"
        echo "PRAGMA cache_size=-65536;"
        echo "SELECT SUM(length(payload)) FROM t;"
        echo "WITH RECURSIVE k(i, x) AS (SELECT 0, 12345 UNION ALL SELECT i + 1, (x * 1103515245 + 12345) % 2147483648 FROM k WHERE i < 200000)"
        echo "SELECT SUM(length(t.payload)) FROM k JOIN t ON t.id = 1 + k.x % 100000;"
    } >"$work/warm-reads.$engine.sql"

    {
        preamble "$engine"
        echo "PRAGMA cache_size=-64;"
        echo "WITH RECURSIVE k(i, x) AS (SELECT 0, 12345 UNION ALL SELECT i + 1, (x * 1103515245 + 12345) % 2147483648 FROM k WHERE i < 100000)"
        echo "SELECT SUM(length(t.payload)) FROM k JOIN t ON t.id = 1 + k.x % 200000;"
    } >"$work/cold-reads.$engine.sql"

    {
        preamble "$engine"
        echo "PRAGMA cache_size=-64;"
        for ((i = 0; i < 20; i++)); do
            echo "SELECT SUM(length(payload)) FROM t WHERE id BETWEEN 25001 AND 75000;"
        done
    } >"$work/cold-scan.$engine.sql"

    # The read workloads' tables, built once per engine (in 10k-row transactions) and checkpointed into the file.
    for shape in small:100000:100 large:200000:250; do
        IFS=: read -r name rows size <<<"$shape"
        {
            preamble "$engine"
            echo "CREATE TABLE t (id INTEGER PRIMARY KEY, payload BLOB NOT NULL);"
            for ((first = 1; first <= rows; first += 10000)); do
                echo "WITH RECURSIVE c(i) AS (SELECT $first UNION ALL SELECT i + 1 FROM c WHERE i < $((first + 9999))) INSERT INTO t (id, payload) SELECT i, randomblob($size) FROM c;"
            done
            echo "PRAGMA wal_checkpoint(TRUNCATE);"
        } | "$(binary "$engine")" -bail "$work/$name.$engine.db" >/dev/null
    done

    if [[ "$engine" == sqlcipher ]] && head -c 16 "$work/small.$engine.db" | grep -q "SQLite format 3"; then
        echo "the sqlcipher database is not encrypted: check the key pragma" >&2
        exit 1
    fi
done

timings=()
for workload in open bulk-insert warm-reads cold-reads cold-scan; do
    case "$workload" in
        open | warm-reads) db=small ;;
        bulk-insert) db=bulk ;;
        *) db=large ;;
    esac

    for engine in "${engines[@]}"; do
        file="$work/$db.$engine.db"
        prepare="true"
        [[ "$workload" == bulk-insert ]] && prepare="rm -f '$file' '$file-wal' '$file-shm'"
        json="$work/$workload.$engine.json"
        hyperfine --style none --warmup 1 --runs "$runs" --prepare "$prepare" --export-json "$json" \
            --command-name "$workload $engine" \
            "$(binary "$engine") -bail '$file' < '$work/$workload.$engine.sql' > /dev/null" >/dev/null
        timings+=("$json")
    done
done

python3 - "${timings[@]}" <<'PY'
import json, statistics, sys

results = {}
for path in sys.argv[1:]:
    with open(path) as f:
        r = json.load(f)["results"][0]
    workload, engine = r["command"].split(" ", 1)
    results[(workload, engine)] = r

workloads = ["open", "bulk-insert", "warm-reads", "cold-reads", "cold-scan"]
engines = ["sqlite3", "sqlcipher-plain", "sqlcipher"]
print()
print(f"| {'workload':<12} | {'engine':<16} | {'mean ms':>9} | {'median ms':>9} | {'stddev ms':>9} |")
print(f"|{'-' * 14}|{'-' * 18}|{'-' * 10}:|{'-' * 10}:|{'-' * 10}:|")
for w in workloads:
    for e in engines:
        r = results[(w, e)]
        print(f"| {w:<12} | {e:<16} | {r['mean'] * 1e3:9.1f} | {r['median'] * 1e3:9.1f} | {r['stddev'] * 1e3:9.1f} |")

median = lambda w, e: results[(w, e)]["median"]
print()
print("Ratios of medians. 'net' subtracts each engine's own open (process start, and PBKDF2 for sqlcipher).")
print(f"| {'workload':<12} | {'sqlcipher / sqlite3':>19} | {'sqlcipher / sqlcipher-plain':>27} | {'net / sqlite3':>13} | {'net / sqlcipher-plain':>21} |")
print(f"|{'-' * 14}|{'-' * 20}:|{'-' * 28}:|{'-' * 14}:|{'-' * 22}:|")
for w in workloads[1:]:
    net = lambda e: median(w, e) - median("open", e)
    print(f"| {w:<12} | {median(w, 'sqlcipher') / median(w, 'sqlite3'):19.2f} | {median(w, 'sqlcipher') / median(w, 'sqlcipher-plain'):27.2f} "
          f"| {net('sqlcipher') / net('sqlite3'):13.2f} | {net('sqlcipher') / net('sqlcipher-plain'):21.2f} |")
PY
