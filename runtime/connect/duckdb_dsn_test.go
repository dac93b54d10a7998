package connect

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// newDuckDBFile makes a DuckDB file holding table w, and a text file a
// query might try to read.
func newDuckDBFile(t *testing.T) (db, secret string) {
	t.Helper()
	dir := t.TempDir()
	db = filepath.Join(dir, "events.duckdb")
	rw, err := Open(context.Background(), Config{Name: "setup", Driver: "duckdb", DSN: db})
	if err != nil {
		t.Fatal(err)
	}
	createW(t, rw)
	if err := rw.Close(); err != nil {
		t.Fatal(err)
	}
	secret = filepath.Join(dir, "secret.txt")
	if err := os.WriteFile(secret, []byte("hunter2"), 0o600); err != nil {
		t.Fatal(err)
	}
	return db, secret
}

// A raw query cannot read other files unless the connection opts in, on a
// read-only connection and a read-write one alike.
func TestDuckDBExternalAccess(t *testing.T) {
	path, secret := newDuckDBFile(t)
	read := "SELECT content AS c FROM read_text('" + strings.ReplaceAll(secret, "'", "''") + "')"
	for _, tc := range []struct {
		name    string
		cfg     Config
		allowed bool
	}{
		{"read-only", Config{DSN: path, ReadOnly: true}, false},
		{"read-write", Config{DSN: path}, false},
		{"opted in", Config{DSN: path + "?enable_external_access=true", ReadOnly: true}, true},
		{"in memory", Config{DSN: ""}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.cfg.Name, tc.cfg.Driver = "ev", "duckdb"
			db, err := Open(context.Background(), tc.cfg)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			res, err := db.QueryReadOnly(context.Background(), read)
			switch {
			case tc.allowed && err != nil:
				t.Fatalf("read_text with external access enabled: %v", err)
			case tc.allowed && res.Rows[0][0] != "hunter2":
				t.Fatalf("read_text = %v", res.Rows)
			case !tc.allowed && err == nil:
				t.Fatalf("read_text(%s) ran and read %v; want it refused", secret, res.Rows)
			case !tc.allowed && !strings.Contains(err.Error(), "external access is disabled"):
				t.Errorf("error %q does not say that external access is disabled", err)
			}
		})
	}
}

// A read-only connection refuses writes on the engine's side and lets
// two readers have the file open at once.
func TestDuckDBReadOnlyConnection(t *testing.T) {
	path, _ := newDuckDBFile(t)
	ctx := context.Background()
	var dbs []*DB
	for _, name := range []string{"a", "b"} {
		db, err := Open(ctx, Config{Name: name, Driver: "duckdb", DSN: path, ReadOnly: true})
		if err != nil {
			t.Fatalf("open %s read-only: %v", name, err)
		}
		defer db.Close()
		dbs = append(dbs, db)
	}
	if err := dbs[0].Exec(ctx, "INSERT INTO w VALUES (2)"); err == nil || !strings.Contains(err.Error(), "read-only") {
		t.Errorf("INSERT on a read-only connection = %v, want a read-only error", err)
	}
}

// A missing events file is refused with its path, and not created.
func TestDuckDBMissingFile(t *testing.T) {
	for _, tc := range []struct {
		name string
		cfg  Config
	}{
		{"read-only", Config{ReadOnly: true}},
		{"must exist", Config{MustExist: true}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "nope.duckdb")
			tc.cfg.Name, tc.cfg.Driver, tc.cfg.DSN = "warehouse", "duckdb", path
			db, err := Open(context.Background(), tc.cfg)
			if err == nil {
				db.Close()
				t.Fatal("Open of a missing file succeeded")
			}
			if !errors.Is(err, ErrNoDatabaseFile) || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), `"warehouse"`) {
				t.Errorf("error %q: want ErrNoDatabaseFile naming the connection and %s", err, path)
			}
			if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("the missing file was created (stat: %v)", err)
			}
		})
	}
	// The posterior store's own file is still created on first use.
	path := filepath.Join(t.TempDir(), "posteriors.duckdb")
	db, err := Open(context.Background(), Config{Name: "store", Driver: "duckdb", DSN: path})
	if err != nil {
		t.Fatalf("a read-write connection may create its file: %v", err)
	}
	db.Close()
}
