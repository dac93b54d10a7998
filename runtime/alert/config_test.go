package alert

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestNewValidation(t *testing.T) {
	const slackURL = "https://hooks.slack.com/services/T0SECRET/B0SECRET/TOKENSECRET"
	tests := []struct {
		name     string
		cfg      Config
		wantErr  string // empty means New must succeed
		wantType string // %T of the notifier on success
		secrets  []string
	}{
		{name: "no type", cfg: Config{}, wantErr: "alert: type is required (slack, webhook, email or pagerduty)"},
		{name: "unknown type", cfg: Config{Type: "sms"}, wantErr: `alert: unknown type "sms"`},
		{name: "slack ok", cfg: Config{Type: "slack", Webhook: slackURL}, wantType: "*alert.slackNotifier"},
		{name: "slack via url, type case-insensitive", cfg: Config{Type: " Slack ", URL: slackURL}, wantType: "*alert.slackNotifier"},
		{name: "slack both urls equal", cfg: Config{Type: "slack", URL: slackURL, Webhook: slackURL}, wantType: "*alert.slackNotifier"},
		{name: "slack no url", cfg: Config{Type: "slack", Channel: "#x"}, wantErr: "alert: slack: webhook URL is required"},
		{
			name:    "slack two different urls",
			cfg:     Config{Type: "slack", Webhook: slackURL, URL: slackURL + "X"},
			wantErr: "alert: slack: give webhook or url, not both",
			secrets: []string{"TOKENSECRET"},
		},
		{
			name:    "slack unparsable url is not echoed",
			cfg:     Config{Type: "slack", Webhook: "https://hooks.slack.com/services/T0SECRET/%zzTOKENSECRET"},
			wantErr: "alert: slack: webhook URL is not a valid URL",
			secrets: []string{"TOKENSECRET", "T0SECRET", "%zz"},
		},
		{
			name:    "slack wrong scheme",
			cfg:     Config{Type: "slack", Webhook: "hooks.slack.com/services/T0SECRET/B0SECRET/TOKENSECRET"},
			wantErr: `alert: slack: webhook URL must be http or https, got scheme ""`,
			secrets: []string{"TOKENSECRET"},
		},
		{name: "webhook ok", cfg: Config{Type: "webhook", URL: "http://127.0.0.1:9/hook"}, wantType: "*alert.webhookNotifier"},
		{name: "webhook no host", cfg: Config{Type: "webhook", URL: "http:///hook"}, wantErr: "alert: webhook: webhook URL has no host"},
		{name: "pagerduty ok", cfg: Config{Type: "pagerduty", RoutingKey: "PDKEYSECRET"}, wantType: "*alert.pagerDutyNotifier"},
		{name: "pagerduty no key", cfg: Config{Type: "pagerduty", Severity: "info"}, wantErr: "alert: pagerduty: routing key is required"},
		{
			name:    "pagerduty bad severity",
			cfg:     Config{Type: "pagerduty", RoutingKey: "PDKEYSECRET", Severity: "sev1"},
			wantErr: `alert: pagerduty: severity "sev1" is not one of critical, error, warning, info`,
			secrets: []string{"PDKEYSECRET"},
		},
		{
			name:    "pagerduty bad url",
			cfg:     Config{Type: "pagerduty", RoutingKey: "PDKEYSECRET", URL: "ftp://example.com/x"},
			wantErr: `alert: pagerduty: URL must be http or https, got scheme "ftp"`,
			secrets: []string{"PDKEYSECRET"},
		},
		{name: "negative timeout", cfg: Config{Type: "webhook", URL: "http://x/", Timeout: -time.Second}, wantErr: "alert: webhook: timeout must not be negative"},
		{
			name:     "email ok",
			cfg:      Config{Type: "email", Email: "a@example.com, b@example.com", To: []string{"Ops <ops@example.com>"}, SMTPHost: "smtp.example.com", SMTPFrom: "alerts@example.com"},
			wantType: "*alert.emailNotifier",
		},
		{name: "email no recipients", cfg: Config{Type: "email", Email: " , ", SMTPHost: "h", SMTPFrom: "a@b.c"}, wantErr: "alert: email: at least one recipient is required"},
		{name: "email bad recipient", cfg: Config{Type: "email", To: []string{"not an address"}, SMTPHost: "h", SMTPFrom: "a@b.c"}, wantErr: `alert: email: recipient "not an address" is not an address`},
		{name: "email no host", cfg: Config{Type: "email", Email: "a@b.c", SMTPFrom: "a@b.c"}, wantErr: "alert: email: SMTP host is required"},
		{name: "email host with port", cfg: Config{Type: "email", Email: "a@b.c", SMTPHost: "smtp.example.com:25", SMTPFrom: "a@b.c"}, wantErr: "must be a bare host name"},
		{name: "email ipv6 host", cfg: Config{Type: "email", Email: "a@b.c", SMTPHost: "::1", SMTPFrom: "a@b.c"}, wantType: "*alert.emailNotifier"},
		{name: "email bad port", cfg: Config{Type: "email", Email: "a@b.c", SMTPHost: "h", SMTPPort: 70000, SMTPFrom: "a@b.c"}, wantErr: "alert: email: SMTP port 70000 is out of range"},
		{name: "email no from", cfg: Config{Type: "email", Email: "a@b.c", SMTPHost: "h"}, wantErr: "alert: email: from address is required"},
		{name: "email bad from", cfg: Config{Type: "email", Email: "a@b.c", SMTPHost: "h", SMTPFrom: "paramsql"}, wantErr: `alert: email: from address "paramsql" is not an address`},
		{
			name:    "email password without user",
			cfg:     Config{Type: "email", Email: "a@b.c", SMTPHost: "h", SMTPFrom: "a@b.c", SMTPPassword: "SMTPSECRET"},
			wantErr: "alert: email: SMTP password given without a username",
			secrets: []string{"SMTPSECRET"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n, err := New(tt.cfg)
			if tt.wantErr == "" {
				if err != nil {
					t.Fatalf("New: %v", err)
				}
				if got := fmt.Sprintf("%T", n); got != tt.wantType {
					t.Errorf("New returned %s, want %s", got, tt.wantType)
				}
				return
			}
			if err == nil {
				t.Fatalf("New succeeded with %T, want error %q", n, tt.wantErr)
			}
			if !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("error %q does not contain %q", err, tt.wantErr)
			}
			for _, s := range tt.secrets {
				if strings.Contains(err.Error(), s) {
					t.Errorf("error %q leaks %q", err, s)
				}
			}
		})
	}
}

func TestEmailDefaults(t *testing.T) {
	n, err := New(Config{Type: "email", Email: "a@example.com", SMTPHost: "smtp.example.com", SMTPFrom: "x@example.com"})
	if err != nil {
		t.Fatal(err)
	}
	e := n.(*emailNotifier)
	if e.addr != "smtp.example.com:587" || e.timeout != DefaultTimeout {
		t.Errorf("addr, timeout = %q, %v; want smtp.example.com:587, %v", e.addr, e.timeout, DefaultTimeout)
	}
}

func TestRedact(t *testing.T) {
	base := errors.New("POST https://h/p/SECRETPATH?q=1: 400: echo SECRETPATH and pw hunter2 and x")
	tests := []struct {
		name    string
		secrets []string
		want    string
		same    bool // the very error is returned when nothing changes
	}{
		{"nothing to hide", []string{"absent"}, base.Error(), true},
		{"short secrets are ignored", []string{"x", "ab"}, base.Error(), true},
		{"longest first", []string{"SECRET", "/p/SECRETPATH"}, "POST https://h[redacted]?q=1: 400: echo [redacted]PATH and pw hunter2 and x", false},
		{"several", []string{"SECRETPATH", "hunter2"}, "POST https://h/p/[redacted]?q=1: 400: echo [redacted] and pw [redacted] and x", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := redact(base, tt.secrets)
			if got.Error() != tt.want {
				t.Errorf("redact = %q, want %q", got, tt.want)
			}
			if (got == base) != tt.same {
				t.Errorf("redact returned the original error: %v, want %v", got == base, tt.same)
			}
			if !errors.Is(got, base) {
				t.Error("redacted error does not wrap the original")
			}
		})
	}
	if redact(nil, []string{"abc"}) != nil {
		t.Error("redact(nil) is not nil")
	}
}
