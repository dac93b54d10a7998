// Package bqfake is a local stand-in for the BigQuery REST endpoints that
// Google's Go client (cloud.google.com/go/bigquery) calls to run a query:
// datasets.get, jobs.insert (queries and dry runs), jobs.getQueryResults
// (waiting, then reading page by page), jobs.get and jobs.cancel.
//
// It does not evaluate SQL. Each test answers a query with its Answer
// function, which sees exactly what the client sent (the text, the
// parameters with their types and values, the job settings) and may
// compute rows however it likes, such as by running the equivalent
// statement on DuckDB. Every request is recorded for the test to check.
package bqfake

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"time"

	bq "google.golang.org/api/bigquery/v2"
)

// BasePath is where the fake serves the API under its URL, as Google
// does; a client's endpoint is URL() (Server.URL + BasePath).
const BasePath = "/bigquery/v2/"

// Query is one job the client submitted.
type Query struct {
	JobID          string
	SQL            string
	DryRun         bool
	Params         []Param
	Labels         map[string]string
	MaxBytesBilled int64
	Location       string
	// DefaultDataset is project.dataset, or "" when none was sent.
	DefaultDataset string
	UseLegacySQL   bool
}

// Param is a named query parameter as sent: BigQuery's type name and the
// value's text.
type Param struct {
	Name, Type, Value string
}

// Time parses a TIMESTAMP parameter's value in the client's format.
func (p Param) Time() (time.Time, error) {
	if p.Type != "TIMESTAMP" {
		return time.Time{}, fmt.Errorf("parameter %s is a %s, not a TIMESTAMP", p.Name, p.Type)
	}
	return time.Parse("2006-01-02 15:04:05.999999-07:00", p.Value)
}

// Column is a result column: its name and BigQuery type (STRING, INTEGER,
// FLOAT, BOOLEAN, TIMESTAMP, DATE).
type Column struct {
	Name, Type string
}

// Answer is what a query returns, or for a dry run what it would do.
type Answer struct {
	// StatementType is the dry run's statement type; empty means SELECT.
	StatementType string
	// BytesProcessed is the dry run's estimate of bytes scanned.
	BytesProcessed int64
	Columns        []Column
	// Rows hold nil (NULL), string, int64, float64, bool or time.Time
	// values, written as the column's type asks.
	Rows [][]any
	// Fail, if set, is the error the job fails with once it has run, as
	// a query that is valid but fails on the data (division by zero,
	// bytes billed over the limit) does.
	Fail *Error
}

// Error is an API error; an Answer func returns one to fail a query as
// BigQuery does (400 invalidQuery, say).
type Error struct {
	Code    int
	Reason  string
	Message string
}

func (e *Error) Error() string { return fmt.Sprintf("%d %s: %s", e.Code, e.Reason, e.Message) }

// Server is a running fake.
type Server struct {
	*httptest.Server
	// Project is the only project the fake knows.
	Project string
	// Datasets are the datasets datasets.get finds.
	Datasets []string
	// Answer answers each query and dry run. An *Error it returns is sent
	// as that API error; any other error as a 400 invalidQuery.
	Answer func(Query) (*Answer, error)
	// PageSize is the number of rows per getQueryResults page; zero
	// means all rows in one page.
	PageSize int
	// Polls is how many times getQueryResults reports a job incomplete
	// before it completes, so that clients must wait.
	Polls int
	// Hang makes every job run until it is cancelled.
	Hang bool

	mu        sync.Mutex
	queries   []Query
	cancelled []string
	pages     []string // page tokens requested, "" for the first page
	jobs      map[string]*fakeJob
}

type fakeJob struct {
	query     Query
	answer    *Answer
	polls     int
	cancelled bool
}

// New starts a fake for project. Close it when done.
func New(project string, answer func(Query) (*Answer, error)) *Server {
	s := &Server{Project: project, Answer: answer, jobs: map[string]*fakeJob{}}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	return s
}

// Endpoint is the base URL to give the client (option.WithEndpoint).
func (s *Server) Endpoint() string { return s.URL + BasePath }

// Queries returns the jobs submitted so far, dry runs included.
func (s *Server) Queries() []Query {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Query(nil), s.queries...)
}

// Cancelled returns the IDs of the jobs the client cancelled.
func (s *Server) Cancelled() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.cancelled...)
}

// Pages returns the page tokens of the result pages read, "" for a first
// page.
func (s *Server) Pages() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.pages...)
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	path, ok := strings.CutPrefix(r.URL.Path, BasePath+"projects/")
	if !ok {
		writeError(w, &Error{Code: 404, Reason: "notFound", Message: "no such endpoint " + r.URL.Path})
		return
	}
	parts := strings.Split(path, "/")
	if parts[0] != s.Project {
		writeError(w, &Error{Code: 404, Reason: "notFound", Message: "Not found: Project " + parts[0]})
		return
	}
	switch {
	case r.Method == http.MethodGet && len(parts) == 3 && parts[1] == "datasets":
		s.getDataset(w, parts[2])
	case r.Method == http.MethodPost && len(parts) == 2 && parts[1] == "jobs":
		s.insertJob(w, r)
	case r.Method == http.MethodGet && len(parts) == 3 && parts[1] == "queries":
		s.getQueryResults(w, r, parts[2])
	case r.Method == http.MethodGet && len(parts) == 3 && parts[1] == "jobs":
		s.getJob(w, parts[2])
	case r.Method == http.MethodPost && len(parts) == 4 && parts[1] == "jobs" && parts[3] == "cancel":
		s.cancelJob(w, parts[2])
	default:
		writeError(w, &Error{Code: 404, Reason: "notFound", Message: fmt.Sprintf("no endpoint %s %s", r.Method, r.URL.Path)})
	}
}

func (s *Server) getDataset(w http.ResponseWriter, name string) {
	for _, d := range s.Datasets {
		if d == name {
			writeJSON(w, &bq.Dataset{DatasetReference: &bq.DatasetReference{ProjectId: s.Project, DatasetId: d}, Id: s.Project + ":" + d})
			return
		}
	}
	writeError(w, &Error{Code: 404, Reason: "notFound", Message: fmt.Sprintf("Not found: Dataset %s:%s", s.Project, name)})
}

func (s *Server) insertJob(w http.ResponseWriter, r *http.Request) {
	var job bq.Job
	if err := json.NewDecoder(r.Body).Decode(&job); err != nil {
		writeError(w, &Error{Code: 400, Reason: "invalid", Message: "bad job: " + err.Error()})
		return
	}
	if job.Configuration == nil || job.Configuration.Query == nil {
		writeError(w, &Error{Code: 400, Reason: "invalid", Message: "the fake runs query jobs only"})
		return
	}
	q := toQuery(&job)
	s.mu.Lock()
	s.queries = append(s.queries, q)
	s.mu.Unlock()
	ans, err := s.Answer(q)
	if err != nil {
		var ae *Error
		if !errors.As(err, &ae) {
			ae = &Error{Code: 400, Reason: "invalidQuery", Message: err.Error()}
		}
		writeError(w, ae)
		return
	}
	if ans.StatementType == "" {
		ans.StatementType = "SELECT"
	}
	ref := job.JobReference
	if ref == nil {
		ref = &bq.JobReference{}
	}
	ref.ProjectId = s.Project
	if ref.Location == "" {
		ref.Location = "US"
	}
	out := &bq.Job{
		JobReference:  ref,
		Configuration: job.Configuration,
		Status:        &bq.JobStatus{State: "DONE"},
		Statistics: &bq.JobStatistics{
			TotalBytesProcessed: ans.BytesProcessed,
			Query: &bq.JobStatistics2{
				StatementType:       ans.StatementType,
				TotalBytesProcessed: ans.BytesProcessed,
			},
		},
	}
	if !q.DryRun {
		if ref.JobId == "" {
			writeError(w, &Error{Code: 400, Reason: "invalid", Message: "the fake needs a client job ID"})
			return
		}
		s.mu.Lock()
		s.jobs[ref.JobId] = &fakeJob{query: q, answer: ans}
		s.mu.Unlock()
		out.Status.State = "RUNNING"
	}
	writeJSON(w, out)
}

func toQuery(job *bq.Job) Query {
	c := job.Configuration.Query
	q := Query{
		SQL:            c.Query,
		DryRun:         job.Configuration.DryRun,
		Labels:         job.Configuration.Labels,
		MaxBytesBilled: c.MaximumBytesBilled,
		UseLegacySQL:   c.UseLegacySql != nil && *c.UseLegacySql,
	}
	if job.JobReference != nil {
		q.JobID = job.JobReference.JobId
		q.Location = job.JobReference.Location
	}
	if d := c.DefaultDataset; d != nil {
		q.DefaultDataset = d.ProjectId + "." + d.DatasetId
	}
	for _, p := range c.QueryParameters {
		fp := Param{Name: p.Name}
		if p.ParameterType != nil {
			fp.Type = p.ParameterType.Type
		}
		if p.ParameterValue != nil {
			fp.Value = p.ParameterValue.Value
		}
		q.Params = append(q.Params, fp)
	}
	return q
}

func (s *Server) job(w http.ResponseWriter, id string) *fakeJob {
	j, ok := s.jobs[id]
	if !ok {
		writeError(w, &Error{Code: 404, Reason: "notFound", Message: "Not found: Job " + s.Project + ":" + id})
	}
	return j
}

func (s *Server) getQueryResults(w http.ResponseWriter, r *http.Request, id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	j := s.job(w, id)
	if j == nil {
		return
	}
	if j.cancelled {
		writeError(w, &Error{Code: 400, Reason: "stopped", Message: "Job execution was cancelled: User requested cancellation"})
		return
	}
	ref := &bq.JobReference{ProjectId: s.Project, JobId: id, Location: "US"}
	if s.Hang || j.polls < s.Polls {
		j.polls++
		writeJSON(w, &bq.GetQueryResultsResponse{JobReference: ref, JobComplete: false})
		return
	}
	a := j.answer
	if a.Fail != nil {
		writeError(w, a.Fail)
		return
	}
	resp := &bq.GetQueryResultsResponse{
		JobReference: ref,
		JobComplete:  true,
		Schema:       &bq.TableSchema{},
		TotalRows:    uint64(len(a.Rows)),
	}
	for _, c := range a.Columns {
		resp.Schema.Fields = append(resp.Schema.Fields, &bq.TableFieldSchema{Name: c.Name, Type: c.Type, Mode: "NULLABLE"})
	}
	if r.URL.Query().Get("maxResults") == "0" {
		writeJSON(w, resp)
		return
	}
	token := r.URL.Query().Get("pageToken")
	s.pages = append(s.pages, token)
	from := 0
	if token != "" {
		n, err := strconv.Atoi(strings.TrimPrefix(token, "page-"))
		if err != nil || n < 0 || n > len(a.Rows) {
			writeError(w, &Error{Code: 400, Reason: "invalid", Message: "bad page token " + token})
			return
		}
		from = n
	}
	to := len(a.Rows)
	if s.PageSize > 0 && from+s.PageSize < to {
		to = from + s.PageSize
		resp.PageToken = "page-" + strconv.Itoa(to)
	}
	micros := r.URL.Query().Get("formatOptions.useInt64Timestamp") == "true"
	for _, row := range a.Rows[from:to] {
		tr := &bq.TableRow{}
		for i, v := range row {
			cell, err := encode(a.Columns[i].Type, v, micros)
			if err != nil {
				writeError(w, &Error{Code: 500, Reason: "internalError", Message: err.Error()})
				return
			}
			tr.F = append(tr.F, &bq.TableCell{V: cell})
		}
		resp.Rows = append(resp.Rows, tr)
	}
	writeJSON(w, resp)
}

// encode writes a value as the REST API does: every scalar as text.
func encode(typ string, v any, micros bool) (any, error) {
	if v == nil {
		return nil, nil
	}
	switch x := v.(type) {
	case string:
		return x, nil
	case int64:
		return strconv.FormatInt(x, 10), nil
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64), nil
	case bool:
		return strconv.FormatBool(x), nil
	case time.Time:
		switch typ {
		case "DATE":
			return x.UTC().Format("2006-01-02"), nil
		case "TIMESTAMP":
			if micros {
				return strconv.FormatInt(x.UnixMicro(), 10), nil
			}
			return strconv.FormatFloat(float64(x.UnixMicro())/1e6, 'f', 6, 64), nil
		}
	}
	return nil, fmt.Errorf("bqfake: cannot write %T as %s", v, typ)
}

func (s *Server) getJob(w http.ResponseWriter, id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	j := s.job(w, id)
	if j == nil {
		return
	}
	state := "RUNNING"
	if j.cancelled || (!s.Hang && j.polls >= s.Polls) {
		state = "DONE"
	}
	writeJSON(w, &bq.Job{
		JobReference:  &bq.JobReference{ProjectId: s.Project, JobId: id, Location: "US"},
		Configuration: &bq.JobConfiguration{Query: &bq.JobConfigurationQuery{Query: j.query.SQL}},
		Status:        &bq.JobStatus{State: state},
	})
}

func (s *Server) cancelJob(w http.ResponseWriter, id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	j := s.job(w, id)
	if j == nil {
		return
	}
	j.cancelled = true
	s.cancelled = append(s.cancelled, id)
	writeJSON(w, &bq.JobCancelResponse{Job: &bq.Job{JobReference: &bq.JobReference{ProjectId: s.Project, JobId: id}}})
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}

func writeError(w http.ResponseWriter, e *Error) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(e.Code)
	_ = json.NewEncoder(w).Encode(map[string]any{"error": map[string]any{
		"code":    e.Code,
		"message": e.Message,
		"errors":  []map[string]string{{"reason": e.Reason, "message": e.Message}},
	}})
}
