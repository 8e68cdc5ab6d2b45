"""Run the test suite on SQLite (with the browser tests) and again on PostgreSQL (without them).

PostgreSQL is found at ``CCHC_TEST_POSTGRES_URL`` (default ``postgres://postgres@127.0.0.1:5432/cchc``).
Without a server this says so in one line and runs the rest, unless ``CCHC_REQUIRE_POSTGRES=1``, under which a
missing server is a failure.
"""

import argparse
import os
import subprocess
import sys

PG_URL = os.environ.get("CCHC_TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/cchc")


def postgres_ready(url: str) -> str | None:
    """Create the database if needed; return None when ready, else the reason."""
    import psycopg

    base, _, name = url.rpartition("/")
    try:
        with psycopg.connect(f"{base}/postgres", connect_timeout=5, autocommit=True) as conn:
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
            if not exists:
                conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.Error as exc:
        return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return None


def pytest(args: list[str], env_extra: dict[str, str]) -> int:
    env = {**os.environ, **env_extra}
    print(
        f"\n=== pytest {' '.join(args)}  [{', '.join(f'{k}={v}' for k, v in env_extra.items())}]", flush=True
    )
    return subprocess.call([sys.executable, "-m", "pytest", *args], env=env)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--only", choices=["sqlite", "postgres"])
    parser.add_argument("pytest_args", nargs="*")
    opts = parser.parse_args()
    codes = []
    if opts.only in (None, "sqlite"):
        codes.append(pytest(opts.pytest_args, {"DATABASE_URL": "sqlite:///var/test-sqlite.sqlite3"}))
    if opts.only in (None, "postgres"):
        problem = postgres_ready(PG_URL)
        if problem is None:
            codes.append(pytest(["-m", "not browser", *opts.pytest_args], {"DATABASE_URL": PG_URL}))
        elif os.environ.get("CCHC_REQUIRE_POSTGRES") == "1":
            print(
                f"FAILED: PostgreSQL required (CCHC_REQUIRE_POSTGRES=1), unreachable at {PG_URL}: {problem}"
            )
            codes.append(1)
        else:
            print(f"PostgreSQL not reachable at {PG_URL} ({problem}): PostgreSQL tests not run.")
    failed = [c for c in codes if c != 0]
    print("\nALL TEST RUNS PASSED" if not failed else f"\nTEST RUNS FAILED: {len(failed)} of {len(codes)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
