package report

import (
	"crypto/sha256"
	"encoding/hex"

	"github.com/paramsql/paramsql/compiler"
	"github.com/paramsql/paramsql/dialects"
	"github.com/paramsql/paramsql/runtime/config"
	"github.com/paramsql/paramsql/runtime/connect"
)

// hashSQL is how the pipeline names a statement in the store's sql_hash
// (pipeline.hashSQL): the first 8 bytes of its SHA-256, in hex. Should
// the two drift apart, recovered statements stop being marked verified;
// nothing else depends on it.
func hashSQL(sql string) string {
	h := sha256.Sum256([]byte(sql))
	return hex.EncodeToString(h[:8])
}

// addSQL recovers the statement behind each parameter's latest run. The
// store keeps only its hash, so the statement is made again: a raw query
// is the file's text; compiled references are compiled again as the run
// batched them (the parameters whose latest rows share the hash, in file
// order). When the result hashes to the stored hash it is the statement
// that ran; otherwise the reference is compiled on its own and the page
// says so.
func addSQL(proj *config.Project, params []*config.Param, reps []*Param) {
	byID := map[string]*Param{}
	for _, r := range reps {
		byID[r.ID] = r
	}
	for _, p := range params {
		rep := byID[p.ID]
		if rep == nil {
			continue
		}
		hash := ""
		if rep.Latest != nil {
			hash = rep.Latest.SQLHash
		}
		rep.SQL = recoverSQL(proj, params, byID, p, hash)
	}
}

func recoverSQL(proj *config.Project, params []*config.Param, byID map[string]*Param, p *config.Param, hash string) SQL {
	out := SQL{Hash: hash}
	if o := p.ObservationSource; o != nil && p.ObservationReference() == "" {
		switch {
		case o.Query != "":
			out.Text = o.Query
			out.Verified = hash != "" && hashSQL(o.Query) == hash
			if !out.Verified {
				out.Note = "the query in the parameter file; it does not hash to the stored sql_hash, so it changed after the run"
			}
		case o.QueryTemplate != "":
			out.Text = o.QueryTemplate
			out.Note = "the query_template in the parameter file; the statement rendered from it is not recorded"
		}
		if hash == "" {
			out.Note = "no sql_hash recorded (the run did not reach the query); " + out.Note
		}
		return out
	}
	d, err := dialects.Get(connect.DialectOf(connectionDriver(proj, p)))
	if err != nil {
		out.Note = "not recorded: " + err.Error()
		return out
	}
	opts := compiler.Options{Schema: proj.Schema, Graph: proj.Graph}
	if hash != "" {
		run := byID[p.ID].Latest.RunID
		// The batch held the references whose rows share the hash, and
		// perhaps some that stored nothing from that run (an upserting
		// destination keeps no skipped rows): try without them, then
		// with those that never stored a row, then with those whose
		// latest row is of another run.
		shared := func(q *config.Param) bool {
			l := byID[q.ID].Latest
			return l != nil && l.SQLHash == hash
		}
		never := func(q *config.Param) bool {
			return shared(q) || byID[q.ID].Latest == nil
		}
		elsewhere := func(q *config.Param) bool {
			l := byID[q.ID].Latest
			return never(q) || l.RunID != run
		}
		for _, in := range []func(*config.Param) bool{shared, never, elsewhere} {
			if text, ok := batchOf(params, byID, in, opts, d, hash); ok {
				out.Text, out.Verified = text, true
				return out
			}
		}
	}
	q, err := compiler.ParseQuery(p.ObservationReference())
	if err != nil {
		out.Note = "not recorded: " + err.Error()
		return out
	}
	text, err := renderBatch([]*compiler.Query{q}, opts, d)
	if err != nil {
		out.Note = "not recorded: " + err.Error()
		return out
	}
	out.Text = text
	out.Note = "this reference compiled on its own for " + d.Name() + "; the stored sql_hash names the statement that ran, which counted other references with it or came from an older compiler"
	if hash == "" {
		out.Note = "this reference compiled on its own for " + d.Name() + "; no sql_hash was recorded (the run did not reach the query)"
	}
	return out
}

// batchOf compiles the references of the parameters that in selects, in
// file order, as one batch, and reports whether it hashes to hash.
func batchOf(params []*config.Param, byID map[string]*Param, in func(*config.Param) bool, opts compiler.Options, d dialects.Dialect, hash string) (string, bool) {
	var batch []*compiler.Query
	seen := map[string]bool{}
	for _, q := range params {
		if byID[q.ID] == nil || q.ObservationReference() == "" || !in(q) {
			continue
		}
		pq, err := compiler.ParseQuery(q.ObservationReference())
		if err != nil || seen[pq.String()] {
			continue
		}
		seen[pq.String()] = true
		if compiler.Batchable(pq) != nil {
			// update ran it with a statement of its own.
			if text, err := renderBatch([]*compiler.Query{pq}, opts, d); err == nil && hashSQL(text) == hash {
				return text, true
			}
			continue
		}
		batch = append(batch, pq)
	}
	text, err := renderBatch(batch, opts, d)
	return text, err == nil && hashSQL(text) == hash
}

// renderBatch is the SQL text update runs for qs (see
// dialects.CompileCounts).
func renderBatch(qs []*compiler.Query, opts compiler.Options, d dialects.Dialect) (string, error) {
	st, err := dialects.CompileCounts(qs, d, opts)
	return st.SQL, err
}

func connectionDriver(proj *config.Project, p *config.Param) string {
	if c, ok := proj.Connections[p.ConnectionName(proj)]; ok {
		return string(c.Driver)
	}
	return ""
}
