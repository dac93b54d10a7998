package alert

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/paramsql/paramsql/runtime/webhook"
)

// slackNotifier posts to a Slack incoming webhook.
type slackNotifier struct {
	url     string
	channel string
	client  *http.Client
	secrets []string // the webhook URL is itself the credential
}

// slackMessage is the incoming-webhook payload. Only text is sent: it
// renders everywhere (notifications, mobile, IRC bridges), which blocks
// do not.
type slackMessage struct {
	Text    string `json:"text"`
	Channel string `json:"channel,omitempty"`
}

// Notify posts the alert's text to the webhook.
func (n *slackNotifier) Notify(ctx context.Context, a Alert) error {
	if err := a.Validate(); err != nil {
		return err
	}
	msg := slackMessage{Text: slackText(a), Channel: n.channel}
	if err := webhook.PostRow(ctx, n.client, n.url, nil, msg); err != nil {
		return redact(fmt.Errorf("alert: slack: %w", err), n.secrets)
	}
	return nil
}

// slackText renders the alert as Slack mrkdwn: a bold headline with the
// summary, then one labelled line per detail.
func slackText(a Alert) string {
	var b strings.Builder
	b.WriteString(":warning: *Prior divergence* ")
	b.WriteString(slackEscape(a.Summary()))
	for _, f := range a.details() {
		fmt.Fprintf(&b, "\n*%s:* %s", f.label, slackEscape(f.value))
	}
	return b.String()
}

// slackEscape escapes the three characters Slack treats as markup, so a
// parameter name like "<a|b>" is shown rather than turned into a link.
func slackEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}

// webhookNotifier posts the Alert itself as JSON, for receivers that do
// their own formatting or routing.
type webhookNotifier struct {
	url     string
	headers map[string]string
	client  *http.Client
	secrets []string
}

// Notify posts the alert as JSON.
func (n *webhookNotifier) Notify(ctx context.Context, a Alert) error {
	if err := a.Validate(); err != nil {
		return err
	}
	if err := webhook.PostRow(ctx, n.client, n.url, n.headers, a); err != nil {
		return redact(fmt.Errorf("alert: webhook: %w", err), n.secrets)
	}
	return nil
}

// pagerDutyNotifier triggers PagerDuty incidents through Events API v2.
type pagerDutyNotifier struct {
	url        string
	routingKey string
	severity   string
	source     string
	client     *http.Client
}

// pdEvent is an Events API v2 trigger event.
type pdEvent struct {
	RoutingKey  string    `json:"routing_key"`
	EventAction string    `json:"event_action"`
	DedupKey    string    `json:"dedup_key"`
	Payload     pdPayload `json:"payload"`
}

// pdPayload is the event's payload; custom_details carries the whole
// alert so the incident page has every number.
type pdPayload struct {
	Summary       string `json:"summary"`
	Source        string `json:"source"`
	Severity      string `json:"severity"`
	Timestamp     string `json:"timestamp,omitempty"`
	Component     string `json:"component,omitempty"`
	Class         string `json:"class,omitempty"`
	CustomDetails Alert  `json:"custom_details"`
}

// pdSummaryMax is the Events API's limit on summary length, in bytes.
const pdSummaryMax = 1024

// pdSeverities are the severities the Events API accepts.
var pdSeverities = []string{"critical", "error", "warning", "info"}

func newPagerDuty(cfg Config, client *http.Client) (*pagerDutyNotifier, error) {
	key := strings.TrimSpace(cfg.RoutingKey)
	if key == "" {
		return nil, errors.New("alert: pagerduty: routing key is required")
	}
	u := cfg.URL
	if u == "" {
		u = DefaultPagerDutyURL
	}
	if err := checkURL(u); err != nil {
		return nil, fmt.Errorf("alert: pagerduty: URL %v", err)
	}
	sev := strings.ToLower(strings.TrimSpace(cfg.Severity))
	if sev == "" {
		sev = "warning"
	}
	ok := false
	for _, s := range pdSeverities {
		ok = ok || s == sev
	}
	if !ok {
		return nil, fmt.Errorf("alert: pagerduty: severity %q is not one of %s", cfg.Severity, strings.Join(pdSeverities, ", "))
	}
	src := cfg.Source
	if src == "" {
		src = "paramsql"
	}
	return &pagerDutyNotifier{url: u, routingKey: key, severity: sev, source: src, client: client}, nil
}

// Notify triggers an incident. The dedup key is derived from the parameter
// id, so repeated alerts for one parameter update one open incident
// instead of paging again for each run.
func (n *pagerDutyNotifier) Notify(ctx context.Context, a Alert) error {
	if err := a.Validate(); err != nil {
		return err
	}
	ev := pdEvent{
		RoutingKey:  n.routingKey,
		EventAction: "trigger",
		DedupKey:    "paramsql/" + a.ParamID,
		Payload: pdPayload{
			Summary:       truncate(a.Summary(), pdSummaryMax),
			Source:        n.source,
			Severity:      n.severity,
			Component:     a.ParamID,
			Class:         "prior_divergence",
			CustomDetails: a,
		},
	}
	if !a.At.IsZero() {
		ev.Payload.Timestamp = a.At.UTC().Format(time.RFC3339)
	}
	if err := webhook.PostRow(ctx, n.client, n.url, nil, ev); err != nil {
		// The server may echo the event, routing key included, in its
		// error body.
		return redact(fmt.Errorf("alert: pagerduty: %w", err), []string{n.routingKey})
	}
	return nil
}

// truncate cuts s to at most max bytes on a rune boundary.
func truncate(s string, max int) string {
	if len(s) <= max {
		return s
	}
	cut := max - len("…")
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}
