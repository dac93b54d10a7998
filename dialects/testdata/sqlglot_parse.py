"""Parse SQL files with sqlglot, as a smoke check for dialects no engine here
runs. Usage: sqlglot_parse.py DIALECT FILE...; prints one line per file that
does not parse and exits 1 if any did not."""
import sys

import sqlglot

dialect, files = sys.argv[1], sys.argv[2:]
bad = 0
for path in files:
    with open(path, encoding="utf-8") as f:
        src = f.read()
    try:
        stmts = sqlglot.parse(src, read=dialect)
        if not stmts or any(s is None for s in stmts):
            raise ValueError("no statement")
    except Exception as e:  # sqlglot raises several error types
        bad += 1
        print("%s: %s" % (path, str(e).splitlines()[0][:300]))
sys.exit(1 if bad else 0)
