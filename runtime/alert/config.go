package alert

import (
	"crypto/tls"
	"errors"
	"fmt"
	"net/http"
	"net/mail"
	"net/url"
	"sort"
	"strings"
	"time"
)

// The destination types accepted by Config.Type; they are the spellings of
// model_fit.alerts[].type.
const (
	TypeSlack     = "slack"
	TypeWebhook   = "webhook"
	TypeEmail     = "email"
	TypePagerDuty = "pagerduty"
)

// DefaultPagerDutyURL is the Events API v2 endpoint, used when Config.URL
// is empty for a pagerduty destination.
const DefaultPagerDutyURL = "https://events.pagerduty.com/v2/enqueue"

// DefaultTimeout bounds one delivery when Config.Timeout is zero: an alert
// that cannot be delivered in this long should fail and be logged rather
// than hold up the pipeline run.
const DefaultTimeout = 15 * time.Second

// DefaultSMTPPort is the mail submission port, used when SMTPPort is zero;
// it is the port that offers STARTTLS, which PLAIN auth needs.
const DefaultSMTPPort = 587

// Config describes one alert destination. Which fields matter depends on
// Type; New reports missing or malformed ones.
type Config struct {
	// Type is slack, webhook, email or pagerduty.
	Type string
	// Webhook is the Slack incoming-webhook URL (the seed's "webhook"
	// key). For slack and webhook, Webhook and URL are interchangeable;
	// give one.
	Webhook string
	// URL is the generic webhook's URL, or a PagerDuty endpoint other than
	// DefaultPagerDutyURL (a proxy, or a test server).
	URL string
	// Channel overrides the Slack webhook's default channel, e.g.
	// "#model-monitoring"; optional.
	Channel string
	// Headers are added to webhook requests (e.g. an Authorization
	// token). Their values are treated as secrets.
	Headers map[string]string

	// Email is one recipient or a comma-separated list, as in the seed's
	// "email" key; To adds more. Together they must name at least one
	// address.
	Email string
	// To lists further email recipients.
	To []string
	// SMTPHost is the mail server's host name.
	SMTPHost string
	// SMTPPort is the mail server's port; zero means DefaultSMTPPort.
	SMTPPort int
	// SMTPFrom is the sender address, e.g. "paramsql <alerts@example.com>".
	SMTPFrom string
	// SMTPUsername and SMTPPassword enable PLAIN auth. net/smtp sends
	// them only over TLS (STARTTLS) or to localhost, and refuses
	// otherwise.
	SMTPUsername string
	SMTPPassword string
	// SMTPTLSConfig is used for STARTTLS, e.g. to trust a private CA;
	// nil means the system roots. ServerName defaults to SMTPHost.
	SMTPTLSConfig *tls.Config

	// RoutingKey is the PagerDuty integration key.
	RoutingKey string
	// Severity is the PagerDuty severity: critical, error, warning or
	// info; empty means warning, since a stale prior is rarely an outage.
	Severity string
	// Source is the PagerDuty "source" (the affected system); empty means
	// "paramsql".
	Source string

	// Timeout bounds one delivery; zero means DefaultTimeout.
	Timeout time.Duration
	// HTTPClient replaces the client built from Timeout, for custom TLS
	// roots or proxies; optional.
	HTTPClient *http.Client
}

// New checks cfg and returns the notifier for cfg.Type. Its errors name
// the offending field but never quote a secret or a URL, since a URL may
// carry a token in its path.
func New(cfg Config) (Notifier, error) {
	timeout := cfg.Timeout
	if timeout < 0 {
		return nil, fmt.Errorf("alert: %s: timeout must not be negative, got %v", cfg.Type, timeout)
	}
	if timeout == 0 {
		timeout = DefaultTimeout
	}
	client := cfg.HTTPClient
	if client == nil {
		client = &http.Client{Timeout: timeout}
	}
	switch strings.ToLower(strings.TrimSpace(cfg.Type)) {
	case TypeSlack:
		u, err := hookURL(TypeSlack, cfg.Webhook, cfg.URL)
		if err != nil {
			return nil, err
		}
		return &slackNotifier{url: u, channel: cfg.Channel, client: client,
			secrets: urlSecrets(u)}, nil
	case TypeWebhook:
		u, err := hookURL(TypeWebhook, cfg.URL, cfg.Webhook)
		if err != nil {
			return nil, err
		}
		s := urlSecrets(u)
		for _, v := range cfg.Headers {
			s = append(s, v)
		}
		return &webhookNotifier{url: u, headers: cfg.Headers, client: client, secrets: s}, nil
	case TypePagerDuty:
		return newPagerDuty(cfg, client)
	case TypeEmail:
		return newEmail(cfg, timeout)
	case "":
		return nil, errors.New("alert: type is required (slack, webhook, email or pagerduty)")
	default:
		return nil, fmt.Errorf("alert: unknown type %q (want slack, webhook, email or pagerduty)", cfg.Type)
	}
}

// hookURL picks the one URL given for a slack or webhook destination and
// checks it without echoing it.
func hookURL(typ, primary, alt string) (string, error) {
	if primary != "" && alt != "" && primary != alt {
		return "", fmt.Errorf("alert: %s: give webhook or url, not both", typ)
	}
	raw := primary
	if raw == "" {
		raw = alt
	}
	if raw == "" {
		return "", fmt.Errorf("alert: %s: webhook URL is required", typ)
	}
	if err := checkURL(raw); err != nil {
		return "", fmt.Errorf("alert: %s: webhook URL %v", typ, err)
	}
	return raw, nil
}

// checkURL accepts absolute http(s) URLs. Its messages never include the
// URL or url.Parse's error, which quotes it.
func checkURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil {
		return errors.New("is not a valid URL")
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return fmt.Errorf("must be http or https, got scheme %q", u.Scheme)
	}
	if u.Host == "" {
		return errors.New("has no host")
	}
	return nil
}

// urlSecrets returns the parts of a URL that may hold a token: its path
// (Slack's /services/T…/B…/token), its query and any password. Scheme and
// host stay readable, since "which server failed" is the useful part of
// the message.
func urlSecrets(raw string) []string {
	var s []string
	u, err := url.Parse(raw)
	if err != nil {
		return []string{raw}
	}
	if len(u.Path) > 1 {
		s = append(s, u.Path)
	}
	if e := u.EscapedPath(); len(e) > 1 && e != u.Path {
		s = append(s, e)
	}
	if u.RawQuery != "" {
		s = append(s, u.RawQuery)
	}
	if p, ok := u.User.Password(); ok {
		s = append(s, p)
	}
	return s
}

// parseAddresses splits and checks email recipients, so a typo fails at
// configuration time instead of at the first alert.
func parseAddresses(email string, to []string) ([]*mail.Address, error) {
	var raw []string
	if strings.TrimSpace(email) != "" {
		raw = append(raw, strings.Split(email, ",")...)
	}
	raw = append(raw, to...)
	var out []*mail.Address
	for _, r := range raw {
		r = strings.TrimSpace(r)
		if r == "" {
			continue
		}
		a, err := mail.ParseAddress(r)
		if err != nil {
			return nil, fmt.Errorf("alert: email: recipient %q is not an address: %v", r, err)
		}
		out = append(out, a)
	}
	if len(out) == 0 {
		return nil, errors.New("alert: email: at least one recipient is required (email or to)")
	}
	return out, nil
}

// minSecretLen keeps very short values (a one-character header) from
// being replaced all over an otherwise useful message.
const minSecretLen = 3

// redactedError carries a message with secrets removed while keeping the
// original error reachable for errors.Is and errors.As.
type redactedError struct {
	msg string
	err error
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.err }

// redact returns err with every secret in its message replaced by
// "[redacted]". Longer secrets go first, so that a whole URL is replaced
// before its path would be.
func redact(err error, secrets []string) error {
	if err == nil {
		return nil
	}
	s := append([]string(nil), secrets...)
	sort.Slice(s, func(i, j int) bool { return len(s[i]) > len(s[j]) })
	msg := err.Error()
	orig := msg
	for _, sec := range s {
		if len(sec) >= minSecretLen {
			msg = strings.ReplaceAll(msg, sec, "[redacted]")
		}
	}
	if msg == orig {
		return err
	}
	return &redactedError{msg: msg, err: err}
}
