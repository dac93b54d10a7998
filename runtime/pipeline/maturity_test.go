package pipeline_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"gonum.org/v1/gonum/stat/distuv"

	"github.com/paramsql/paramsql/internal/events"
	"github.com/paramsql/paramsql/runtime/pipeline"
)

// lagTruth is a shifted log-normal time to convert, in hours.
type lagTruth struct{ shift, mu, sigma float64 }

func (l lagTruth) quantile(q float64) time.Duration {
	z := distuv.Normal{Mu: l.mu, Sigma: l.sigma}.Quantile(q)
	return time.Duration((l.shift + math.Exp(z)) * float64(time.Hour))
}

// lagEvents draws sessions entering uniformly over [from, to): each
// attempts a checkout at entry and converts with probability rate, after
// a lag drawn from truth and truncated to window. Conversions after to
// are in the table too: the run's cut-off must not see them.
func lagEvents(seed uint64, sessions int, from, to time.Time, rate float64, truth lagTruth, window time.Duration) []events.Event {
	r := rand.New(rand.NewPCG(seed, 0x1a9))
	span := int64(to.Sub(from) / time.Second)
	var out []events.Event
	for i := range sessions {
		user, sess := fmt.Sprintf("lu%d", i), "s1"
		entry := from.Add(time.Duration(r.Int64N(span)) * time.Second)
		out = append(out, events.Event{UserID: user, SessionID: sess, EventType: "checkout_attempt", NodeSlug: "checkout", CreatedAt: entry})
		if r.Float64() >= rate {
			continue
		}
		var lag time.Duration
		for {
			h := truth.shift + math.Exp(truth.mu+truth.sigma*r.NormFloat64())
			if lag = time.Duration(h * float64(time.Hour)).Truncate(time.Second); lag <= window {
				break
			}
		}
		out = append(out, events.Event{UserID: user, SessionID: sess, EventType: "checkout_success", NodeSlug: "checkout", CreatedAt: entry.Add(lag)})
	}
	return out
}

// TestMaturityOnSimulatedLag runs update over sessions whose time to
// convert is known: maturity: fit recovers the lag's median and t95, and
// maturity: model's rate is unbiased and narrower than leaving immature
// trials out, while counting them as failures is biased down.
func TestMaturityOnSimulatedLag(t *testing.T) {
	const rate = 0.3
	truth := lagTruth{shift: 1, mu: math.Log(10), sigma: 0.8}
	window := 3 * 24 * time.Hour
	evs := lagEvents(5, 20000, asOf.Add(-7*24*time.Hour), asOf, rate, truth, window)
	p := duckProject(t, evs)
	p.write(t, p.duckYAML(""),
		"id: lag-fit\nedge_reference: e.checkout.within(3d)\nbayesian_update: { prior: { alpha: 1, beta: 1 }, maturity: fit }\n",
		"id: lag-model\nedge_reference: e.checkout.within(3d)\nbayesian_update: { prior: { alpha: 1, beta: 1 }, maturity: model }\n",
	)
	proj, params := p.load(t)
	res := run(t, pipeline.Runner{}, proj, params, asOf)
	fit, model := must(t, res, "lag-fit"), must(t, res, "lag-model")
	for _, r := range []*pipeline.Result{fit, model} {
		if r.Status != pipeline.StatusUpdated || r.Lag == nil {
			t.Fatalf("%s: status %s (%s), warnings %v, lag %v", r.ID, r.Status, r.Reason, r.Warnings, r.Lag)
		}
	}

	// The lag's quantiles, from the mature trials' histogram.
	lag := fit.Lag
	for _, q := range []struct {
		name      string
		got       float64
		want      time.Duration
		tolerance float64
	}{
		{"median", lag.MedianSeconds, truth.quantile(0.5), 0.1},
		{"t95", lag.T95Seconds, truth.quantile(0.95), 0.15},
	} {
		if rel := math.Abs(q.got-q.want.Seconds()) / q.want.Seconds(); !(rel < q.tolerance) {
			t.Errorf("%s %v, true %v: off by %.0f%%", q.name, time.Duration(q.got*float64(time.Second)), q.want, 100*rel)
		}
	}
	// Completeness grows with age, from 0 within the dead time (1h) to
	// below 1 for every immature cohort.
	var immatureTrials, immatureSuccesses int64
	prev := 0.0
	for _, c := range lag.Cohorts {
		if !(c.Completeness >= prev && c.Completeness < 1) {
			t.Errorf("cohort up to %ds: completeness %v after %v", c.AgeUpToSeconds, c.Completeness, prev)
		}
		if dead := c.AgeUpToSeconds <= 3600; dead != (c.Completeness == 0) {
			t.Errorf("cohort up to %ds: completeness %v, but the dead time is 1h", c.AgeUpToSeconds, c.Completeness)
		}
		prev = c.Completeness
		immatureTrials += c.Trials
		immatureSuccesses += c.Successes
	}
	if immatureTrials != fit.Immature {
		t.Errorf("the cohorts hold %d trials, the count %d immature", immatureTrials, fit.Immature)
	}

	// The rate, three ways.
	exclude := fit.Posterior
	weighted := model.Posterior
	naiveN, naiveK := float64(fit.Trials+fit.Immature), float64(fit.Successes+immatureSuccesses)
	naive := distuv.Beta{Alpha: 1 + naiveK, Beta: 1 + naiveN - naiveK}
	t.Logf("lag median %.1fh (true %.1fh), t95 %.1fh (true %.1fh); exclude %.4f ± %.4f, model %.4f ± %.4f (n_eff %.0f of %d+%d), failures %.4f ± %.4f",
		lag.MedianSeconds/3600, truth.quantile(0.5).Hours(), lag.T95Seconds/3600, truth.quantile(0.95).Hours(),
		exclude.Mean, exclude.Stdev, weighted.Mean, weighted.Stdev, model.Lag.EffectiveTrials, model.Trials, model.Immature, naive.Mean(), naive.StdDev())
	if z := math.Abs(weighted.Mean-rate) / weighted.Stdev; !(z < 3) {
		t.Errorf("model %v ± %v is %.1f sd from the true %v", weighted.Mean, weighted.Stdev, z, rate)
	}
	if !(weighted.Stdev < exclude.Stdev) {
		t.Errorf("model sd %v is not below the sd %v of leaving immature trials out", weighted.Stdev, exclude.Stdev)
	}
	if z := (rate - naive.Mean()) / naive.StdDev(); !(z > 4) {
		t.Errorf("counting immature trials as failures gives %v ± %v, not visibly below the true %v (%.1f sd)", naive.Mean(), naive.StdDev(), rate, z)
	}
	if n := model.Lag.EffectiveTrials; !(n > float64(model.Trials) && n < float64(model.Trials+model.Immature)) {
		t.Errorf("effective trials %v outside (%d, %d)", n, model.Trials, model.Trials+model.Immature)
	}

	// The store and the history keep the fit with the posterior.
	for _, r := range []*pipeline.Result{fit, model} {
		rows := history(t, proj, r.ID)
		if len(rows) != 1 {
			t.Fatalf("%s: %d stored rows, want 1", r.ID, len(rows))
		}
		want := &pipeline.HistoryLag{MedianSeconds: r.Lag.MedianSeconds, T95Seconds: r.Lag.T95Seconds, EffectiveTrials: r.Lag.EffectiveTrials}
		if diff := cmp.Diff(want, pipeline.NewHistoryEntry(rows[0]).Lag, cmpopts.EquateApprox(0, 1e-6)); diff != "" {
			t.Errorf("%s: stored lag (-result +history):\n%s", r.ID, diff)
		}
		if got := deref(rows[0].PosteriorMean); math.Abs(got-r.Posterior.Mean) > 1e-9 {
			t.Errorf("%s: stored posterior mean %v, result %v", r.ID, got, r.Posterior.Mean)
		}
	}
}

// TestMaturityFallsBackToExclude: without a usable lag (too few
// conversions to fit) the update leaves immature trials out, as exclude
// does, and says why; a project's conversion_window stands for within().
func TestMaturityFallsBackToExclude(t *testing.T) {
	at := func(h float64) time.Time { return asOf.Add(-time.Duration(h * float64(time.Hour))) }
	var evs []events.Event
	add := func(user string, entry time.Time, lag time.Duration) {
		evs = append(evs, events.Event{UserID: user, SessionID: "s1", EventType: "checkout_attempt", NodeSlug: "checkout", CreatedAt: entry})
		if lag >= 0 {
			evs = append(evs, events.Event{UserID: user, SessionID: "s1", EventType: "checkout_success", NodeSlug: "checkout", CreatedAt: entry.Add(lag)})
		}
	}
	add("a", at(30), time.Hour)     // mature, converted
	add("b", at(30), 2*time.Hour)   // mature, converted: one bucket apart
	add("c", at(30), -1)            // mature, no conversion
	add("d", at(2), 30*time.Minute) // immature
	p := duckProject(t, evs)
	p.write(t, p.duckYAML(""),
		"id: few\nedge_reference: e.checkout.within(1d)\nbayesian_update: { prior: { alpha: 1, beta: 1 }, maturity: model }\n",
		"id: by-window\nedge_reference: e.checkout\nobservation_source: { conversion_window: 1d }\nbayesian_update: { prior: { alpha: 1, beta: 1 }, maturity: fit }\n",
	)
	proj, params := p.load(t)
	res := run(t, pipeline.Runner{}, proj, params, asOf)
	tests := []struct {
		id, warning  string
		trials, wins int64
	}{
		{"few", "the lag fit failed", 3, 2},
		{"by-window", "the lag fit failed", 3, 2},
	}
	for _, tt := range tests {
		r := must(t, res, tt.id)
		if r.Status != pipeline.StatusUpdated || r.Lag != nil {
			t.Errorf("%s: status %s (%s), lag %v; want updated without a lag", tt.id, r.Status, r.Reason, r.Lag)
		}
		if r.Trials != tt.trials || r.Successes != tt.wins {
			t.Errorf("%s: %d/%d, want %d/%d", tt.id, r.Successes, r.Trials, tt.wins, tt.trials)
		}
		want := conjugate(1, 1, count{tt.trials, tt.wins})
		checkPosterior(t, tt.id, r.Posterior, want)
		if len(r.Warnings) != 1 || !strings.Contains(r.Warnings[0], tt.warning) {
			t.Errorf("%s: warnings %q, want one saying %q", tt.id, r.Warnings, tt.warning)
		}
	}
}

// TestMaturityFitsEntryAttribution: a context-filtered reference under
// attribution(entry) gets its lag fit though its to-events carry no
// channel, as the counting query counts them: the anchor's value decides.
// Under attribution(event) the same events convert nothing, so there is
// no lag to fit and the update says so.
func TestMaturityFitsEntryAttribution(t *testing.T) {
	truth := lagTruth{shift: 1, mu: math.Log(10), sigma: 0.8}
	window := 3 * 24 * time.Hour
	evs := lagEvents(7, 6000, asOf.Add(-7*24*time.Hour), asOf, 0.3, truth, window)
	for i := range evs {
		if evs[i].EventType == "checkout_attempt" {
			evs[i].Context = map[string]*string{"channel": events.Str("google")}
		}
	}
	p := duckProject(t, evs)
	p.write(t, p.duckYAML(""),
		"id: entry-fit\nedge_reference: e.checkout.context(channel='google').attribution(entry).within(3d)\nbayesian_update: { prior: { alpha: 1, beta: 1 }, maturity: fit }\n",
		"id: event-fit\nedge_reference: e.checkout.context(channel='google').attribution(event).within(3d)\nbayesian_update: { prior: { alpha: 1, beta: 1 }, maturity: fit }\n",
	)
	proj, params := p.load(t)
	res := run(t, pipeline.Runner{}, proj, params, asOf)
	entry, event := must(t, res, "entry-fit"), must(t, res, "event-fit")
	if entry.Status != pipeline.StatusUpdated || entry.Lag == nil || entry.Successes == 0 {
		t.Fatalf("entry: status %s (%s), %d successes, warnings %v, lag %v", entry.Status, entry.Reason, entry.Successes, entry.Warnings, entry.Lag)
	}
	if want := truth.quantile(0.5).Seconds(); math.Abs(entry.Lag.MedianSeconds-want)/want > 0.15 {
		t.Errorf("entry: lag median %v, true %v", time.Duration(entry.Lag.MedianSeconds*float64(time.Second)), truth.quantile(0.5))
	}
	var cohortTrials int64
	for _, c := range entry.Lag.Cohorts {
		cohortTrials += c.Trials
	}
	if cohortTrials != entry.Immature {
		t.Errorf("entry: the cohorts hold %d trials, the count %d immature", cohortTrials, entry.Immature)
	}
	if event.Successes != 0 || event.Lag != nil {
		t.Errorf("event: %d successes and lag %v, want none: no to-event carries the channel", event.Successes, event.Lag)
	}
	if event.Trials != entry.Trials || event.Immature != entry.Immature {
		t.Errorf("event: %d trials and %d immature, entry %d and %d: the attempts carry the channel under both", event.Trials, event.Immature, entry.Trials, entry.Immature)
	}
}

// TestMaturityFitsPooledShards: a pooled, sharded reference under
// attribution(entry) gets one lag fitted over all of its shards, whose
// immature cohorts hold the immature trials of every shard.
func TestMaturityFitsPooledShards(t *testing.T) {
	truth := lagTruth{shift: 1, mu: math.Log(10), sigma: 0.8}
	window := 3 * 24 * time.Hour
	evs := lagEvents(9, 6000, asOf.Add(-7*24*time.Hour), asOf, 0.3, truth, window)
	channels := []string{"google", "bing", "o'brien"}
	for i := range evs {
		evs[i].Context = map[string]*string{"channel": events.Str(channels[i%len(channels)])}
	}
	p := duckProject(t, evs)
	p.write(t, p.duckYAML(""),
		"id: pooled-fit\nedge_reference: e.checkout.context(channel).attribution(entry).within(3d)\nbayesian_update: { prior: { alpha: 1, beta: 1 }, pooling: empirical, maturity: fit }\n",
	)
	proj, params := p.load(t)
	res := must(t, run(t, pipeline.Runner{}, proj, params, asOf), "pooled-fit")
	if res.Status != pipeline.StatusUpdated || res.Lag == nil || res.Pool == nil {
		t.Fatalf("status %s (%s), warnings %v, lag %v, pool %v", res.Status, res.Reason, res.Warnings, res.Lag, res.Pool)
	}
	if len(res.Pool.Shards) < 2 {
		t.Errorf("%d shards, want the channels'", len(res.Pool.Shards))
	}
	if want := truth.quantile(0.5).Seconds(); math.Abs(res.Lag.MedianSeconds-want)/want > 0.15 {
		t.Errorf("lag median %v, true %v", time.Duration(res.Lag.MedianSeconds*float64(time.Second)), truth.quantile(0.5))
	}
	var cohortTrials int64
	for _, c := range res.Lag.Cohorts {
		cohortTrials += c.Trials
	}
	if cohortTrials == 0 || cohortTrials != res.Immature {
		t.Errorf("the cohorts hold %d trials, the shards %d immature", cohortTrials, res.Immature)
	}
	// The store keeps the fit on the population's row only.
	var withLag []string
	for _, row := range history(t, proj, "pooled-fit") {
		if pipeline.NewHistoryEntry(row).Lag != nil {
			withLag = append(withLag, "shard "+row.Shard)
		}
	}
	if diff := cmp.Diff([]string{"shard "}, withLag); diff != "" {
		t.Errorf("stored rows with a lag fit (-want +got):\n%s", diff)
	}
}
