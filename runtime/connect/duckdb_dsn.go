package connect

import (
	"errors"
	"fmt"
	"net/url"
	"os"
	"strings"
)

// duckDBLockedDown are the settings a DuckDB connection opens with unless
// its DSN names enable_external_access itself. A raw query is read-only
// SQL, but DuckDB's SQL reaches past the database: read_text('/etc/shadow'),
// read_csv of any path or URL, and extensions fetched from the network
// on first use. Observation queries need none of it.
var duckDBLockedDown = [][2]string{
	{"enable_external_access", "false"},
	{"autoload_known_extensions", "false"},
	{"autoinstall_known_extensions", "false"},
}

// ExternalAccessOption is the DSN option by which a DuckDB connection
// opts in to reading files, URLs and extensions from its queries:
// `dsn: "events.duckdb?enable_external_access=true"`.
const ExternalAccessOption = "enable_external_access"

// ErrNoDatabaseFile is wrapped by Open's error for a DuckDB file that
// does not exist on a connection that must not create it.
var ErrNoDatabaseFile = errors.New("the DuckDB database file does not exist")

// duckDBDSN returns the DSN to open for cfg: cfg.DSN with the locked-down
// settings (see duckDBLockedDown) and, for a read-only connection,
// access_mode=read_only, each unless the DSN sets it. A connection that is
// read-only or must find its file refuses a missing one, which DuckDB
// would otherwise create empty, leaving the user a "table does not exist"
// error in place of the real mistake.
func duckDBDSN(cfg Config) (string, error) {
	path, query, _ := strings.Cut(cfg.DSN, "?")
	vals, err := url.ParseQuery(query)
	if err != nil {
		return "", fmt.Errorf("the options after '?' do not parse: %w", err)
	}
	if !vals.Has(ExternalAccessOption) {
		for _, kv := range duckDBLockedDown {
			if !vals.Has(kv[0]) {
				vals.Set(kv[0], kv[1])
			}
		}
	}
	if cfg.ReadOnly && !vals.Has("access_mode") {
		vals.Set("access_mode", "read_only")
	}
	if inMemory := path == "" || path == ":memory:"; !inMemory && (cfg.ReadOnly || cfg.MustExist) {
		if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
			return "", fmt.Errorf("%w: %s (paramsql never creates an events database: check the connection's dsn, which is relative to the project directory)", ErrNoDatabaseFile, path)
		} else if err != nil {
			return "", err
		}
	}
	return path + "?" + vals.Encode(), nil
}
