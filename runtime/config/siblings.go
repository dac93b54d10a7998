package config

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/paramsql/paramsql/compiler"
)

// SiblingGroup is a set of edges, declared under siblings: in the graph
// file, that leave one node and are exclusive shares of its trials: a
// unit that reaches the node takes at most one of them (homepage →
// pricing, homepage → blog). The parameters of a group's edges are
// updated jointly, with a Dirichlet-Multinomial over the edges and the
// residual share that takes none of them (bayes.UpdateSiblings).
//
// The rule that makes the joint update sound: every member counts the
// same trials. Its parameters name the edges as e.<edge>, one parameter
// per edge, with the same filters, attempt rule, conversion window,
// connection and observation type, so only the to-node differs
// (checkSiblings). An edge of the group that no parameter measures is part
// of the residual share.
type SiblingGroup struct {
	// Name is the group's key in the graph file.
	Name string
	// Edges are the group's edge names, in file order.
	Edges []string
	// From is the node every edge of the group leaves.
	From string
	// At is where the group is declared, file:line:col.
	At string
}

// SiblingGroupOf returns the sibling group of the parameter's edge, or
// nil when its edge is in none (or it is not observed by a reference).
func (proj *Project) SiblingGroupOf(p *Param) *SiblingGroup {
	if proj == nil || len(proj.siblingOf) == 0 {
		return nil
	}
	q, err := parseRef(p.ObservationReference())
	if err != nil || q.Edge.Name == "" {
		return nil
	}
	return proj.siblingOf[q.Edge.Name]
}

// loadSiblings checks the graph file's sibling groups against its edges:
// each names at least two edges that exist, all leaving one node, and no
// edge is in two groups.
func (proj *Project) loadSiblings(d *decoder, path string, groups map[string][]string, g *compiler.Graph) {
	names := make([]string, 0, len(groups))
	for name := range groups {
		names = append(names, name)
	}
	sort.Strings(names)
	proj.siblingOf = map[string]*SiblingGroup{}
	fail := func(p, hint, format string, args ...any) {
		at := d.pos.at(p)
		d.errs = append(d.errs, &Error{File: path, Line: at.line, Col: at.col, Msg: fmt.Sprintf(format, args...), Hint: hint})
	}
	for _, name := range names {
		p := "siblings." + name
		edges := groups[name]
		at := d.pos.at(p)
		grp := &SiblingGroup{Name: name, At: fmt.Sprintf("%s:%d:%d", path, at.line, at.col)}
		ok := true
		if len(edges) < 2 {
			fail(p, "list two or more edges that leave one node", "%s: a sibling group needs at least two edges, found %d", p, len(edges))
			continue
		}
		for i, e := range edges {
			ep := fmt.Sprintf("%s[%d]", p, i)
			ge, found := g.Edges[e]
			switch {
			case !found:
				fail(ep, "declare it under edges: with from and to", "%s: no edge named %q in the graph file", ep, e)
				ok = false
			case slices.Contains(grp.Edges, e):
				fail(ep, "", "%s: edge %q is listed twice", ep, e)
				ok = false
			case proj.siblingOf[e] != nil:
				fail(ep, "an edge's trials are split one way", "%s: edge %q is already in sibling group %s", ep, e, proj.siblingOf[e].Name)
				ok = false
			case grp.From == "":
				grp.From = ge.From
			case ge.From != grp.From:
				fail(ep, "siblings are shares of one node's trials", "%s: edge %q leaves %s, but %s leaves %s", ep, e, ge.From, edges[0], grp.From)
				ok = false
			}
			grp.Edges = append(grp.Edges, e)
		}
		if !ok {
			continue
		}
		proj.Siblings = append(proj.Siblings, grp)
		for _, e := range grp.Edges {
			proj.siblingOf[e] = grp
		}
	}
}

// siblingTrials is what must be equal across a sibling group's
// parameters for them to count the same trials: the reference without its
// edge (filters, attempt rule, within), the conversion window a reference
// without within() is given, the connection, the observation type and the
// window's start_date and end_date parameters.
func (proj *Project) siblingTrials(p *Param, q *compiler.Query) string {
	c := *q
	c.Edge = compiler.Edge{Name: "_"}
	c.Stat = compiler.StatNone
	var cw time.Duration
	if c.Within == nil {
		cw = proj.Window.ConversionWindow
		if o := p.ObservationSource; o != nil && o.ConversionWindow > 0 {
			cw = o.ConversionWindow
		}
	}
	typ := ObserveSQL
	var window string
	if o := p.ObservationSource; o != nil {
		if o.Type != "" {
			typ = o.Type
		}
		// Parameters start_date and end_date move the window.
		for _, k := range []string{"start_date", "end_date"} {
			if v, ok := o.Parameters[k]; ok {
				window += fmt.Sprintf(", %s %s", k, v)
			}
		}
	}
	ref := "e.<edge>" + strings.TrimPrefix(c.String(), "e._")
	return fmt.Sprintf("%s, conversion window %v, connection %s, type %s%s", ref, cw, p.ConnectionName(proj), typ, window)
}

// checkSiblings checks the parameters of every sibling group against the
// group's rule (see SiblingGroup) and returns each offending parameter's
// errors, at its edge reference. A member that shards, has periods, pools
// or is not a probability cannot join, nor can one whose trials the
// exclusive split (compiler.CompileSiblingSplit) does not define; members that count different
// trials, or two members on one edge, fail together, each naming the
// other.
func (proj *Project) checkSiblings(params []*Param) map[*Param]ErrorList {
	if len(proj.siblingOf) == 0 {
		return nil
	}
	out := map[*Param]ErrorList{}
	type member struct {
		p      *Param
		edge   string
		trials string
	}
	byGroup := map[*SiblingGroup][]member{}
	for _, p := range params {
		g := proj.SiblingGroupOf(p)
		if g == nil {
			continue
		}
		path := "edge_reference"
		if o := p.ObservationSource; o != nil && o.EdgeReference != "" {
			path = "observation_source.edge_reference"
		}
		q, _ := parseRef(p.ObservationReference())
		bad := func(hint, format string, args ...any) {
			out[p] = append(out[p], p.errorf(path, hint, "%s: edge %s is in sibling group %s (%s), "+format,
				append([]any{path, q.Edge.Name, g.Name, g.At}, args...)...))
		}
		switch {
		case len(q.ShardKeys()) > 0:
			bad("give each shard its own group of parameters", "which cannot be sharded by context(%s)", strings.Join(q.ShardKeys(), ", "))
		case q.By != compiler.PeriodNone:
			bad("remove by()", "which cannot be a time series")
		case p.Pooled():
			bad("remove bayesian_update.pooling", "which cannot be pooled")
		case q.Attempt == compiler.AttemptAny:
			bad("siblings are counted from one anchor, the first from-event", "whose trials cannot be split exclusively under attempt(any)")
		case len(q.ExcludeBetween) > 0:
			bad("remove excludeBetween()", "whose trials cannot be split exclusively with excludeBetween() yet")
		case p.ParamType() != TypeProbability:
			bad("siblings are probabilities", "which must be a probability, not a %s", p.ParamType())
		default:
			byGroup[g] = append(byGroup[g], member{p, q.Edge.Name, proj.siblingTrials(p, q)})
		}
	}
	for g, ms := range byGroup {
		at := func(p *Param) string {
			if p.ObservationSource != nil && p.ObservationSource.EdgeReference != "" {
				return "observation_source.edge_reference"
			}
			return "edge_reference"
		}
		first := map[string]*Param{}
		var counts []string
		distinct := map[string]bool{}
		for _, m := range ms {
			if o, dup := first[m.edge]; dup {
				out[m.p] = append(out[m.p], m.p.errorf(at(m.p), "one parameter per edge of a group",
					"%s: edge %s of sibling group %s (%s) is measured by %s too", at(m.p), m.edge, g.Name, g.At, o.File))
			} else {
				first[m.edge] = m.p
			}
			distinct[m.trials] = true
			counts = append(counts, fmt.Sprintf("%s counts %s", m.p.File, m.trials))
		}
		if len(distinct) < 2 {
			continue
		}
		// Every member fails: which of them is "right" is the user's call.
		for _, m := range ms {
			out[m.p] = append(out[m.p], m.p.errorf(at(m.p), "siblings must count the same trials: the same filters, within, conversion_window, connection and type",
				"%s: the parameters of sibling group %s (%s) count different trials: %s", at(m.p), g.Name, g.At, strings.Join(counts, "; ")))
		}
	}
	return out
}
