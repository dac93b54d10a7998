package pipeline

import (
	"context"
	"strings"

	"github.com/paramsql/paramsql/runtime/alert"
	"github.com/paramsql/paramsql/runtime/store"
)

// The notes a stored row's reason carries about its alert. The store has
// no column for deliveries, so the reason records them, and the next run
// at the same window end reads them back to send each alert once.
const (
	alertSentNote        = "alert sent"
	alertAlreadySentNote = "alert already sent by run "
	alertFailedNote      = "alert failed: "
)

// alert sends the divergence to every configured destination, unless a
// stored row of the same parameter and window end records it sent. A
// failed delivery does not undo the posterior; it shows in the result's
// AlertDelivery and the exit status.
func (r *Runner) alert(ctx context.Context, j *job, threshold float64) {
	res := j.result
	if j.param.ModelFit == nil || len(j.param.ModelFit.Alerts) == 0 {
		return
	}
	run, failedBefore, err := r.alertedBefore(ctx, res)
	if err != nil {
		res.Warnings = append(res.Warnings, "cannot tell whether the alert was already sent ("+err.Error()+"); sending it")
	} else if run != "" {
		res.AlertDelivery = AlertAlreadySent
		j.alertRun = run
		return
	}
	a := alert.Alert{
		ParamID: res.ID, ParamName: j.param.Name, Reference: res.Reference,
		Z: res.Divergence.Z, Threshold: threshold,
		Trials: res.Trials, Successes: res.Successes,
		PriorMean: res.Prior.Mean, PriorStdev: res.Prior.Stdev,
		RunID: r.RunID, At: r.AsOf,
	}
	if res.Trials > 0 {
		a.ObservedRate = float64(res.Successes) / float64(res.Trials)
	}
	var failures []string
	for _, c := range j.param.ModelFit.Alerts {
		cfg := alert.Config{
			Type: string(c.Type), Webhook: c.Webhook, URL: c.URL, Channel: c.Channel,
			Email: c.Email, To: c.To, RoutingKey: c.RoutingKey, Severity: string(c.Severity),
			HTTPClient: r.HTTPClient,
		}
		if s := c.SMTP; s != nil {
			cfg.SMTPHost, cfg.SMTPPort, cfg.SMTPFrom, cfg.SMTPUsername, cfg.SMTPPassword = s.Host, s.Port, s.From, s.Username, s.Password
		}
		n, err := alert.New(cfg)
		if err == nil {
			err = n.Notify(ctx, a)
		}
		if err != nil {
			// The alert package's errors already name the destination.
			failures = append(failures, err.Error())
		}
	}
	res.AlertDelivery = AlertSent
	if len(failures) > 0 {
		res.AlertDelivery = AlertFailed
		j.alertFailures = failures
		return
	}
	// A rerun's row is skipped as the history's duplicate; when it
	// delivers what an earlier run of the window failed to, the stored row
	// must say so, or every later rerun sends the alert again.
	j.recordDelivery = failedBefore
}

// alertedBefore returns the run that already delivered the alert of this
// parameter for this window end, or "" when none did; failedBefore says
// that a stored row of the window records a failed delivery.
func (r *Runner) alertedBefore(ctx context.Context, res *Result) (run string, failedBefore bool, err error) {
	st, err := r.store(ctx)
	if err != nil {
		return "", false, err
	}
	rows, err := st.History(ctx, res.ID)
	if err != nil {
		return "", false, err
	}
	for _, row := range rows {
		if row.Period == nil && row.Alert && row.WindowEnd.Equal(res.WindowEnd) &&
			(row.Status == store.StatusUpdated || row.Status == store.StatusFallback) {
			if strings.Contains(row.Reason, alertAlreadySentNote) {
				_, run, _ := strings.Cut(row.Reason, alertAlreadySentNote)
				run, _, _ = strings.Cut(run, ";")
				return run, false, nil
			}
			if hasNote(row.Reason, alertSentNote) {
				return row.RunID, false, nil
			}
			failedBefore = failedBefore || strings.Contains(row.Reason, alertFailedNote)
		}
	}
	return "", failedBefore, nil
}

// alertNote is what the stored reason records of a job's alert.
func alertNote(j *job) string {
	switch j.result.AlertDelivery {
	case AlertSent:
		return alertSentNote
	case AlertAlreadySent:
		return alertAlreadySentNote + j.alertRun
	case AlertFailed:
		return alertFailedNote + strings.Join(j.alertFailures, "; ")
	}
	return ""
}

// joinNotes appends a note to a reason.
func joinNotes(reason, note string) string {
	switch {
	case note == "":
		return reason
	case reason == "":
		return note
	}
	return reason + "; " + note
}

// hasNote reports whether note is one of the "; "-separated parts of
// reason.
func hasNote(reason, note string) bool {
	for _, part := range strings.Split(reason, "; ") {
		if part == note {
			return true
		}
	}
	return false
}
