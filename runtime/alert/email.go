package alert

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/tls"
	"encoding/hex"
	"errors"
	"fmt"
	"mime"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"net/smtp"
	"os"
	"strconv"
	"strings"
	"time"
)

// emailNotifier sends a plain-text email over SMTP.
type emailNotifier struct {
	host     string // for TLS verification and net/smtp's PLAIN-auth host check
	addr     string // host:port
	from     *mail.Address
	to       []*mail.Address
	username string
	password string
	timeout  time.Duration
	tls      *tls.Config // nil means system roots, ServerName = host
	now      func() time.Time
}

func newEmail(cfg Config, timeout time.Duration) (*emailNotifier, error) {
	to, err := parseAddresses(cfg.Email, cfg.To)
	if err != nil {
		return nil, err
	}
	host := strings.TrimSpace(cfg.SMTPHost)
	if host == "" {
		return nil, errors.New("alert: email: SMTP host is required")
	}
	if strings.ContainsAny(host, ":/ ") && net.ParseIP(host) == nil {
		return nil, fmt.Errorf("alert: email: SMTP host %q must be a bare host name; give the port as the SMTP port", host)
	}
	port := cfg.SMTPPort
	if port == 0 {
		port = DefaultSMTPPort
	}
	if port < 1 || port > 65535 {
		return nil, fmt.Errorf("alert: email: SMTP port %d is out of range", cfg.SMTPPort)
	}
	if strings.TrimSpace(cfg.SMTPFrom) == "" {
		return nil, errors.New("alert: email: from address is required")
	}
	from, err := mail.ParseAddress(cfg.SMTPFrom)
	if err != nil {
		return nil, fmt.Errorf("alert: email: from address %q is not an address: %v", cfg.SMTPFrom, err)
	}
	if cfg.SMTPPassword != "" && cfg.SMTPUsername == "" {
		return nil, errors.New("alert: email: SMTP password given without a username")
	}
	return &emailNotifier{
		host:     host,
		addr:     net.JoinHostPort(host, strconv.Itoa(port)),
		from:     from,
		to:       to,
		username: cfg.SMTPUsername,
		password: cfg.SMTPPassword,
		timeout:  timeout,
		tls:      cfg.SMTPTLSConfig,
		now:      time.Now,
	}, nil
}

// Notify sends one message to all recipients in one SMTP transaction.
func (n *emailNotifier) Notify(ctx context.Context, a Alert) error {
	if err := a.Validate(); err != nil {
		return err
	}
	msg, err := n.message(a)
	if err != nil {
		return err
	}
	return redact(n.send(ctx, msg), []string{n.password})
}

// send runs the SMTP dialogue by hand rather than with smtp.SendMail,
// which takes neither a context nor a timeout: an unresponsive mail server
// would hang the pipeline.
func (n *emailNotifier) send(ctx context.Context, msg []byte) error {
	ctx, cancel := context.WithTimeout(ctx, n.timeout)
	defer cancel()
	fail := func(step string, err error) error {
		// A closed connection after cancellation says less than why it
		// was closed.
		if ctx.Err() != nil {
			err = ctx.Err()
		}
		return fmt.Errorf("alert: email: %s (%s): %w", step, n.addr, err)
	}
	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", n.addr)
	if err != nil {
		return fail("connect", err)
	}
	// Closing the connection when ctx ends (rather than setting I/O
	// deadlines) unblocks any step and guarantees that ctx.Err() is set
	// by the time that step fails, so callers can match it with errors.Is.
	stop := context.AfterFunc(ctx, func() { conn.Close() })
	defer stop()
	c, err := smtp.NewClient(conn, n.host)
	if err != nil {
		conn.Close()
		return fail("greeting", err)
	}
	defer c.Close()
	if err := c.Hello(heloName()); err != nil {
		return fail("EHLO", err)
	}
	// Upgrade whenever the server offers it: the alert itself is not
	// secret, but credentials are, and net/smtp only sends them over TLS.
	if ok, _ := c.Extension("STARTTLS"); ok {
		cfg := &tls.Config{}
		if n.tls != nil {
			cfg = n.tls.Clone()
		}
		if cfg.ServerName == "" {
			cfg.ServerName = n.host
		}
		if err := c.StartTLS(cfg); err != nil {
			return fail("STARTTLS", err)
		}
	}
	if n.username != "" {
		if ok, _ := c.Extension("AUTH"); !ok {
			return fail("AUTH", errors.New("server offers no AUTH (over plaintext, it may offer it only after STARTTLS)"))
		}
		// PlainAuth refuses to send the password over an unencrypted
		// connection to anything but localhost.
		if err := c.Auth(smtp.PlainAuth("", n.username, n.password, n.host)); err != nil {
			return fail("AUTH PLAIN as "+n.username, err)
		}
	}
	if err := c.Mail(n.from.Address); err != nil {
		return fail("MAIL FROM", err)
	}
	for _, r := range n.to {
		if err := c.Rcpt(r.Address); err != nil {
			return fail("RCPT TO "+r.Address, err)
		}
	}
	w, err := c.Data()
	if err != nil {
		return fail("DATA", err)
	}
	if _, err := w.Write(msg); err != nil {
		return fail("DATA", err)
	}
	if err := w.Close(); err != nil {
		return fail("end of DATA", err)
	}
	// The message was accepted at the end of DATA; a failed QUIT does
	// not un-send it, so its error is not the caller's concern.
	_ = c.Quit()
	return nil
}

// heloName is the name the client greets the server with. Some servers
// reject "localhost", net/smtp's default, so the host name is used when it
// is a plausible domain.
func heloName() string {
	h, err := os.Hostname()
	if err != nil || h == "" || strings.ContainsAny(h, " \r\n") {
		return "localhost"
	}
	return h
}

// message renders an RFC 5322 message with a quoted-printable UTF-8 body;
// quoted-printable keeps lines short and 7-bit for servers that lack
// 8BITMIME, while the text stays readable in raw form.
func (n *emailNotifier) message(a Alert) ([]byte, error) {
	at := a.At
	if at.IsZero() {
		at = n.now()
	}
	id, err := n.messageID(at)
	if err != nil {
		return nil, err
	}
	to := make([]string, len(n.to))
	for i, r := range n.to {
		to[i] = r.String()
	}
	var b bytes.Buffer
	header := func(k, v string) { fmt.Fprintf(&b, "%s: %s\r\n", k, v) }
	header("From", n.from.String())
	header("To", strings.Join(to, ", "))
	header("Subject", mime.QEncoding.Encode("utf-8", "[paramsql] "+oneLine(a.Summary())))
	header("Date", at.Format(time.RFC1123Z))
	header("Message-ID", id)
	header("MIME-Version", "1.0")
	header("Content-Type", "text/plain; charset=utf-8")
	header("Content-Transfer-Encoding", "quoted-printable")
	b.WriteString("\r\n")
	qp := quotedprintable.NewWriter(&b)
	if _, err := qp.Write([]byte(emailBody(a))); err != nil {
		return nil, fmt.Errorf("alert: email: encode body: %w", err)
	}
	if err := qp.Close(); err != nil {
		return nil, fmt.Errorf("alert: email: encode body: %w", err)
	}
	return b.Bytes(), nil
}

// messageID makes a globally unique Message-ID: random bytes plus the
// time, at the sender's domain, as RFC 5322 section 3.6.4 recommends.
func (n *emailNotifier) messageID(at time.Time) (string, error) {
	var r [12]byte
	if _, err := rand.Read(r[:]); err != nil {
		return "", fmt.Errorf("alert: email: message id: %w", err)
	}
	domain := "paramsql.invalid"
	if i := strings.LastIndexByte(n.from.Address, '@'); i >= 0 && i+1 < len(n.from.Address) {
		domain = n.from.Address[i+1:]
	}
	return fmt.Sprintf("<%s.%d@%s>", hex.EncodeToString(r[:]), at.UnixNano(), domain), nil
}

// emailBody is the plain-text body: the summary, the details in aligned
// columns, and what to do about it.
func emailBody(a Alert) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Observations for %s have diverged from the prior.\n\n", oneLine(a.ParamID))
	b.WriteString(oneLine(a.Summary()))
	b.WriteString("\n\n")
	fs := a.details()
	width := 0
	for _, f := range fs {
		width = max(width, len(f.label)+1)
	}
	for _, f := range fs {
		fmt.Fprintf(&b, "%-*s %s\n", width, f.label+":", f.value)
	}
	b.WriteString("\nThe prior may be out of date: review it, or the data that feeds it.\n")
	return b.String()
}
