#!/usr/bin/env python3
"""Insert latency of the embedded engine alone, for trying engine server settings.

Times back-to-back inserts of ROWS rows into case_events (with all its views) through chDB's C
API, with nothing of the product in between, and prints p50/p90/p99/max and how many merges ran
beside them. Engine server settings (those fixed when the engine starts) follow a "--":

    java -Xmx4g -jar bench/target/mediation-bench.jar ingest --rounds 1 --events 100000 --dir /tmp/tail-store
    python3 bench/insert-tail.py /tmp/tail-store 600 2000
    python3 bench/insert-tail.py /tmp/tail-store 600 2000 -- --background_pool_size=1 --background_merges_mutations_concurrency_ratio=1

The store must hold events (the first command leaves one). Rows are copied from it, so the
inserted values are realistic and the views do their real work; the first few inserts are slow
while the engine warms up. A diagnostic for the README's Performance notes, not a product path.
"""
import ctypes
import os
import re
import sys
import time
from pathlib import Path


def library():
    # The same places as storage.Storage.engineLibrary (the cache bin/fetch-engine fills), read from Python.
    cache = os.environ.get("CHDB_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME", os.path.expanduser("~/.cache")), "haikou-mediation", "chdb")
    pom = Path(__file__).resolve().parent.parent.joinpath("pom.xml")
    match = re.search(r"<chdb.version>([^<]+)</chdb.version>", pom.read_text()) if pom.exists() else None
    wanted = match.group(1) if match else None
    candidates = [Path(cache, wanted, "libchdb.so")] if wanted else sorted(Path(cache).glob("*/libchdb.so"))
    for c in candidates:
        if c.exists():
            return str(c)
    sys.exit(f"no libchdb.so under {cache}: build the product once (bin/fetch-engine)")


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    store, inserts, rows = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    extra = sys.argv[4:]
    lib = ctypes.CDLL(library())
    lib.chdb_connect.restype = ctypes.c_void_p
    lib.chdb_connect.argtypes = [ctypes.c_int, ctypes.POINTER(ctypes.c_char_p)]
    lib.chdb_query_n.restype = ctypes.c_void_p
    lib.chdb_query_n.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_size_t, ctypes.c_char_p, ctypes.c_size_t]
    lib.chdb_result_buffer.restype = ctypes.c_void_p
    lib.chdb_result_buffer.argtypes = [ctypes.c_void_p]
    lib.chdb_result_length.restype = ctypes.c_size_t
    lib.chdb_result_length.argtypes = [ctypes.c_void_p]
    lib.chdb_result_error.restype = ctypes.c_char_p
    lib.chdb_result_error.argtypes = [ctypes.c_void_p]
    lib.chdb_destroy_query_result.argtypes = [ctypes.c_void_p]
    # the query settings the product's connections carry (storage.QueryBounds), then server settings
    argv = [b"clickhouse", f"--path={store}".encode(), b"--optimize_on_insert=0"] + [a.encode() for a in extra]
    holder = lib.chdb_connect(len(argv), (ctypes.c_char_p * len(argv))(*argv))
    if not holder:
        sys.exit("the engine did not open " + store)
    conn = ctypes.c_void_p.from_address(holder).value

    def query(sql):
        q = sql.encode()
        r = lib.chdb_query_n(conn, q, len(q), b"TSV", 3)
        error = lib.chdb_result_error(r)
        if error:
            raise RuntimeError(error.decode())
        out = ctypes.string_at(lib.chdb_result_buffer(r), lib.chdb_result_length(r)).decode()
        lib.chdb_destroy_query_result(r)
        return out

    query("USE mediation")
    query("CREATE TABLE IF NOT EXISTS insert_tail_source AS case_events ENGINE = Memory")
    query("TRUNCATE TABLE insert_tail_source")
    query(f"INSERT INTO insert_tail_source SELECT * FROM case_events LIMIT {rows}")
    settings = query("SELECT name, value FROM system.server_settings WHERE name IN ('background_pool_size',"
                     " 'background_merges_mutations_concurrency_ratio', 'os_threads_nice_value_merge_mutate')")
    times, merging = [], []
    started = time.time()
    for i in range(inserts):
        t = time.time()
        query("INSERT INTO case_events SELECT * FROM insert_tail_source")
        times.append((time.time() - t) * 1000)
        if i % 10 == 0:
            merging.append(int(query("SELECT count() FROM system.merges").strip()))
    total = time.time() - started
    s = sorted(times)
    print(" ".join(settings.split()))
    print(f"{inserts} inserts of {rows} rows: {inserts * rows / total:.0f} rows/s; insert p50 {s[len(s) // 2]:.0f} ms,"
          f" p90 {s[int(len(s) * .9)]:.0f}, p99 {s[int(len(s) * .99)]:.0f}, max {s[-1]:.0f};"
          f" merges beside them: mean {sum(merging) / len(merging):.1f}, max {max(merging)}")
    sys.stdout.flush()
    # Leave without closing: the engine's own exit is not safe to run from here (embedded-clickhouse.md).
    os._exit(0)


if __name__ == "__main__":
    main()
