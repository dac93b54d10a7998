package pipeline_test

import (
	"bufio"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

// request is one HTTP request as a fake server saw it.
type request struct {
	Method, Path string
	Header       http.Header
	Body         []byte
}

// JSON decodes the body as a JSON object.
func (r request) JSON(t *testing.T) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(r.Body, &m); err != nil {
		t.Fatalf("%s %s: body is not a JSON object: %v\n%s", r.Method, r.Path, err, r.Body)
	}
	return m
}

// recorder is an HTTP server that records every request and answers with
// reply (200 and "{}" when nil).
type recorder struct {
	*httptest.Server
	mu    sync.Mutex
	reqs  []request
	reply func(w http.ResponseWriter, r *http.Request)
}

func newRecorder(t *testing.T, reply func(w http.ResponseWriter, r *http.Request)) *recorder {
	t.Helper()
	rec := &recorder{reply: reply}
	rec.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		rec.mu.Lock()
		rec.reqs = append(rec.reqs, request{Method: r.Method, Path: r.URL.Path, Header: r.Header.Clone(), Body: body})
		rec.mu.Unlock()
		if rec.reply != nil {
			rec.reply(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, "{}")
	}))
	t.Cleanup(rec.Close)
	return rec
}

// requests returns the requests received so far, optionally only those to
// path.
func (rec *recorder) requests(path string) []request {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	var out []request
	for _, r := range rec.reqs {
		if path == "" || r.Path == path {
			out = append(out, r)
		}
	}
	return out
}

// sheetsEmulator answers the Sheets API v4 calls paramsql makes:
//
//	GET  /v4/spreadsheets/{id}/values/{range}          (a prior)
//	POST /v4/spreadsheets/{id}/values/{range}:append   (mode append)
//	POST /v4/spreadsheets/{id}/values/{range}:clear    (mode replace, then PUT)
//	PUT  /v4/spreadsheets/{id}/values/{range}          (mode update)
//
// GET serves cells[id+"/"+range]; an unknown range is a Google-style 404.
// Written rows are kept by id+"/"+range: appended after the rows there,
// cleared, or written over from the top.
type sheetsEmulator struct {
	*httptest.Server
	mu       sync.Mutex
	cells    map[string][][]any
	appended map[string][][]any
	queries  []string // the raw query of every request
}

func newSheetsEmulator(t *testing.T, cells map[string][][]any) *sheetsEmulator {
	t.Helper()
	e := &sheetsEmulator{cells: cells, appended: map[string][][]any{}}
	e.Server = httptest.NewServer(http.HandlerFunc(e.serve))
	t.Cleanup(e.Close)
	return e
}

func (e *sheetsEmulator) serve(w http.ResponseWriter, r *http.Request) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.queries = append(e.queries, r.Method+" "+r.URL.RawQuery)
	w.Header().Set("Content-Type", "application/json")
	notFound := func() {
		w.WriteHeader(http.StatusNotFound)
		io.WriteString(w, `{"error":{"code":404,"message":"Requested entity was not found.","status":"NOT_FOUND"}}`)
	}
	rest, ok := strings.CutPrefix(r.URL.Path, "/v4/spreadsheets/")
	if !ok {
		notFound()
		return
	}
	id, rng, ok := strings.Cut(rest, "/values/")
	if !ok {
		notFound()
		return
	}
	switch {
	case r.Method == http.MethodGet:
		vals, ok := e.cells[id+"/"+rng]
		if !ok {
			notFound()
			return
		}
		json.NewEncoder(w).Encode(map[string]any{"range": rng, "majorDimension": "ROWS", "values": vals})
	case r.Method == http.MethodPost && strings.HasSuffix(rng, ":clear"):
		rng = strings.TrimSuffix(rng, ":clear")
		delete(e.appended, id+"/"+rng)
		json.NewEncoder(w).Encode(map[string]any{"spreadsheetId": id, "clearedRange": rng})
	case r.Method == http.MethodPost && strings.HasSuffix(rng, ":append"), r.Method == http.MethodPut:
		var body struct {
			Values [][]any `json:"values"`
		}
		if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
			w.WriteHeader(http.StatusBadRequest)
			io.WriteString(w, `{"error":{"code":400,"message":"bad body","status":"INVALID_ARGUMENT"}}`)
			return
		}
		if r.Method == http.MethodPut {
			key := id + "/" + rng
			rows := e.appended[key]
			for i, v := range body.Values {
				if i < len(rows) {
					rows[i] = v
				} else {
					rows = append(rows, v)
				}
			}
			e.appended[key] = rows
		} else {
			rng = strings.TrimSuffix(rng, ":append")
			e.appended[id+"/"+rng] = append(e.appended[id+"/"+rng], body.Values...)
		}
		json.NewEncoder(w).Encode(map[string]any{"spreadsheetId": id, "updatedRange": rng, "updatedRows": len(body.Values)})
	default:
		notFound()
	}
}

func (e *sheetsEmulator) rows(key string) [][]any {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([][]any(nil), e.appended[key]...)
}

// smtpServer is a minimal SMTP server on 127.0.0.1: it accepts every
// sender and recipient, offers no extensions (so no STARTTLS and no AUTH)
// and records each message.
type smtpServer struct {
	ln   net.Listener
	mu   sync.Mutex
	msgs []smtpMessage
	wg   sync.WaitGroup
}

type smtpMessage struct {
	From string
	To   []string
	Data string
}

func newSMTPServer(t *testing.T) *smtpServer {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &smtpServer{ln: ln}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			s.wg.Add(1)
			go func() {
				defer s.wg.Done()
				s.session(c)
			}()
		}
	}()
	t.Cleanup(func() {
		ln.Close()
		s.wg.Wait()
	})
	return s
}

func (s *smtpServer) port() int { return s.ln.Addr().(*net.TCPAddr).Port }

func (s *smtpServer) messages() []smtpMessage {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]smtpMessage(nil), s.msgs...)
}

func (s *smtpServer) session(c net.Conn) {
	defer c.Close()
	r := bufio.NewReader(c)
	say := func(line string) { io.WriteString(c, line+"\r\n") }
	say("220 127.0.0.1 test SMTP")
	var msg smtpMessage
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		line = strings.TrimRight(line, "\r\n")
		verb, arg, _ := strings.Cut(line, " ")
		switch strings.ToUpper(verb) {
		case "EHLO", "HELO":
			say("250 127.0.0.1")
		case "MAIL":
			msg = smtpMessage{From: angle(arg)}
			say("250 OK")
		case "RCPT":
			msg.To = append(msg.To, angle(arg))
			say("250 OK")
		case "DATA":
			say("354 end with .")
			var b strings.Builder
			for {
				l, err := r.ReadString('\n')
				if err != nil {
					return
				}
				if l == ".\r\n" {
					break
				}
				// Undo dot-stuffing.
				b.WriteString(strings.TrimPrefix(l, "."))
			}
			msg.Data = b.String()
			s.mu.Lock()
			s.msgs = append(s.msgs, msg)
			s.mu.Unlock()
			say("250 queued")
		case "RSET", "NOOP":
			say("250 OK")
		case "QUIT":
			say("221 bye")
			return
		default:
			say("502 not implemented")
		}
	}
}

// angle reads the address out of "FROM:<a@b>" or "TO:<a@b>".
func angle(arg string) string {
	if i := strings.IndexByte(arg, '<'); i >= 0 {
		if j := strings.IndexByte(arg[i:], '>'); j >= 0 {
			return arg[i+1 : i+j]
		}
	}
	return arg
}
