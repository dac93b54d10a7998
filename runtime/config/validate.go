package config

import (
	"fmt"
	"math"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/paramsql/paramsql/runtime/sheets"
)

// validator collects the semantic problems of one parameter.
type validator struct {
	p    *Param
	proj *Project
	errs ErrorList
}

func (v *validator) add(path, hint, format string, args ...any) {
	if v.invalid(path) {
		return // the decoder reported this value already
	}
	v.errs = append(v.errs, v.p.errorf(path, hint, format, args...))
}

// invalid reports whether the decoder already reported the value at path.
func (v *validator) invalid(path string) bool {
	return v.p.has(path + "#invalid")
}

var idRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.-]*$`)

// Validate checks the meaning of a decoded parameter against the project:
// a required id, exactly one definition of the observation, connections
// that exist, sample sizes of at least one, priors whose numbers fit their
// distribution, fields that apply to the chosen kinds of source and
// destination, and filters that agree with the edge reference. Every
// problem is an *Error with the file:line:col of the offending field. A nil
// project skips the checks that need one. Ids unique across files are
// checked by LoadParams.
func (p *Param) Validate(proj *Project) []error {
	v := &validator{p: p, proj: proj}
	v.identity()
	v.observation()
	v.priorSource()
	v.bayesianUpdate()
	v.halfLife()
	v.pooling()
	v.maturity()
	v.destinations()
	v.modelFit()
	v.fallback()
	v.errs.Sort()
	return asErrors(v.errs)
}

// ParamType returns the parameter's type, probability when none is given.
func (p *Param) ParamType() ParamType {
	if p.Type == "" {
		return TypeProbability
	}
	return p.Type
}

// ObservationReference returns the reference observations are compiled
// from: observation_source.edge_reference, or else the parameter's
// edge_reference when the observation source gives no query. It is empty
// for a parameter observed by a raw query or template.
func (p *Param) ObservationReference() string {
	o := p.ObservationSource
	if o != nil {
		if o.EdgeReference != "" {
			return o.EdgeReference
		}
		if o.Query != "" || o.QueryTemplate != "" {
			return ""
		}
	}
	return p.EdgeReference
}

// ConnectionName returns the connection observations run on: the
// observation source's, or else the project's default.
func (p *Param) ConnectionName(proj *Project) string {
	if p.ObservationSource != nil && p.ObservationSource.Connection != "" {
		return p.ObservationSource.Connection
	}
	if proj == nil {
		return ""
	}
	return proj.DefaultConnection
}

func (v *validator) identity() {
	p := v.p
	switch {
	case p.ID == "":
		if !v.invalid("id") {
			v.add("id", "", "id is required")
		}
	case !idRE.MatchString(p.ID):
		v.add("id", "letters, digits, '-', '_' and '.', starting with a letter or digit", "id %q is not a valid identifier", p.ID)
	}
	for k, val := range p.ContextFilter {
		if val == "" {
			v.add("context_filter."+k, "", "context_filter.%s is empty", k)
		}
	}
	if f := p.VisitedFilter; f != nil && len(f.Nodes) == 0 && !v.invalid("visited_filter") {
		v.add("visited_filter", "", "visited_filter lists no nodes")
	}
}

func (v *validator) checkConnection(path, name string) {
	if v.proj == nil || name == "" {
		return
	}
	if _, ok := v.proj.Connections[name]; !ok {
		v.add(path, connectionHint(name, v.proj), "%s: no connection named %q", path, name)
	}
}

func (v *validator) minSampleSize(path string, n *int) {
	if n != nil && *n < 1 {
		v.add(path, "", "%s must be at least 1, found %d", path, *n)
	}
}

func (v *validator) frequency(path string, d time.Duration) {
	if d == 0 && v.p.has(path) && !v.invalid(path) {
		v.add(path, "", "%s must be longer than zero", path)
	}
}

// compatibleDrivers lists the connection drivers that can run each
// observation type; sql runs on any.
var compatibleDrivers = map[ObservationType][]Driver{
	ObservePostgres:   {DriverPostgres},
	ObserveRedshift:   {DriverRedshift, DriverPostgres},
	ObserveMySQL:      {DriverMySQL},
	ObserveDuckDB:     {DriverDuckDB},
	ObserveClickHouse: {DriverClickHouse},
	ObserveBigQuery:   {DriverBigQuery},
	ObserveSnowflake:  {DriverSnowflake},
}

func (v *validator) observation() {
	p := v.p
	o := p.ObservationSource
	if o == nil {
		o = &ObservationSource{}
	}
	const obs = "observation_source"
	var defs []string
	for _, f := range []struct {
		path, val string
	}{
		{obs + ".edge_reference", o.EdgeReference},
		{obs + ".query", o.Query},
		{obs + ".query_template", o.QueryTemplate},
	} {
		if strings.TrimSpace(f.val) != "" {
			defs = append(defs, f.path)
		}
	}
	const keepOne = "keep exactly one of observation_source.edge_reference, query and query_template"
	switch {
	case len(defs) > 1:
		v.add(defs[1], keepOne, "%s and %s both define the observation", defs[0], defs[1])
	case len(defs) == 0 && strings.TrimSpace(p.EdgeReference) == "" && p.emptyReferenceKey() != "":
		// The key is there with nothing in it: say so where it is.
		v.add(p.emptyReferenceKey(), "write a reference such as e.signup", "%s is empty", p.emptyReferenceKey())
	case len(defs) == 0 && strings.TrimSpace(p.EdgeReference) == "":
		hint := "set edge_reference, observation_source.query or observation_source.query_template"
		if len(p.ContextFilter) > 0 || p.VisitedFilter != nil {
			hint = "context_filter and visited_filter only narrow an edge_reference; " + hint
		}
		path := obs
		if !p.has(obs) {
			path = ""
		}
		v.add(path, hint, "no observation is defined")
	}
	raw := strings.TrimSpace(o.Query) != "" || strings.TrimSpace(o.QueryTemplate) != ""
	if len(o.ContextVariables) > 0 && o.QueryTemplate == "" {
		v.add(obs+".context_variables", "", "context_variables is only used with query_template")
	}
	if p.has(obs + ".conversion_window") {
		switch {
		case raw:
			v.add(obs+".conversion_window", "put within() in the SQL yourself", "conversion_window only applies to an edge reference")
		case o.ConversionWindow <= 0:
			v.add(obs+".conversion_window", `a duration above 0, such as "7d"`, "observation_source.conversion_window must be greater than 0")
		}
	}
	if o.ResultMapping != nil && !raw {
		v.add(obs+".result_mapping", "the compiled edge reference names its own columns", "result_mapping only applies to query and query_template")
	}
	if o.ResultType == ResultTimeseries && raw && (o.ResultMapping == nil || o.ResultMapping.Date == "") {
		v.add(obs+".result_type", "name the column holding each row's date", "result_type timeseries needs result_mapping.date")
	}
	v.checkConnection(obs+".connection", o.Connection)
	if v.proj != nil && o.Type != "" && o.Type != ObserveSQL {
		name := p.ConnectionName(v.proj)
		if c, ok := v.proj.Connections[name]; ok {
			drivers := compatibleDrivers[o.Type]
			ok := false
			for _, d := range drivers {
				ok = ok || d == c.Driver
			}
			if !ok {
				hint := "set type: sql to use the connection's own dialect"
				if len(drivers) == 0 {
					hint = fmt.Sprintf("no connection driver runs %s yet; %s", o.Type, hint)
				}
				v.add(obs+".type", hint, "%s.type is %s but connection %q uses the %s driver", obs, o.Type, name, c.Driver)
			}
		}
	}
	v.minSampleSize(obs+".min_sample_size", o.MinSampleSize)
	v.frequency(obs+".refresh_frequency", o.RefreshFrequency)
	for _, k := range []string{"start_date", "end_date"} {
		if val, ok := o.Parameters[k]; ok {
			if _, err := ResolveTime(val, time.Now()); err != nil {
				e := err.(*Error)
				v.add(obs+".parameters."+k, e.Hint, "%s.parameters.%s: %s", obs, k, e.Msg)
			}
		}
	}
	v.filters()
}

// priorSourceFields lists the fields each kind of prior source reads.
var priorSourceFields = map[PriorSourceType][]string{
	PriorStatic:           {},
	PriorPosteriorHistory: {"connection", "query", "refresh_frequency"},
	PriorSQL:              {"connection", "query", "refresh_frequency"},
	PriorSheets:           {"url", "range", "refresh_frequency", "authentication"},
	PriorWebhook:          {"url", "endpoint", "headers", "authentication", "refresh_frequency"},
}

// notApplicable reports the fields written under path that the kind does
// not read. fields maps every field to the kinds that read it.
func (v *validator) notApplicable(path, kindName string, kind string, allowed []string, all map[string][]string) {
	ok := map[string]bool{"type": true}
	for _, f := range allowed {
		ok[f] = true
	}
	for _, f := range sortedKeys(all) {
		if !ok[f] && v.p.has(path+"."+f) {
			v.add(path+"."+f, fmt.Sprintf("%s applies to: %s", f, strings.Join(all[f], ", ")), "%s.%s does not apply to %s %s %s", path, f, article(kind), kind, kindName)
		}
	}
}

// readers inverts a kind -> fields table into field -> kinds.
func readers[K ~string](table map[K][]string, order []string) map[string][]string {
	out := map[string][]string{}
	for _, k := range order {
		for _, f := range table[K(k)] {
			out[f] = append(out[f], k)
		}
	}
	return out
}

func (v *validator) priorSource() {
	ps := v.p.PriorSource
	if ps == nil {
		return
	}
	const path = "prior_source"
	if ps.Type == "" {
		if !v.invalid(path + ".type") {
			v.add(path, "one of "+strings.Join(PriorSourceType("").values(), ", "), "prior_source.type is required")
		}
		return
	}
	v.notApplicable(path, "prior source", string(ps.Type), priorSourceFields[ps.Type], readers(priorSourceFields, PriorSourceType("").values()))
	switch ps.Type {
	case PriorStatic:
		if v.p.BayesianUpdate == nil || v.p.BayesianUpdate.Prior == nil {
			v.add(path+".type", "add bayesian_update.prior", "a static prior source reads bayesian_update.prior, which is not given")
		}
	case PriorSQL:
		if strings.TrimSpace(ps.Query) == "" {
			v.add(path, "", "a sql prior source needs prior_source.query")
		}
		v.checkConnection(path+".connection", ps.Connection)
	case PriorPosteriorHistory:
		v.checkConnection(path+".connection", ps.Connection)
	case PriorSheets:
		v.needURL(path, ps.URL, "a sheets prior source")
		v.spreadsheetURL(path+".url", ps.URL)
		if ps.Range == "" {
			v.add(path, "such as Priors!B2:C2 (mean, stdev)", "a sheets prior source needs prior_source.range")
		}
	case PriorWebhook:
		v.needURL(path, ps.URL, "a webhook prior source")
	}
	v.frequency(path+".refresh_frequency", ps.RefreshFrequency)
	if a := ps.Authentication; a != nil {
		ap := path + ".authentication"
		switch a.Type {
		case "":
			if !v.invalid(ap + ".type") {
				v.add(ap, "one of "+strings.Join(AuthType("").values(), ", "), "%s.type is required", ap)
			}
		case AuthAPIKey:
			if a.APIKey == "" {
				v.add(ap, "write it as ${ENV_VAR}", "%s.api_key is required for api_key authentication", ap)
			}
		case AuthServiceAccount:
			if a.CredentialsFile == "" {
				v.add(ap, "", "%s.credentials_file is required for service_account authentication", ap)
			}
		}
	}
}

// needURL checks that a URL is given and is http or https. The value may
// hold secrets, so it is never printed.
func (v *validator) needURL(parent, u, what string) {
	path := parent + ".url"
	if u == "" {
		if !v.invalid(path) {
			v.add(parent, "", "%s needs %s", what, path)
		}
		return
	}
	v.httpURL(path, u)
}

// spreadsheetURL refuses an http(s) URL that names no spreadsheet (a
// Google Docs document, a Drive folder): the update would fail on it with
// no position. sheets.ParseSpreadsheetID is what the update reads it with.
func (v *validator) spreadsheetURL(path, u string) {
	if u == "" || v.invalid(path) || v.p.has(path+"#envfail") {
		return
	}
	if pu, err := url.Parse(u); err != nil || pu.Host == "" {
		return // reported as no http(s) URL
	}
	if _, err := sheets.ParseSpreadsheetID(u); err != nil {
		v.add(path, "copy the spreadsheet's URL, https://docs.google.com/spreadsheets/d/<ID>/edit", "%s names no spreadsheet: its path has no /spreadsheets/d/<ID>/", path)
	}
}

func (v *validator) httpURL(path, u string) {
	if v.invalid(path) || v.p.has(path+"#envfail") {
		return
	}
	pu, err := url.Parse(u)
	if err != nil || (pu.Scheme != "https" && pu.Scheme != "http") || pu.Host == "" {
		v.add(path, "write https://host/...", "%s is not an http or https URL", path)
	}
}

func (v *validator) bayesianUpdate() {
	bu := v.p.BayesianUpdate
	if bu == nil {
		return
	}
	const path = "bayesian_update"
	rule := bu.UpdateRule
	if rule == "" {
		rule = UpdateConjugate
	}
	if bu.MCMCConfig != nil && rule != UpdateMCMC && bu.Pooling != PoolingHierarchical {
		v.add(path+".mcmc_config", "set update_rule: mcmc", "mcmc_config is only used when update_rule is mcmc")
	}
	if m := bu.MCMCConfig; m != nil {
		for _, f := range []struct {
			name string
			val  *int
			min  int
		}{{"samples", m.Samples, 1}, {"burn_in", m.BurnIn, 0}, {"chains", m.Chains, 1}} {
			if f.val != nil && *f.val < f.min {
				v.add(path+".mcmc_config."+f.name, "", "%s.mcmc_config.%s must be at least %d, found %d", path, f.name, f.min, *f.val)
			}
		}
	}
	if bu.Prior == nil {
		return
	}
	dist := v.prior(path+".prior", bu.Prior)
	if dist != "" && rule == UpdateConjugate && dist != DistBeta && dist != DistGamma && dist != DistNormal {
		at := path + ".update_rule"
		if !v.p.has(at) {
			at = path + ".prior.distribution"
		}
		v.add(at, "set update_rule: mcmc or variational", "a %s prior has no conjugate update", dist)
	}
}

// distributionsOf lists the prior families each parameter type accepts;
// the first is the default.
var distributionsOf = map[ParamType][]Distribution{
	TypeProbability: {DistBeta, DistLogitNormal},
	TypeRate:        {DistGamma, DistLogNormal},
	TypeMean:        {DistNormal, DistLogNormal},
}

// priorForms lists, for each family, the pairs of numbers that define it.
var priorForms = map[Distribution][][2]string{
	DistBeta:        {{"alpha", "beta"}, {"mean", "stdev"}},
	DistGamma:       {{"shape", "rate"}, {"mean", "stdev"}},
	DistNormal:      {{"mu", "sigma"}, {"mean", "stdev"}},
	DistLogNormal:   {{"mu", "sigma"}, {"mean", "stdev"}},
	DistLogitNormal: {{"mu", "sigma"}},
}

func describeForms(d Distribution) string {
	var s []string
	for _, f := range priorForms[d] {
		s = append(s, f[0]+" and "+f[1])
	}
	return fmt.Sprintf("a %s prior takes %s", d, strings.Join(s, ", or "))
}

// prior checks a prior distribution and returns its family ("" when the
// family is unusable).
func (v *validator) prior(path string, pr *Prior) Distribution {
	typ := v.p.ParamType()
	dist := pr.Distribution
	if dist == "" {
		if v.invalid(path + ".distribution") {
			return ""
		}
		dist = distributionsOf[typ][0]
	} else {
		fits := false
		for _, d := range distributionsOf[typ] {
			fits = fits || d == dist
		}
		if !fits {
			var names []string
			for _, d := range distributionsOf[typ] {
				names = append(names, string(d))
			}
			hint := "or change type"
			for _, t := range []ParamType{TypeProbability, TypeRate, TypeMean} {
				for _, d := range distributionsOf[t] {
					if d == dist && t != typ {
						hint = fmt.Sprintf("or set type: %s", t)
						break
					}
				}
			}
			v.add(path+".distribution", hint, "a %s parameter needs a %s prior, found %s", typ, strings.Join(names, " or "), dist)
			return ""
		}
	}
	vals := map[string]*float64{
		"alpha": pr.Alpha, "beta": pr.Beta, "mu": pr.Mu, "sigma": pr.Sigma,
		"shape": pr.Shape, "rate": pr.Rate, "mean": pr.Mean, "stdev": pr.Stdev,
	}
	usable := map[string]bool{}
	for _, f := range priorForms[dist] {
		usable[f[0]], usable[f[1]] = true, true
	}
	bad := false
	for _, name := range []string{"alpha", "beta", "mu", "sigma", "shape", "rate", "mean", "stdev"} {
		if vals[name] != nil && !usable[name] {
			v.add(path+"."+name, describeForms(dist), "%s.%s does not apply to a %s prior", path, name, dist)
			bad = true
		}
	}
	if bad {
		return dist
	}
	var complete []int
	for i, f := range priorForms[dist] {
		a, b := vals[f[0]], vals[f[1]]
		switch {
		case a != nil && b != nil:
			complete = append(complete, i)
		case a != nil:
			v.add(path+"."+f[0], describeForms(dist), "%s.%s is given without %s", path, f[0], f[1])
			return dist
		case b != nil:
			v.add(path+"."+f[1], describeForms(dist), "%s.%s is given without %s", path, f[1], f[0])
			return dist
		}
	}
	switch len(complete) {
	case 0:
		v.add(path, describeForms(dist), "%s gives no numbers for its %s distribution", path, dist)
		return dist
	case 2:
		f := priorForms[dist]
		v.add(path+"."+f[1][0], describeForms(dist), "%s gives both %s/%s and %s/%s", path, f[0][0], f[0][1], f[1][0], f[1][1])
		return dist
	}
	v.positive(path, vals, "alpha", "beta", "sigma", "shape", "rate", "stdev")
	if m := pr.Mean; m != nil {
		switch dist {
		case DistBeta:
			v.betaMean(path, *m, pr.Stdev)
		case DistGamma, DistLogNormal:
			v.positive(path, vals, "mean")
		}
	}
	return dist
}

// positive reports each of the named values that is given and not above 0.
func (v *validator) positive(path string, vals map[string]*float64, names ...string) {
	for _, n := range names {
		if x := vals[n]; x != nil && *x <= 0 {
			v.add(path+"."+n, "", "%s.%s must be greater than 0, found %s", path, n, fmtNum(*x))
		}
	}
}

// betaMean checks the mean and stdev of a Beta distribution: the mean lies
// strictly between 0 and 1, and the variance is below mean*(1-mean).
func (v *validator) betaMean(path string, m float64, sd *float64) {
	if m <= 0 || m >= 1 {
		v.add(path+".mean", "", "%s.mean of a beta distribution must be between 0 and 1, found %s", path, fmtNum(m))
		return
	}
	if sd == nil || *sd <= 0 {
		return
	}
	if limit := math.Sqrt(m * (1 - m)); *sd >= limit {
		v.add(path+".stdev", "", "%s.stdev must be below %s for a beta distribution with mean %s, found %s", path, fmtNum(limit), fmtNum(m), fmtNum(*sd))
	}
}

// article returns the indefinite article for a word.
func article(word string) string {
	if word != "" && strings.ContainsRune("aeiou", rune(word[0])) {
		return "an"
	}
	return "a"
}

func fmtNum(x float64) string { return fmt.Sprintf("%.4g", x) }

// destinationFields lists the fields each kind of destination reads.
var destinationFields = map[DestinationType][]string{
	DestSheets: {"url", "range", "mode", "format"},
	// format picks a sheet's columns; a sql table has its own columns and a
	// webhook gets the whole row, so there it would be silently ignored.
	DestSQL:     {"connection", "table", "mode", "conflict_resolution"},
	DestWebhook: {"url", "headers"},
}

// destinationModes lists the modes each kind of destination accepts.
var destinationModes = map[DestinationType][]WriteMode{
	DestSheets: {ModeAppend, ModeReplace, ModeUpdate},
	DestSQL:    {ModeInsert, ModeUpdate, ModeUpsert},
}

func (v *validator) destinations() {
	pd := v.p.PosteriorDestination
	if pd == nil {
		return
	}
	const pp = "posterior_destination"
	if len(pd.Destinations) == 0 && !v.invalid(pp+".destinations") {
		v.add(pp, "", "posterior_destination lists no destinations")
	}
	all := readers(destinationFields, DestinationType("").values())
	for i, d := range pd.Destinations {
		path := fmt.Sprintf("%s.destinations[%d]", pp, i)
		if d.Type == "" {
			if !v.invalid(path + ".type") {
				v.add(path, "one of "+strings.Join(DestinationType("").values(), ", "), "%s.type is required", path)
			}
			continue
		}
		v.notApplicable(path, "destination", string(d.Type), destinationFields[d.Type], all)
		if d.Mode != "" && v.p.has(path+".mode") {
			modes := destinationModes[d.Type]
			ok := false
			var names []string
			for _, m := range modes {
				ok = ok || m == d.Mode
				names = append(names, string(m))
			}
			if !ok && len(modes) > 0 {
				v.add(path+".mode", "", "%s.mode of a %s destination must be one of %s, found %q", path, d.Type, strings.Join(names, ", "), d.Mode)
			}
		}
		switch d.Type {
		case DestSheets:
			v.needURL(path, d.URL, "a sheets destination")
			v.spreadsheetURL(path+".url", d.URL)
			if d.Range == "" {
				v.add(path, "such as Posteriors!A:H", "a sheets destination needs %s.range", path)
			}
		case DestSQL:
			v.checkConnection(path+".connection", d.Connection)
		case DestWebhook:
			v.needURL(path, d.URL, "a webhook destination")
		}
	}
	v.frequency(pp+".write_frequency", pd.WriteFrequency)
}

// alertFields lists the fields each kind of alert reads.
var alertFields = map[AlertType][]string{
	AlertSlack:     {"webhook", "url", "channel", "severity"},
	AlertEmail:     {"email", "to", "smtp", "severity"},
	AlertWebhook:   {"url", "webhook", "severity"},
	AlertPagerDuty: {"routing_key", "url", "severity"},
}

func (v *validator) modelFit() {
	mf := v.p.ModelFit
	if mf == nil {
		return
	}
	if t := mf.Thresholds; t != nil {
		if t.DivergenceThreshold != nil && *t.DivergenceThreshold <= 0 {
			v.add("model_fit.thresholds.divergence_threshold", "", "model_fit.thresholds.divergence_threshold must be greater than 0, found %s", fmtNum(*t.DivergenceThreshold))
		}
		v.minSampleSize("model_fit.thresholds.min_sample_size", t.MinSampleSize)
	}
	all := readers(alertFields, AlertType("").values())
	for i, a := range mf.Alerts {
		path := v.p.alertPath(i)
		if a.Type == "" {
			if !v.invalid(path + ".type") {
				v.add(path, "one of "+strings.Join(AlertType("").values(), ", "), "%s.type is required", path)
			}
			continue
		}
		v.notApplicable(path, "alert", string(a.Type), alertFields[a.Type], all)
		switch a.Type {
		case AlertSlack, AlertWebhook:
			field, u := "webhook", a.Webhook
			if a.Type == AlertWebhook || u == "" && a.URL != "" {
				field, u = "url", a.URL
			}
			if a.Type == AlertWebhook && u == "" && a.Webhook != "" {
				field, u = "webhook", a.Webhook
			}
			if u == "" {
				v.add(path, "", "a %s alert needs %s.%s", a.Type, path, field)
			} else {
				v.httpURL(path+"."+field, u)
			}
		case AlertEmail:
			if a.Email == "" && len(a.To) == 0 {
				v.add(path, "", "an email alert needs %s.to or %s.email", path, path)
			}
			if a.SMTP != nil && a.SMTP.Host == "" {
				v.add(path+".smtp", "", "%s.smtp.host is required", path)
			}
		case AlertPagerDuty:
			if a.RoutingKey == "" {
				v.add(path, "write it as ${ENV_VAR}", "a pagerduty alert needs %s.routing_key", path)
			}
		}
	}
}

func (v *validator) fallback() {
	fv := v.p.FallbackValue
	if fv == nil {
		return
	}
	const path = "fallback_value"
	vals := map[string]*float64{"mean": fv.Mean, "stdev": fv.Stdev, "alpha": fv.Alpha, "beta": fv.Beta}
	moments := fv.Mean != nil || fv.Stdev != nil
	counts := fv.Alpha != nil || fv.Beta != nil
	const hint = "give mean (and stdev), or alpha and beta"
	switch {
	case moments && counts:
		v.add(path+".alpha", hint, "fallback_value gives both mean/stdev and alpha/beta")
		return
	case !moments && !counts:
		v.add(path, hint, "fallback_value gives no value")
		return
	case counts && v.p.ParamType() != TypeProbability:
		v.add(path+".alpha", "give mean and stdev", "alpha and beta only apply to a probability parameter")
		return
	case counts && (fv.Alpha == nil || fv.Beta == nil):
		v.add(path, hint, "fallback_value needs both alpha and beta")
		return
	case moments && fv.Mean == nil:
		v.add(path+".stdev", hint, "fallback_value.stdev is given without mean")
		return
	}
	v.positive(path, vals, "alpha", "beta", "stdev")
	if fv.Mean != nil && v.p.ParamType() == TypeProbability {
		if m := *fv.Mean; m < 0 || m > 1 {
			v.add(path+".mean", "", "fallback_value.mean of a probability must be between 0 and 1, found %s", fmtNum(m))
		} else if fv.Stdev != nil && *fv.Stdev > 0 && m > 0 && m < 1 {
			v.betaMean(path, m, fv.Stdev)
		}
	}
}

// emptyReferenceKey is the reference field written in the file with an
// empty value (nothing after the colon, or an empty quoted string), "" if
// none is.
func (p *Param) emptyReferenceKey() string {
	for _, f := range []string{"edge_reference", "observation_source.edge_reference"} {
		if p.has(f) {
			return f
		}
	}
	return ""
}
