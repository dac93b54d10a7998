package demo

import (
	"cmp"
	"context"
	"math"
	"math/rand/v2"
	"slices"
	"time"
)

// The generated traffic covers Days whole days ending at End. End is fixed,
// not "now", so that `paramsql update --as-of` over the demo gives the same
// posteriors on every machine and every day.
var (
	// End is the exclusive end of the generated traffic, and the as-of
	// time the demo is meant to be run at.
	End = time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)
	// Start is the inclusive start of the generated traffic.
	Start = End.AddDate(0, 0, -Days)
	// DriftStart is when the injected drift begins: from then on, signups
	// of google/mobile sessions succeed far less often (a broken mobile
	// signup form on the ad landing pages), which the divergence check of
	// signup-google-mobile and the daily series are there to catch.
	DriftStart = End.AddDate(0, 0, -DriftDays)
)

// Days is the length of the generated traffic, and DriftDays the length of
// the drifted stretch at its end.
const (
	Days      = 84
	DriftDays = 14
)

// Event types and nodes, indexed by the compact event's kind and node.
var (
	kindNames = []string{"page_view", "signup_attempt", "signup_success", "checkout_attempt", "checkout_success"}
	nodeNames = []string{"homepage", "pricing", "product-page-1", "product-page-2", "product-page-3", "demo", "docs", "signup", "checkout"}
	// Index 0 of each context list is NULL.
	channelNames = []string{"", "google", "facebook", "direct", "email"}
	deviceNames  = []string{"", "mobile", "desktop", "tablet"}
	countryNames = []string{"", "US", "GB", "DE", "FR", "IN", "BR", "CA"}
)

const (
	kindPageView uint8 = iota
	kindSignupAttempt
	kindSignupSuccess
	kindCheckoutAttempt
	kindCheckoutSuccess
)

// Pages are the nodes a session browses; the funnel events use nodeSignup
// and nodeCheckout.
const (
	pageHome uint8 = iota
	pagePricing
	pageProduct1
	pageProduct2
	pageProduct3
	pageDemo
	pageDocs
	nodeSignup
	nodeCheckout
	numPages = int(nodeSignup)
)

const (
	chanNull uint8 = iota
	chanGoogle
	chanFacebook
	chanDirect
	chanEmail
)

const (
	devNull uint8 = iota
	devMobile
	devDesktop
	devTablet
)

// event is one row, compactly: strings are looked up when it is written.
// Keeping 1.2 M events as 24-byte values instead of strings is what lets
// them be sorted by time in a fraction of a second.
type event struct {
	at      int64 // Unix seconds
	session int32 // index into traffic.sessions
	seq     uint8 // order within the session, for events in the same second
	kind    uint8
	node    uint8
}

// session is one visit: its user and its context values.
type session struct {
	user                     int32
	channel, device, country uint8
}

// traffic is the generated data set.
type traffic struct {
	events   []event
	sessions []session
	users    int
}

// weights is a discrete distribution over indexes, by cumulative weight.
type weights []float64

func newWeights(w ...float64) weights {
	c := make(weights, len(w))
	sum := 0.0
	for i, x := range w {
		sum += x
		c[i] = sum
	}
	return c
}

func (w weights) pick(r *rand.Rand) int {
	x := r.Float64() * w[len(w)-1]
	for i, c := range w {
		if x < c {
			return i
		}
	}
	return len(w) - 1
}

// The shape of the traffic. The numbers are invented but plausible for a
// SaaS site: paid search and social bring most first visits, returning
// visits are mostly direct or email, mobile browses more and converts less.
var (
	// firstChannel is the channel of a user's first session (NULL first).
	firstChannel = newWeights(0.05, 0.40, 0.24, 0.23, 0.08)
	// laterChannel is the channel of a returning session that does not
	// repeat the first one.
	laterChannel = newWeights(0.04, 0.18, 0.08, 0.50, 0.20)
	device       = newWeights(0.01, 0.52, 0.40, 0.07)
	country      = newWeights(0.04, 0.44, 0.12, 0.10, 0.08, 0.11, 0.06, 0.05)
	// hourOfDay thins sessions outside the busy hours (UTC, a mostly
	// European and American audience).
	hourOfDay = [24]float64{
		0.45, 0.35, 0.28, 0.25, 0.25, 0.30, 0.40, 0.55, 0.70, 0.82, 0.90, 0.95,
		0.97, 1.00, 1.00, 0.98, 0.96, 0.95, 0.93, 0.90, 0.85, 0.78, 0.68, 0.55,
	}
	// dayOfWeek thins weekend sessions (Sunday first).
	dayOfWeek = [7]float64{0.74, 1.00, 1.00, 0.98, 0.96, 0.90, 0.70}
	// entry is the landing page of a session, by channel (NULL first).
	entry = [5]weights{
		newWeights(0.60, 0.15, 0.05, 0.03, 0.02, 0.00, 0.15),
		newWeights(0.42, 0.22, 0.12, 0.08, 0.05, 0.01, 0.10),
		newWeights(0.32, 0.05, 0.26, 0.20, 0.14, 0.03, 0.00),
		newWeights(0.72, 0.10, 0.03, 0.02, 0.01, 0.02, 0.10),
		newWeights(0.22, 0.30, 0.10, 0.10, 0.05, 0.23, 0.00),
	}
)

// Actions after a page: browse to another page (0..numPages-1), leave, or
// one of the funnel steps.
const (
	actExit = numPages + iota
	actSignup
	actCheckout
	numActions
)

// nextPage is the base weight of each action after each page: the pages
// in page order, then exit, signup and checkout. The checkout weight only
// applies to users with an account.
var nextPage = [numPages][numActions]float64{
	//          home  price  pp1   pp2   pp3   demo  docs  exit  signup checkout
	pageHome:     {0.00, 0.30, 0.16, 0.11, 0.07, 0.08, 0.09, 0.17, 0.015, 0.00},
	pagePricing:  {0.10, 0.00, 0.10, 0.08, 0.05, 0.12, 0.05, 0.24, 0.110, 0.05},
	pageProduct1: {0.07, 0.24, 0.00, 0.14, 0.08, 0.08, 0.03, 0.22, 0.035, 0.16},
	pageProduct2: {0.06, 0.24, 0.10, 0.00, 0.12, 0.08, 0.03, 0.22, 0.035, 0.16},
	pageProduct3: {0.06, 0.25, 0.08, 0.10, 0.00, 0.08, 0.03, 0.22, 0.040, 0.18},
	pageDemo:     {0.10, 0.26, 0.06, 0.04, 0.03, 0.00, 0.05, 0.22, 0.130, 0.02},
	pageDocs:     {0.15, 0.12, 0.04, 0.03, 0.03, 0.05, 0.22, 0.34, 0.020, 0.00},
}

// signupBase is the chance that a signup attempt succeeds, by channel and
// device (NULL first), before the pages seen and the drift.
var signupBase = [5][4]float64{
	{0.24, 0.20, 0.29, 0.24},
	{0.27, 0.195, 0.30, 0.25},
	{0.18, 0.14, 0.22, 0.17},
	{0.32, 0.26, 0.37, 0.32},
	{0.35, 0.30, 0.41, 0.36},
}

// checkoutBase is the chance that a checkout attempt succeeds, by device.
var checkoutBase = [4]float64{0.52, 0.40, 0.58, 0.50}

// checkoutChannel scales checkoutBase by channel.
var checkoutChannel = [5]float64{1.00, 1.00, 0.82, 1.06, 1.15}

// driftFactor scales google/mobile signup success from DriftStart on.
const driftFactor = 0.30

// generator draws the traffic from one PCG stream, so a seed fixes every
// event.
type generator struct {
	r      *rand.Rand
	start  int64
	end    int64
	drift  int64
	out    *traffic
	target int
}

func generate(ctx context.Context, seed uint64, target int) (*traffic, error) {
	g := &generator{
		r:      rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)),
		start:  Start.Unix(),
		end:    End.Unix(),
		drift:  DriftStart.Unix(),
		out:    &traffic{events: make([]event, 0, target+target/16), sessions: make([]session, 0, target/4)},
		target: target,
	}
	for len(g.out.events) < target {
		if g.out.users%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		g.user()
	}
	// Writing the table in time order gives DuckDB's zone maps on
	// created_at something to skip: a seven-day window then reads a
	// tenth of the file.
	slices.SortFunc(g.out.events, func(a, b event) int {
		return cmp.Or(cmp.Compare(a.at, b.at), cmp.Compare(a.session, b.session), cmp.Compare(a.seq, b.seq))
	})
	return g.out, nil
}

// user draws one user and their sessions. Session times follow a renewal
// process that starts before the period, so the rate of sessions is steady
// over the whole period instead of ramping up at its start.
func (g *generator) user() {
	r := g.r
	id := int32(g.out.users)
	g.out.users++
	dev := uint8(device.pick(r))
	ctry := uint8(country.pick(r))
	first := uint8(firstChannel.pick(r))
	visits := 1
	for visits < 40 && r.Float64() < 0.68 {
		visits++
	}
	t := g.start - 21*86400 + r.Int64N(g.end-g.start+21*86400)
	signedUp := false
	seen := 0
	for i := range visits {
		if i > 0 {
			t += 1800 + int64(r.ExpFloat64()*3.5*86400)
		}
		if t >= g.end {
			return
		}
		if t < g.start || !g.busy(t) {
			continue
		}
		s := session{user: id, country: ctry, device: dev, channel: first}
		if seen > 0 && r.Float64() < 0.55 {
			s.channel = uint8(laterChannel.pick(r))
		}
		if r.Float64() < 0.12 {
			s.device = uint8(device.pick(r))
		}
		signedUp = g.session(s, t, seen > 0, signedUp)
		seen++
	}
}

// busy thins sessions by hour of day, day of week and a slow growth of
// traffic over the period, giving the daily and weekly rhythm of real data.
func (g *generator) busy(t int64) bool {
	tm := time.Unix(t, 0).UTC()
	growth := 0.85 + 0.15*float64(t-g.start)/float64(g.end-g.start)
	return g.r.Float64() < hourOfDay[tm.Hour()]*dayOfWeek[tm.Weekday()]*growth
}

// visit is the state of one session's walk.
type visit struct {
	s         session
	id        int32
	t         int64
	seq       uint8
	seen      [numPages]bool
	returning bool
	signedUp  bool
}

// seenProduct counts the product pages the session has viewed.
func (v *visit) seenProduct() int {
	n := 0
	for _, p := range []uint8{pageProduct1, pageProduct2, pageProduct3} {
		if v.seen[p] {
			n++
		}
	}
	return n
}

// emit records one event of the session, dropping those that would fall
// after the end of the period as a real export cut at midnight would.
func (g *generator) emit(v *visit, kind, node uint8) {
	if v.t < g.end {
		g.out.events = append(g.out.events, event{at: v.t, session: v.id, seq: v.seq, kind: kind, node: node})
	}
	v.seq++
}

// wait advances the session's clock by a dwell time with the given mean in
// seconds, at least one second so events of a session never share a time.
func (g *generator) wait(v *visit, mean float64) {
	v.t += 1 + int64(g.r.ExpFloat64()*mean)
}

// session walks one visit through the site and reports whether the user
// has an account at its end.
func (g *generator) session(s session, t int64, returning, signedUp bool) bool {
	r := g.r
	id := int32(len(g.out.sessions))
	g.out.sessions = append(g.out.sessions, s)
	v := &visit{s: s, id: id, t: t, returning: returning, signedUp: signedUp}
	dwell := 48.0
	if s.device == devMobile {
		dwell = 32
	}
	page := uint8(entry[s.channel].pick(r))
	for steps := 0; steps < 16; steps++ {
		v.seen[page] = true
		g.emit(v, kindPageView, page)
		g.wait(v, dwell)
		switch act := g.next(v, page); {
		case act < numPages:
			page = uint8(act)
		case act == actSignup:
			// After signing up, or failing to, a visitor often looks at
			// the product before leaving; that is where most checkouts
			// come from.
			ok := g.signup(v)
			switch {
			case !ok && r.Float64() < 0.6:
				return v.signedUp // gave up
			case v.seenProduct() == 0 && r.Float64() < 0.35:
				page = pageProduct1 + uint8(r.IntN(3))
			case r.Float64() < 0.5:
				return v.signedUp
			default:
				page = pageHome
			}
		case act == actCheckout:
			g.checkout(v)
			return v.signedUp
		default: // actExit
			return v.signedUp
		}
	}
	return v.signedUp
}

// next draws the action after page: the base weights of nextPage, shifted
// by device, channel, what the user has seen and whether they have an
// account.
func (g *generator) next(v *visit, page uint8) int {
	w := nextPage[page]
	switch v.s.device {
	case devMobile:
		w[actExit] *= 1.35
		w[actSignup] *= 0.85
	case devTablet:
		w[actExit] *= 1.15
	case devDesktop:
		w[actExit] *= 0.9
		w[actSignup] *= 1.1
	}
	switch v.s.channel {
	case chanFacebook:
		w[actExit] *= 1.2
	case chanEmail:
		w[actSignup] *= 1.3
	}
	if v.returning {
		w[actSignup] *= 1.25
	}
	if v.signedUp {
		w[actSignup] = 0
	} else {
		// A visitor without an account can still check out as a guest,
		// but seldom does.
		w[actCheckout] *= 0.15
	}
	for p := range numPages {
		if v.seen[p] {
			w[p] *= 0.35 // people rarely go back
		}
	}
	sum := 0.0
	for _, x := range w {
		sum += x
	}
	x := g.r.Float64() * sum
	for i, c := range w {
		if x < c {
			return i
		}
		x -= c
	}
	return actExit
}

// signupChance is the chance that an attempt of this session succeeds.
// Having seen pricing and the demo means the visitor knows what they sign
// up for; the injected drift cuts google/mobile signups at DriftStart.
func (g *generator) signupChance(v *visit) float64 {
	p := signupBase[v.s.channel][v.s.device]
	if v.seen[pagePricing] {
		p *= 1.30
		if v.seen[pageHome] {
			p *= 1.12
		}
	}
	if v.seen[pageDemo] {
		p *= 1.25
	}
	if v.returning {
		p *= 1.10
	}
	if v.s.channel == chanGoogle && v.s.device == devMobile && v.t >= g.drift {
		p *= driftFactor
	}
	return math.Min(p, 0.92)
}

// signup emits an attempt, maybe a retry, and the success if one works.
func (g *generator) signup(v *visit) bool {
	r := g.r
	p := g.signupChance(v)
	for try := 0; try < 3; try++ {
		g.emit(v, kindSignupAttempt, nodeSignup)
		g.wait(v, 25)
		if r.Float64() < p {
			g.emit(v, kindSignupSuccess, nodeSignup)
			g.wait(v, 20)
			v.signedUp = true
			return true
		}
		if r.Float64() > 0.3 {
			break
		}
		p *= 0.7 // a retry after a failure succeeds less often
	}
	return false
}

// checkout emits a checkout attempt and, perhaps, its success: more likely
// on desktop, from email, after comparing product pages and the pricing,
// and with an account.
func (g *generator) checkout(v *visit) {
	p := checkoutBase[v.s.device] * checkoutChannel[v.s.channel]
	p *= 0.85 + 0.12*float64(v.seenProduct())
	if v.seen[pagePricing] {
		p *= 1.1
	}
	if !v.signedUp {
		p *= 0.6
	}
	g.emit(v, kindCheckoutAttempt, nodeCheckout)
	g.wait(v, 60)
	if g.r.Float64() < math.Min(p, 0.95) {
		g.emit(v, kindCheckoutSuccess, nodeCheckout)
	}
}
