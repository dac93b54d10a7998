package report

import (
	"strings"
	"testing"

	"github.com/paramsql/paramsql/runtime/config"
)

// TestRecoverSQL: a statement is marked as the one that ran only when it
// hashes to the stored hash; otherwise the page says where its text comes
// from.
func TestRecoverSQL(t *testing.T) {
	proj := &config.Project{
		Connections:       map[string]config.Connection{"w": {Name: "w", Driver: "duckdb"}},
		DefaultConnection: "w",
	}
	raw := &config.Param{ID: "raw", ObservationSource: &config.ObservationSource{Query: "SELECT 1 AS trials, 0 AS successes"}}
	tmpl := &config.Param{ID: "tmpl", ObservationSource: &config.ObservationSource{QueryTemplate: "SELECT {{ x|sql }}"}}
	ref := &config.Param{ID: "ref", EdgeReference: "e.signup.context(channel='google')"}
	params := []*config.Param{raw, tmpl, ref}
	refSQL, err := renderAlone(proj, ref)
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name         string
		param        *config.Param
		hash         string
		wantVerified bool
		wantNote     string // a substring; "" means no note
	}{
		{"raw query as run", raw, hashSQL(raw.ObservationSource.Query), true, ""},
		{"raw query changed since", raw, "0123456789abcdef", false, "changed after the run"},
		{"template", tmpl, "0123456789abcdef", false, "not recorded"},
		{"reference as run", ref, hashSQL(refSQL), true, ""},
		{"reference batched with others", ref, "0123456789abcdef", false, "compiled on its own"},
		{"reference never observed", ref, "", false, "no sql_hash was recorded"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			byID := map[string]*Param{}
			for _, p := range params {
				byID[p.ID] = &Param{ID: p.ID}
			}
			if c.hash != "" {
				byID[c.param.ID].Latest = &Run{RunID: "r", SQLHash: c.hash}
			}
			got := recoverSQL(proj, params, byID, c.param, c.hash)
			if got.Verified != c.wantVerified {
				t.Errorf("verified = %v, want %v (note %q)", got.Verified, c.wantVerified, got.Note)
			}
			if got.Text == "" {
				t.Error("no text")
			}
			if (c.wantNote == "") != (got.Note == "") || !strings.Contains(got.Note, c.wantNote) {
				t.Errorf("note %q, want one with %q", got.Note, c.wantNote)
			}
		})
	}
}

// renderAlone is the statement of one reference compiled on its own, as
// a run that counted only it would send.
func renderAlone(proj *config.Project, p *config.Param) (string, error) {
	got := recoverSQL(proj, []*config.Param{p}, map[string]*Param{p.ID: {ID: p.ID}}, p, "")
	if got.Text == "" {
		return "", errString(got.Note)
	}
	return got.Text, nil
}

type errString string

func (e errString) Error() string { return string(e) }
