// Package sffake is a local stand-in for the Snowflake endpoints that
// gosnowflake calls: the login request, the query request (JSON result
// format) and the session close, plus a catch-all that accepts
// telemetry and heartbeats.
//
// It evaluates no SQL: each test answers a query with its Answer
// function, in Snowflake's JSON wire form (every value as text), and can
// check what the driver sent: the login's account, user, password and
// session parameters, and each query's text, bindings and parameters.
// There is no Snowflake engine or faithful emulator here, so this checks
// the driver's side of the protocol, not Snowflake's SQL.
package sffake

import (
	"compress/gzip"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
)

// Login is what a login request carried.
type Login struct {
	Account, User, Password, Authenticator string
	// Warehouse, Database, Schema and Role are the URL parameters the
	// driver sends them as.
	Warehouse, Database, Schema, Role string
	// SessionParameters are the session settings the driver asked for.
	SessionParameters map[string]any
}

// Binding is one bound value as sent: Snowflake's type name and its text.
type Binding struct {
	Type  string
	Value any
}

// Query is one query request.
type Query struct {
	SQL          string
	DescribeOnly bool
	// Bindings by position, "1" first.
	Bindings map[string]Binding
	// Parameters are per-query settings (MULTI_STATEMENT_COUNT …).
	Parameters map[string]any
	// Token is the session token the request authenticated with.
	Token string
}

// Column is a result column in Snowflake's row type terms: type is fixed,
// real, text, date, timestamp_ntz, timestamp_ltz, timestamp_tz or boolean.
type Column struct {
	Name  string
	Type  string
	Scale int64
}

// Answer is a query's result.
type Answer struct {
	Columns []Column
	// Rows hold each value as Snowflake's JSON format writes it; nil is
	// NULL.
	Rows [][]*string
	// StatementTypeID is Snowflake's statement type; zero means SELECT
	// (0x1000).
	StatementTypeID int64
}

// Error is a Snowflake error: a code such as 002003 and a message.
type Error struct {
	Code, SQLState, Message string
}

func (e *Error) Error() string { return e.Code + ": " + e.Message }

// sessionToken is the token the fake hands out at login.
const sessionToken = "fake-session-token"

// Server is a running fake.
type Server struct {
	*httptest.Server
	// Answer answers each query; an *Error is sent as Snowflake's error.
	Answer func(Query) (*Answer, error)
	// Hang makes every query but the driver's ping (SELECT 1) wait
	// until the client gives up on it.
	Hang bool

	mu      sync.Mutex
	logins  []Login
	queries []Query
	other   []string
}

// New starts a fake. Close it when done.
func New(answer func(Query) (*Answer, error)) *Server {
	s := &Server{Answer: answer}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	return s
}

// HostPort returns the host and port a DSN's host= and port= options
// take.
func (s *Server) HostPort() (string, string) {
	hp := strings.TrimPrefix(s.URL, "http://")
	i := strings.LastIndexByte(hp, ':')
	return hp[:i], hp[i+1:]
}

// Logins returns the logins so far.
func (s *Server) Logins() []Login {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Login(nil), s.logins...)
}

// Other returns the paths of the other requests so far (abort
// requests, telemetry, the session's close).
func (s *Server) Other() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.other...)
}

// Queries returns the query requests so far.
func (s *Server) Queries() []Query {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Query(nil), s.queries...)
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	body, err := readBody(r)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	switch r.URL.Path {
	case "/session/v1/login-request":
		s.login(w, r, body)
	case "/queries/v1/query-request":
		s.query(w, r, body)
	default:
		s.mu.Lock()
		s.other = append(s.other, r.URL.Path)
		s.mu.Unlock()
		writeJSON(w, map[string]any{"success": true, "data": map[string]any{}})
	}
}

func readBody(r *http.Request) ([]byte, error) {
	var rd io.Reader = r.Body
	if r.Header.Get("Content-Encoding") == "gzip" {
		zr, err := gzip.NewReader(r.Body)
		if err != nil {
			return nil, err
		}
		rd = zr
	}
	return io.ReadAll(rd)
}

func (s *Server) login(w http.ResponseWriter, r *http.Request, body []byte) {
	var req struct {
		Data struct {
			AccountName       string         `json:"ACCOUNT_NAME"`
			LoginName         string         `json:"LOGIN_NAME"`
			Password          string         `json:"PASSWORD"`
			Authenticator     string         `json:"AUTHENTICATOR"`
			SessionParameters map[string]any `json:"SESSION_PARAMETERS"`
		} `json:"data"`
	}
	if err := json.Unmarshal(body, &req); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	q := r.URL.Query()
	l := Login{
		Account: req.Data.AccountName, User: req.Data.LoginName, Password: req.Data.Password,
		Authenticator: req.Data.Authenticator, SessionParameters: req.Data.SessionParameters,
		Warehouse: q.Get("warehouse"), Database: q.Get("databaseName"), Schema: q.Get("schemaName"), Role: q.Get("roleName"),
	}
	s.mu.Lock()
	s.logins = append(s.logins, l)
	s.mu.Unlock()
	var params []map[string]any
	for k, v := range l.SessionParameters {
		params = append(params, map[string]any{"name": k, "value": v})
	}
	writeJSON(w, map[string]any{
		"success": true,
		"data": map[string]any{
			"token": sessionToken, "masterToken": "fake-master-token",
			"validityInSeconds": 3600, "masterValidityInSeconds": 14400,
			"sessionId": 1, "parameters": params,
			"sessionInfo": map[string]string{
				"databaseName": l.Database, "schemaName": l.Schema,
				"warehouseName": l.Warehouse, "roleName": l.Role,
			},
		},
	})
}

func (s *Server) query(w http.ResponseWriter, r *http.Request, body []byte) {
	var req struct {
		SQLText      string             `json:"sqlText"`
		DescribeOnly bool               `json:"describeOnly"`
		Parameters   map[string]any     `json:"parameters"`
		Bindings     map[string]Binding `json:"bindings"`
	}
	if err := json.Unmarshal(body, &req); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	q := Query{SQL: req.SQLText, DescribeOnly: req.DescribeOnly, Bindings: req.Bindings, Parameters: req.Parameters}
	q.Token, _ = strings.CutPrefix(r.Header.Get("Authorization"), `Snowflake Token="`)
	q.Token = strings.TrimSuffix(q.Token, `"`)
	s.mu.Lock()
	s.queries = append(s.queries, q)
	s.mu.Unlock()
	if s.Hang && q.SQL != "SELECT 1" {
		<-r.Context().Done()
		return
	}
	ans, err := s.Answer(q)
	if err != nil {
		e, ok := err.(*Error)
		if !ok {
			e = &Error{Code: "002003", SQLState: "42S02", Message: err.Error()}
		}
		writeJSON(w, map[string]any{
			"success": false, "code": e.Code, "message": e.Message,
			"data": map[string]any{"sqlState": e.SQLState, "queryId": "fake-query-error"},
		})
		return
	}
	typ := ans.StatementTypeID
	if typ == 0 {
		typ = 0x1000
	}
	var rowtype []map[string]any
	for _, c := range ans.Columns {
		rowtype = append(rowtype, map[string]any{"name": c.Name, "type": c.Type, "scale": c.Scale, "precision": 38, "nullable": true})
	}
	rows := ans.Rows
	if rows == nil {
		rows = [][]*string{}
	}
	writeJSON(w, map[string]any{
		"success": true,
		"data": map[string]any{
			"rowtype": rowtype, "rowset": rows,
			"total": len(rows), "returned": len(rows),
			"queryId": "fake-query-1", "queryResultFormat": "json",
			"statementTypeId": typ,
		},
	})
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}
