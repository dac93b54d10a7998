package config

import (
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"time"

	"github.com/paramsql/paramsql/compiler"
)

// ProjectFile is the name of the project file inside a project directory.
const ProjectFile = "paramsql.yaml"

// The defaults LoadProject applies.
const (
	DefaultConnectionName = "default"              // the connection made when none is configured
	DefaultDuckDBFile     = "events.duckdb"        // its database file, in the project directory
	DefaultParamsDir      = "params"               // the parameter directory, relative to the project
	DefaultPosteriorTable = "parameter_posteriors" // the posterior store's table
	DefaultWindowStart    = "-7d"                  // the observation window's start
	DefaultWindowEnd      = "now"                  // the observation window's end
)

// Project is a loaded paramsql.yaml with every default applied.
type Project struct {
	// Dir is the project directory as given to LoadProject.
	Dir string
	// File is the project file's path, or empty when the directory has
	// none and every setting is a default.
	File string
	// Connections are the database connections by name.
	Connections map[string]Connection
	// DefaultConnection names the connection observations use when a
	// parameter names none: schema.connection, else the first connection
	// in the file.
	DefaultConnection string
	// Schema maps the events table; unset parts keep compiler.DefaultSchema.
	Schema compiler.Schema
	// Graph maps edges and nodes to events; nil when no graph file is set.
	Graph *compiler.Graph
	// PosteriorStore is where posteriors are kept for history and for
	// posterior_history priors.
	PosteriorStore PosteriorStore
	// Window is the default observation window.
	Window Window
	// ParamsDir is the parameter directory, joined to Dir when relative.
	ParamsDir string
	// Siblings are the graph file's sibling groups, by name.
	Siblings []*SiblingGroup

	pos       positions
	siblingOf map[string]*SiblingGroup // edge name -> its group
}

// PosteriorStore is the table posteriors are stored in.
type PosteriorStore struct {
	// Connection names the connection holding the table.
	Connection string
	// Table is the table's name.
	Table string
}

// Connection is a named database connection. DSN holds secrets once
// ${ENV_VAR} references are replaced: print a Connection (String, %v, %#v,
// slog) or Redacted, never DSN itself.
type Connection struct {
	// Name is the connection's key in the project file.
	Name string
	// Driver is the database driver.
	Driver Driver
	// DSN is the data source name with environment variables replaced; a
	// relative DuckDB file is joined to the project directory.
	DSN string
	// Timeout bounds each query; zero means no bound.
	Timeout time.Duration
}

// Redacted returns the DSN with its passwords and tokens hidden.
func (c Connection) Redacted() string { return RedactDSN(c.DSN) }

// String describes the connection with its DSN redacted.
func (c Connection) String() string {
	return fmt.Sprintf("%s (%s %s)", c.Name, c.Driver, c.Redacted())
}

// GoString is String, so that %#v does not print secrets either.
func (c Connection) GoString() string { return "config.Connection{" + c.String() + "}" }

// LogValue logs the connection with its DSN redacted.
func (c Connection) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("name", c.Name),
		slog.String("driver", string(c.Driver)),
		slog.String("dsn", c.Redacted()),
	)
}

// Driver is a database driver.
type Driver string

// The database drivers.
const (
	DriverDuckDB     Driver = "duckdb"
	DriverPostgres   Driver = "postgres"
	DriverClickHouse Driver = "clickhouse"
	DriverMySQL      Driver = "mysql"
	DriverBigQuery   Driver = "bigquery"
	DriverSnowflake  Driver = "snowflake"
	DriverRedshift   Driver = "redshift"
)

func (Driver) values() []string {
	return []string{"duckdb", "postgres", "clickhouse", "mysql", "bigquery", "snowflake", "redshift"}
}

// projectFile is the YAML form of paramsql.yaml.
type projectFile struct {
	Connections    map[string]*connectionFile `yaml:"connections"`
	Schema         *schemaFile                `yaml:"schema"`
	Graph          string                     `yaml:"graph"`
	PosteriorStore *posteriorStoreFile        `yaml:"posterior_store"`
	Window         *windowFile                `yaml:"window"`
	Params         string                     `yaml:"params"`
}

type connectionFile struct {
	Driver  Driver        `yaml:"driver"`
	DSN     string        `yaml:"dsn" paramsql:"env"`
	Timeout time.Duration `yaml:"timeout"`
}

type schemaFile struct {
	Table      string            `yaml:"table"`
	Columns    *columnsFile      `yaml:"columns"`
	Contexts   map[string]string `yaml:"contexts"`
	Unit       unitName          `yaml:"unit"`
	Connection string            `yaml:"connection"`
}

type columnsFile struct {
	UserID    string `yaml:"user_id"`
	SessionID string `yaml:"session_id"`
	EventType string `yaml:"event_type"`
	NodeSlug  string `yaml:"node_slug"`
	CreatedAt string `yaml:"created_at"`
}

type unitName string

func (unitName) values() []string { return []string{"session", "user"} }

type posteriorStoreFile struct {
	Connection string `yaml:"connection"`
	Table      string `yaml:"table"`
}

type windowFile struct {
	Start            string        `yaml:"start"`
	End              string        `yaml:"end"`
	ConversionWindow time.Duration `yaml:"conversion_window"`
}

// graphFile is the YAML form of the graph file.
type graphFile struct {
	Edges map[string]*graphEdgeFile `yaml:"edges"`
	Nodes map[string]*graphNodeFile `yaml:"nodes"`
	// Siblings maps a group name to edges that are exclusive shares of
	// one node's trials (see SiblingGroup).
	Siblings map[string][]string `yaml:"siblings"`
}

type graphEdgeFile struct {
	From string `yaml:"from"`
	To   string `yaml:"to"`
}

type graphNodeFile struct {
	EventType string `yaml:"event_type"`
	NodeSlug  string `yaml:"node_slug"`
}

// LoadProject reads dir/paramsql.yaml and applies the defaults:
//
//   - schema: compiler.DefaultSchema(), with the unit session; each column,
//     context and the unit may be overridden one by one;
//   - connections: when none are configured (or there is no project file
//     at all) a DuckDB connection "default" to events.duckdb in dir;
//   - schema.connection (the default connection of observations): the
//     first connection in the file;
//   - posterior_store: table parameter_posteriors on the default
//     connection;
//   - window: -7d to now;
//   - params: dir/params.
//
// A directory without paramsql.yaml is a project of defaults. ${ENV_VAR}
// references in a dsn are replaced from the environment; a DuckDB dsn that
// is a relative path is taken relative to dir. Errors are an ErrorList
// with file:line:col for each problem; a DSN is only ever printed
// redacted.
func LoadProject(dir string) (*Project, error) {
	if dir == "" {
		dir = "."
	}
	proj := &Project{
		Dir:       dir,
		Schema:    compiler.DefaultSchema(),
		Window:    Window{Start: DefaultWindowStart, End: DefaultWindowEnd},
		ParamsDir: filepath.Join(dir, DefaultParamsDir),
		pos:       positions{},
	}
	path := filepath.Join(dir, ProjectFile)
	data, err := os.ReadFile(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		proj.setDefaultConnection()
		return proj, nil
	case err != nil:
		return nil, err
	}
	proj.File = path
	d := newDecoder(path, "project file", reflect.TypeFor[projectFile]())
	var pf projectFile
	if root := d.parseDocument(data); root != nil {
		d.decode(root, reflect.ValueOf(&pf).Elem(), "", false)
	}
	proj.pos = d.pos
	errs := d.errs
	errs = append(errs, proj.apply(&pf)...)
	if len(errs) > 0 {
		return nil, errs.limit()
	}
	return proj, nil
}

func (proj *Project) setDefaultConnection() {
	proj.Connections = map[string]Connection{DefaultConnectionName: {
		Name:   DefaultConnectionName,
		Driver: DriverDuckDB,
		DSN:    filepath.Join(proj.Dir, DefaultDuckDBFile),
	}}
	proj.DefaultConnection = DefaultConnectionName
	proj.PosteriorStore = PosteriorStore{Connection: DefaultConnectionName, Table: DefaultPosteriorTable}
}

// ErrorAt makes an Error located at the value of field in the project
// file, for problems found after loading (a DSN that does not parse, say).
// field is a dotted path such as "connections.warehouse.dsn"; when that
// field was not written, the nearest enclosing one is used.
func (proj *Project) ErrorAt(field, msg, hint string) *Error {
	return proj.errorf(field, hint, "%s", msg)
}

// errorf makes an Error at the value at path in the project file.
func (proj *Project) errorf(path, hint, format string, args ...any) *Error {
	pos := proj.pos.at(path)
	return &Error{File: proj.File, Line: pos.line, Col: pos.col, Msg: fmt.Sprintf(format, args...), Hint: hint}
}

// apply copies the decoded file into the project, applying defaults and
// checking what the decoder cannot.
func (proj *Project) apply(pf *projectFile) ErrorList {
	var errs ErrorList
	// Connections, in file order.
	names := make([]string, 0, len(pf.Connections))
	for name := range pf.Connections {
		names = append(names, name)
	}
	sort.Slice(names, func(i, j int) bool {
		a, b := proj.pos.at("connections."+names[i]), proj.pos.at("connections."+names[j])
		return a.line < b.line || a.line == b.line && a.col < b.col
	})
	if len(names) == 0 {
		proj.setDefaultConnection()
	} else {
		proj.Connections = map[string]Connection{}
		for _, name := range names {
			cf := pf.Connections[name]
			if cf == nil {
				errs = append(errs, proj.errorf("connections."+name, "give driver and dsn", "connection %q is empty", name))
				continue
			}
			c, cerrs := proj.connection(name, cf)
			errs = append(errs, cerrs...)
			proj.Connections[name] = c
		}
		proj.DefaultConnection = names[0]
		proj.PosteriorStore.Connection = names[0]
	}
	proj.PosteriorStore.Table = DefaultPosteriorTable

	if s := pf.Schema; s != nil {
		if s.Table != "" {
			proj.Schema.Table = s.Table
		}
		if c := s.Columns; c != nil {
			set := func(dst *string, v string) {
				if v != "" {
					*dst = v
				}
			}
			set(&proj.Schema.Columns.UserID, c.UserID)
			set(&proj.Schema.Columns.SessionID, c.SessionID)
			set(&proj.Schema.Columns.EventType, c.EventType)
			set(&proj.Schema.Columns.NodeSlug, c.NodeSlug)
			set(&proj.Schema.Columns.CreatedAt, c.CreatedAt)
		}
		if len(s.Contexts) > 0 {
			proj.Schema.Contexts = map[string]string{}
			for k, v := range s.Contexts {
				if v == "" {
					errs = append(errs, proj.errorf("schema.contexts."+k, "", "schema.contexts.%s: the column name is empty", k))
				}
				proj.Schema.Contexts[k] = v
			}
		}
		if s.Unit != "" {
			proj.Schema.Unit = compiler.Unit(s.Unit)
		}
		if s.Connection != "" {
			if proj.checkConnection("schema.connection", s.Connection, &errs) {
				proj.DefaultConnection = s.Connection
				proj.PosteriorStore.Connection = s.Connection
			}
		}
	}
	if ps := pf.PosteriorStore; ps != nil {
		if ps.Connection != "" && proj.checkConnection("posterior_store.connection", ps.Connection, &errs) {
			proj.PosteriorStore.Connection = ps.Connection
		}
		if ps.Table != "" {
			proj.PosteriorStore.Table = ps.Table
		}
	}
	if w := pf.Window; w != nil {
		if w.Start != "" {
			proj.Window.Start = w.Start
		}
		if w.End != "" {
			proj.Window.End = w.End
		}
		proj.Window.ConversionWindow = w.ConversionWindow
		// A value the decoder refused (7x) is reported once, by it.
		if proj.has("window.conversion_window") && !proj.has("window.conversion_window#invalid") && w.ConversionWindow <= 0 {
			errs = append(errs, proj.errorf("window.conversion_window", `a duration above 0, such as "7d"`, "window.conversion_window must be greater than 0"))
		}
		now := time.Now()
		start, serr := ResolveTime(proj.Window.Start, now)
		if serr != nil {
			errs = append(errs, proj.timeError("window.start", serr))
		}
		end, eerr := ResolveTime(proj.Window.End, now)
		if eerr != nil {
			errs = append(errs, proj.timeError("window.end", eerr))
		}
		if serr == nil && eerr == nil && !start.Before(end) {
			errs = append(errs, proj.errorf("window.start", "", "window.start %q is not before window.end %q", proj.Window.Start, proj.Window.End))
		}
	}
	if pf.Params != "" {
		proj.ParamsDir = pf.Params
		if !filepath.IsAbs(pf.Params) {
			proj.ParamsDir = filepath.Join(proj.Dir, pf.Params)
		}
	}
	if pf.Graph != "" {
		g, gerrs := proj.loadGraph(pf.Graph)
		errs = append(errs, gerrs...)
		proj.Graph = g
	}
	return errs
}

// timeError places an error of ResolveTime at path.
func (proj *Project) timeError(path string, err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return proj.errorf(path, e.Hint, "%s: %s", path, e.Msg)
	}
	return proj.errorf(path, "", "%s: %v", path, err)
}

// checkConnection reports whether name is a connection, adding an error
// at path when it is not.
func (proj *Project) checkConnection(path, name string, errs *ErrorList) bool {
	if _, ok := proj.Connections[name]; ok {
		return true
	}
	*errs = append(*errs, proj.errorf(path, connectionHint(name, proj), "%s: no connection named %q", path, name))
	return false
}

// connectionHint suggests a connection name close to name, or lists them.
func connectionHint(name string, proj *Project) string {
	var names []string
	for n := range proj.Connections {
		names = append(names, n)
	}
	sort.Strings(names)
	if h := suggest(name, names); h != "" {
		return h
	}
	if len(names) == 0 {
		return "the project defines no connections"
	}
	return "connections: " + strings.Join(names, ", ")
}

// connection builds and checks one connection.
func (proj *Project) connection(name string, cf *connectionFile) (Connection, ErrorList) {
	var errs ErrorList
	path := "connections." + name
	c := Connection{Name: name, Driver: cf.Driver, DSN: cf.DSN, Timeout: cf.Timeout}
	if proj.has(path + ".dsn#envfail") {
		return c, errs // reported by the decoder; the DSN is incomplete
	}
	if c.DSN == "" {
		if !proj.has(path + ".dsn#invalid") {
			hint := ""
			if c.Driver == DriverDuckDB {
				hint = `use ":memory:" for an in-memory database`
			}
			errs = append(errs, proj.errorf(path+".dsn", hint, "%s: dsn is required", path))
		}
		return c, errs
	}
	scheme := ""
	if i := strings.Index(c.DSN, "://"); i > 0 {
		scheme = strings.ToLower(c.DSN[:i])
	}
	guess := driverOfScheme(scheme)
	red := RedactDSN(c.DSN)
	if c.Driver == "" {
		if !proj.has(path + ".driver#invalid") {
			hint := "one of " + strings.Join(Driver("").values(), ", ")
			if guess != "" {
				hint = fmt.Sprintf("add driver: %s", guess)
			}
			errs = append(errs, proj.errorf(path+".driver", hint, "%s: driver is required", path))
		}
		return c, errs
	}
	switch c.Driver {
	case DriverPostgres:
		if scheme != "" && guess != DriverPostgres || scheme == "" && !strings.Contains(c.DSN, "=") {
			errs = append(errs, proj.errorf(path+".dsn", driverHint(guess, c.Driver), "%s.dsn: %q is not a postgres DSN", path, red))
		}
	case DriverRedshift:
		if scheme != "" && guess != DriverPostgres || scheme == "" && !strings.Contains(c.DSN, "=") {
			errs = append(errs, proj.errorf(path+".dsn", "write postgres://user:password@cluster:5439/dbname (Redshift speaks the PostgreSQL protocol)", "%s.dsn: %q is not a redshift DSN", path, red))
		}
	case DriverBigQuery:
		if scheme != "bigquery" {
			errs = append(errs, proj.errorf(path+".dsn", "write bigquery://PROJECT/DATASET?location=…", "%s.dsn: %q is not a bigquery DSN", path, red))
		}
	case DriverClickHouse:
		if guess != DriverClickHouse {
			errs = append(errs, proj.errorf(path+".dsn", driverHint(guess, c.Driver), "%s.dsn: %q is not a clickhouse DSN", path, red))
		}
	case DriverMySQL:
		if scheme != "" {
			errs = append(errs, proj.errorf(path+".dsn", "the mysql driver takes user:password@tcp(host:port)/dbname", "%s.dsn: %q is a URL", path, red))
		}
	case DriverDuckDB:
		if scheme != "" && guess != "" && guess != DriverDuckDB {
			errs = append(errs, proj.errorf(path+".dsn", driverHint(guess, c.Driver), "%s.dsn: %q is not a duckdb database", path, red))
		} else if isLocalDuckDBPath(c.DSN) && !filepath.IsAbs(c.DSN) {
			c.DSN = filepath.Join(proj.Dir, c.DSN)
		}
	}
	return c, errs
}

// driverOfScheme names the driver a URL scheme belongs to.
func driverOfScheme(scheme string) Driver {
	switch scheme {
	case "postgres", "postgresql":
		return DriverPostgres
	case "clickhouse", "tcp", "http", "https":
		return DriverClickHouse
	case "mysql", "mariadb":
		return DriverMySQL
	case "duckdb", "md", "motherduck":
		return DriverDuckDB
	case "bigquery":
		return DriverBigQuery
	}
	return ""
}

func driverHint(guess, driver Driver) string {
	switch {
	case guess != "" && guess != driver:
		return fmt.Sprintf("it looks like a %s DSN: set driver: %s", guess, guess)
	case driver == DriverPostgres:
		return "write postgres://user:password@host:port/dbname or host=... dbname=..."
	case driver == DriverClickHouse:
		return "write clickhouse://user:password@host:9000/dbname"
	}
	return ""
}

// isLocalDuckDBPath reports whether a DuckDB DSN names a file on disk.
func isLocalDuckDBPath(dsn string) bool {
	low := strings.ToLower(dsn)
	return dsn != ":memory:" && !strings.HasPrefix(low, ":memory:") && !strings.HasPrefix(low, "md:") && !strings.Contains(low, "://")
}

func (proj *Project) has(path string) bool {
	_, ok := proj.pos[path]
	return ok
}

// loadGraph reads the graph file named in the project file.
func (proj *Project) loadGraph(name string) (*compiler.Graph, ErrorList) {
	path := name
	if !filepath.IsAbs(path) {
		path = filepath.Join(proj.Dir, name)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		msg := err.Error()
		if errors.Is(err, fs.ErrNotExist) {
			msg = fmt.Sprintf("graph file %s does not exist", path)
		}
		return nil, ErrorList{proj.errorf("graph", "", "%s", msg)}
	}
	d := newDecoder(path, "graph file", reflect.TypeFor[graphFile]())
	var gf graphFile
	if root := d.parseDocument(data); root != nil {
		d.decode(root, reflect.ValueOf(&gf).Elem(), "", false)
	}
	g := &compiler.Graph{Edges: map[string]compiler.GraphEdge{}, Nodes: map[string]compiler.GraphNode{}}
	for name, e := range gf.Edges {
		p := "edges." + name
		if e == nil || e.From == "" || e.To == "" {
			at := d.pos.at(p)
			d.errs = append(d.errs, &Error{File: path, Line: at.line, Col: at.col, Msg: fmt.Sprintf("%s: an edge needs from and to", p)})
			continue
		}
		g.Edges[name] = compiler.GraphEdge{From: e.From, To: e.To}
	}
	for name, n := range gf.Nodes {
		if n == nil {
			g.Nodes[name] = compiler.GraphNode{}
			continue
		}
		g.Nodes[name] = compiler.GraphNode{EventType: n.EventType, NodeSlug: n.NodeSlug}
	}
	proj.loadSiblings(d, path, gf.Siblings, g)
	return g, d.errs
}
