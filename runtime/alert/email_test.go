package alert

import (
	"bufio"
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"errors"
	"io"
	"math/big"
	"mime"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"net/textproto"
	"os"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// session is what the test SMTP server saw on one connection.
type session struct {
	Helo     string
	TLS      bool // STARTTLS completed before the mail transaction
	AuthUser string
	AuthPass string
	From     string
	To       []string
	Data     string // raw message, dot-unstuffed, CRLFs kept
}

// smtpServer speaks just enough SMTP for net/smtp: EHLO/HELO, STARTTLS,
// AUTH PLAIN (initial response), MAIL, RCPT, DATA, RSET, NOOP and QUIT.
// Each field is recorded before the reply that acknowledges it, so a
// client that got its reply can read the record without racing.
type smtpServer struct {
	smtpOpts
	addr string

	mu       sync.Mutex
	sessions []*session
}

// smtpOpts says what the test server offers and accepts.
type smtpOpts struct {
	tls      *tls.Config // non-nil: offer STARTTLS
	user     string      // non-empty: offer AUTH PLAIN and accept these
	pass     string
	rejectTo string // RCPT TO this address gets 550
}

func startSMTP(t *testing.T, host string, opts smtpOpts) *smtpServer {
	t.Helper()
	s := &smtpServer{smtpOpts: opts}
	ln, err := net.Listen("tcp", net.JoinHostPort(host, "0"))
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("cannot listen on %s: %v", host, err)
		}
		t.Skipf("cannot listen on %s (this loopback address may not exist here): %v", host, err)
	}
	s.addr = ln.Addr().String()
	var wg sync.WaitGroup
	t.Cleanup(func() { ln.Close(); wg.Wait() })
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			wg.Add(1)
			go func() { defer wg.Done(); s.serve(t, c) }()
		}
	}()
	return s
}

func (s *smtpServer) port() int {
	_, p, _ := net.SplitHostPort(s.addr)
	n, _ := strconv.Atoi(p)
	return n
}

func (s *smtpServer) snapshot() []session {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]session, len(s.sessions))
	for i, x := range s.sessions {
		out[i] = *x
		out[i].To = append([]string(nil), x.To...)
	}
	return out
}

func (s *smtpServer) serve(t *testing.T, conn net.Conn) {
	defer func() { conn.Close() }()
	_ = conn.SetDeadline(time.Now().Add(30 * time.Second)) // a stuck client must not hang the test run
	sess := &session{}
	s.mu.Lock()
	s.sessions = append(s.sessions, sess)
	s.mu.Unlock()
	set := func(f func()) { s.mu.Lock(); f(); s.mu.Unlock() }

	r := bufio.NewReader(conn)
	w := conn
	reply := func(lines ...string) {
		var b strings.Builder
		for i, l := range lines {
			sep := " "
			if i < len(lines)-1 {
				sep = "-"
			}
			b.WriteString(l[:3] + sep + l[4:] + "\r\n")
		}
		io.WriteString(w, b.String())
	}
	reply("220 test.invalid ESMTP")
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		line = strings.TrimRight(line, "\r\n")
		verb, arg, _ := strings.Cut(line, " ")
		switch strings.ToUpper(verb) {
		case "EHLO":
			set(func() { sess.Helo = arg })
			lines := []string{"250 test.invalid"}
			if s.tls != nil && !sess.TLS {
				lines = append(lines, "250 STARTTLS")
			}
			if s.user != "" {
				lines = append(lines, "250 AUTH PLAIN")
			}
			reply(append(lines, "250 8BITMIME")...)
		case "HELO":
			set(func() { sess.Helo = arg })
			reply("250 test.invalid")
		case "STARTTLS":
			if s.tls == nil {
				reply("502 not offered")
				continue
			}
			reply("220 go ahead")
			tc := tls.Server(conn, s.tls)
			if err := tc.Handshake(); err != nil {
				t.Logf("smtp server: TLS handshake: %v", err)
				return
			}
			conn, r, w = tc, bufio.NewReader(tc), tc
			set(func() { sess.TLS = true })
		case "AUTH":
			mech, resp, _ := strings.Cut(arg, " ")
			raw, err := base64.StdEncoding.DecodeString(resp)
			parts := strings.Split(string(raw), "\x00")
			if !strings.EqualFold(mech, "PLAIN") || err != nil || len(parts) != 3 {
				reply("501 malformed AUTH")
				continue
			}
			set(func() { sess.AuthUser, sess.AuthPass = parts[1], parts[2] })
			if parts[1] == s.user && parts[2] == s.pass {
				reply("235 2.7.0 accepted")
			} else {
				reply("535 5.7.8 authentication credentials invalid")
			}
		case "MAIL":
			set(func() { sess.From = angle(arg) })
			reply("250 ok")
		case "RCPT":
			to := angle(arg)
			if to == s.rejectTo {
				reply("550 5.1.1 no such user")
				continue
			}
			set(func() { sess.To = append(sess.To, to) })
			reply("250 ok")
		case "DATA":
			reply("354 end with <CRLF>.<CRLF>")
			var data strings.Builder
			for {
				l, err := r.ReadString('\n')
				if err != nil {
					return
				}
				if l == ".\r\n" {
					break
				}
				data.WriteString(strings.TrimPrefix(l, ".")) // undo dot-stuffing
			}
			set(func() { sess.Data = data.String() })
			reply("250 queued")
		case "RSET", "NOOP":
			reply("250 ok")
		case "QUIT":
			reply("221 bye")
			return
		default:
			reply("502 unknown command")
		}
	}
}

// angle extracts the address from "FROM:<a@b> BODY=8BITMIME".
func angle(arg string) string {
	i, j := strings.IndexByte(arg, '<'), strings.IndexByte(arg, '>')
	if i < 0 || j < i {
		return arg
	}
	return arg[i+1 : j]
}

// testCert makes a self-signed certificate for the loopback addresses
// the tests use, and a pool that trusts it.
func testCert(t *testing.T) (*tls.Config, *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "paramsql test smtp"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(time.Hour),
		IPAddresses:           []net.IP{net.ParseIP("127.0.0.1"), net.ParseIP("127.0.0.2")},
		DNSNames:              []string{"localhost"},
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	return &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key}}}, pool
}

// wantBody is the decoded text body of sample's email.
var wantBody = strings.Join([]string{
	"Observations for signup-google-mobile have diverged from the prior.",
	"",
	sampleSummary,
	"",
	"Parameter:  signup-google-mobile (Signup Conversion - Google Mobile)",
	"Divergence: z = 2.53 (threshold ±2.00)",
	"Observed:   rate 0.4100 from 41 successes in 100 trials",
	"Prior:      mean 0.3200, stdev 0.0600",
	"Reference:  e.signup.context(channel='google',device='mobile').p.mean",
	"Run:        run-42",
	"Detected:   2025-10-21T06:30:00Z",
	"",
	"The prior may be out of date: review it, or the data that feeds it.",
	"",
}, "\r\n")

// checkMessage parses a received message and compares it with what the
// sample alert must produce.
func checkMessage(t *testing.T, data string) {
	t.Helper()
	if i := strings.Index(strings.ReplaceAll(data, "\r\n", ""), "\n"); i >= 0 {
		t.Errorf("message has a bare LF at byte %d; RFC 5322 needs CRLF", i)
	}
	msg, err := mail.ReadMessage(strings.NewReader(data))
	if err != nil {
		t.Fatalf("received message does not parse: %v\n%s", err, data)
	}
	h := msg.Header
	subject, err := new(mime.WordDecoder).DecodeHeader(h.Get("Subject"))
	if err != nil {
		t.Errorf("Subject %q: %v", h.Get("Subject"), err)
	}
	date, err := h.Date()
	if err != nil {
		t.Errorf("Date: %v", err)
	}
	got := map[string]string{
		"From":                      h.Get("From"),
		"To":                        h.Get("To"),
		"Subject":                   subject,
		"Date":                      date.UTC().Format(time.RFC3339),
		"MIME-Version":              h.Get("MIME-Version"),
		"Content-Type":              h.Get("Content-Type"),
		"Content-Transfer-Encoding": h.Get("Content-Transfer-Encoding"),
	}
	want := map[string]string{
		"From":                      `"paramsql" <alerts@example.com>`,
		"To":                        `<ds@example.com>, "Data Ops" <ops@example.com>`,
		"Subject":                   "[paramsql] " + sampleSummary,
		"Date":                      "2025-10-21T06:30:00Z",
		"MIME-Version":              "1.0",
		"Content-Type":              "text/plain; charset=utf-8",
		"Content-Transfer-Encoding": "quoted-printable",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("headers (-want +got):\n%s", diff)
	}
	if id := h.Get("Message-ID"); !regexp.MustCompile(`^<[0-9a-f]{24}\.\d+@example\.com>$`).MatchString(id) {
		t.Errorf("Message-ID %q is not <random.time@example.com>", id)
	}
	body, err := io.ReadAll(quotedprintable.NewReader(msg.Body))
	if err != nil {
		t.Fatalf("body is not quoted-printable: %v", err)
	}
	if diff := cmp.Diff(wantBody, string(body)); diff != "" {
		t.Errorf("body (-want +got):\n%s", diff)
	}
}

func TestEmail(t *testing.T) {
	serverTLS, roots := testCert(t)
	tests := []struct {
		name     string
		host     string
		server   smtpOpts
		user     string
		pass     string
		wantTLS  bool
		wantAuth bool
		wantErr  string // empty: delivery must succeed
	}{
		{name: "plain relay, no auth", host: "127.0.0.1"},
		{
			name:     "auth over plaintext to localhost",
			host:     "127.0.0.1",
			server:   smtpOpts{user: "alerts", pass: "hunter2-SMTPSECRET"},
			user:     "alerts",
			pass:     "hunter2-SMTPSECRET",
			wantAuth: true,
		},
		{
			name:     "auth after STARTTLS to a non-localhost address",
			host:     "127.0.0.2",
			server:   smtpOpts{tls: serverTLS, user: "alerts", pass: "hunter2-SMTPSECRET"},
			user:     "alerts",
			pass:     "hunter2-SMTPSECRET",
			wantTLS:  true,
			wantAuth: true,
		},
		{
			name:    "STARTTLS is used even without auth",
			host:    "127.0.0.2",
			server:  smtpOpts{tls: serverTLS},
			wantTLS: true,
		},
		{
			name:    "no password over plaintext to a non-localhost address",
			host:    "127.0.0.2",
			server:  smtpOpts{user: "alerts", pass: "hunter2-SMTPSECRET"},
			user:    "alerts",
			pass:    "hunter2-SMTPSECRET",
			wantErr: "alert: email: AUTH PLAIN as alerts (127.0.0.2:",
		},
		{
			name:    "wrong password",
			host:    "127.0.0.1",
			server:  smtpOpts{user: "alerts", pass: "right"},
			user:    "alerts",
			pass:    "wrong-SMTPSECRET",
			wantErr: "authentication credentials invalid",
		},
		{
			name:    "server offers no AUTH",
			host:    "127.0.0.1",
			user:    "alerts",
			pass:    "hunter2-SMTPSECRET",
			wantErr: "server offers no AUTH",
		},
		{
			name:    "recipient rejected",
			host:    "127.0.0.1",
			server:  smtpOpts{rejectTo: "ops@example.com"},
			wantErr: "RCPT TO ops@example.com (127.0.0.1:",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := startSMTP(t, tt.host, tt.server)
			n := mustNew(t, Config{
				Type:          "email",
				Email:         "ds@example.com",
				To:            []string{"Data Ops <ops@example.com>"},
				SMTPHost:      tt.host,
				SMTPPort:      srv.port(),
				SMTPFrom:      "paramsql <alerts@example.com>",
				SMTPUsername:  tt.user,
				SMTPPassword:  tt.pass,
				SMTPTLSConfig: &tls.Config{RootCAs: roots},
			})
			err := n.Notify(context.Background(), sample)
			got := srv.snapshot()
			if len(got) != 1 {
				t.Fatalf("server saw %d connections, want 1", len(got))
			}
			s := got[0]
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("Notify error = %v, want one containing %q", err, tt.wantErr)
				}
				if tt.pass != "" && strings.Contains(err.Error(), tt.pass) {
					t.Errorf("error %q leaks the password", err)
				}
				if s.Data != "" {
					t.Errorf("a message was delivered despite the error:\n%s", s.Data)
				}
				return
			}
			if err != nil {
				t.Fatalf("Notify: %v", err)
			}
			var wantUser, wantPass string
			if tt.wantAuth {
				wantUser, wantPass = tt.user, tt.pass
			}
			envelope := session{Helo: s.Helo, TLS: tt.wantTLS, AuthUser: wantUser, AuthPass: wantPass,
				From: "alerts@example.com", To: []string{"ds@example.com", "ops@example.com"}, Data: s.Data}
			if diff := cmp.Diff(envelope, s); diff != "" {
				t.Errorf("session (-want +got):\n%s", diff)
			}
			if s.Helo == "" {
				t.Error("client sent an empty EHLO name")
			}
			checkMessage(t, s.Data)
		})
	}
}

// TestEmailUnencryptedRefusalNamesTheCause pins the reason net/smtp gives,
// so a user who sees the error learns to enable STARTTLS.
func TestEmailUnencryptedRefusalNamesTheCause(t *testing.T) {
	srv := startSMTP(t, "127.0.0.2", smtpOpts{user: "u", pass: "p4ssword"})
	n := mustNew(t, Config{Type: "email", Email: "a@example.com", SMTPHost: "127.0.0.2", SMTPPort: srv.port(),
		SMTPFrom: "b@example.com", SMTPUsername: "u", SMTPPassword: "p4ssword"})
	err := n.Notify(context.Background(), sample)
	if err == nil || !strings.Contains(err.Error(), "unencrypted connection") {
		t.Errorf("Notify error = %v, want net/smtp's unencrypted connection refusal", err)
	}
	if s := srv.snapshot(); len(s) != 1 || s[0].AuthPass != "" {
		t.Errorf("server sessions = %+v, want one with no password received", s)
	}
}

func TestEmailDotStuffingAndDateFallback(t *testing.T) {
	srv := startSMTP(t, "127.0.0.1", smtpOpts{})
	n := mustNew(t, Config{Type: "email", Email: "a@example.com", SMTPHost: "127.0.0.1", SMTPPort: srv.port(), SMTPFrom: "b@example.com"})
	fixed := time.Date(2026, 1, 2, 3, 4, 5, 0, time.FixedZone("X", 3600))
	n.(*emailNotifier).now = func() time.Time { return fixed }
	a := sample
	a.At = time.Time{}
	a.ParamID = ".dotted" // the summary line then starts with a dot, which SMTP must stuff
	if err := n.Notify(context.Background(), a); err != nil {
		t.Fatal(err)
	}
	s := srv.snapshot()
	msg, err := mail.ReadMessage(strings.NewReader(s[0].Data))
	if err != nil {
		t.Fatal(err)
	}
	if got := msg.Header.Get("Date"); got != "Fri, 02 Jan 2026 03:04:05 +0100" {
		t.Errorf("Date = %q, want the clock's time", got)
	}
	body, _ := io.ReadAll(quotedprintable.NewReader(msg.Body))
	if !bytes.Contains(body, []byte("\r\n.dotted: observed rate 0.4100")) {
		t.Errorf("body lost the dot-led summary line:\n%s", body)
	}
	if bytes.Contains(body, []byte("Detected:")) {
		t.Errorf("body has a Detected line for an alert without a time:\n%s", body)
	}
}

func TestEmailContext(t *testing.T) {
	tests := []struct {
		name    string
		ctx     func() (context.Context, context.CancelFunc)
		timeout time.Duration
		want    error
	}{
		{
			name: "cancelled",
			ctx: func() (context.Context, context.CancelFunc) {
				ctx, cancel := context.WithCancel(context.Background())
				cancel()
				return ctx, cancel
			},
			want: context.Canceled,
		},
		{
			// A server that accepts and never greets: only the timeout
			// can end the dialogue.
			name:    "silent server hits the timeout",
			ctx:     func() (context.Context, context.CancelFunc) { return context.WithCancel(context.Background()) },
			timeout: 200 * time.Millisecond,
			want:    context.DeadlineExceeded,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ln, err := net.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				t.Fatal(err)
			}
			var conns []net.Conn
			var mu sync.Mutex
			done := make(chan struct{})
			go func() {
				defer close(done)
				for {
					c, err := ln.Accept()
					if err != nil {
						return
					}
					mu.Lock()
					conns = append(conns, c)
					mu.Unlock()
				}
			}()
			t.Cleanup(func() {
				ln.Close()
				<-done
				mu.Lock()
				for _, c := range conns {
					c.Close()
				}
				mu.Unlock()
			})
			port := ln.Addr().(*net.TCPAddr).Port
			n := mustNew(t, Config{Type: "email", Email: "a@example.com", SMTPHost: "127.0.0.1", SMTPPort: port,
				SMTPFrom: "b@example.com", Timeout: tt.timeout})
			ctx, cancel := tt.ctx()
			defer cancel()
			err = n.Notify(ctx, sample)
			if !errors.Is(err, tt.want) {
				t.Errorf("Notify error = %v, want %v", err, tt.want)
			}
		})
	}
}

// TestSMTPServerSpeaksTheProtocol guards the fake server itself with the
// standard library's reader, so a bug in it cannot make the tests above
// pass vacuously.
func TestSMTPServerSpeaksTheProtocol(t *testing.T) {
	srv := startSMTP(t, "127.0.0.1", smtpOpts{})
	c, err := textproto.Dial("tcp", srv.addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	steps := []struct {
		send string
		code int
	}{
		{"", 220}, {"HELO me", 250}, {"MAIL FROM:<a@b.c>", 250}, {"RCPT TO:<d@e.f>", 250},
		{"DATA", 354}, {"Subject: x\r\n\r\n..dot\r\n.", 250}, {"BOGUS", 502}, {"QUIT", 221},
	}
	for _, s := range steps {
		if s.send != "" {
			if err := c.PrintfLine("%s", s.send); err != nil {
				t.Fatal(err)
			}
		}
		if _, _, err := c.ReadResponse(s.code); err != nil {
			t.Fatalf("after %q: %v", s.send, err)
		}
	}
	want := []session{{Helo: "me", From: "a@b.c", To: []string{"d@e.f"}, Data: "Subject: x\r\n\r\n.dot\r\n"}}
	if diff := cmp.Diff(want, srv.snapshot()); diff != "" {
		t.Errorf("sessions (-want +got):\n%s", diff)
	}
}
