package pipeline

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/paramsql/paramsql/runtime/bayes"
	"github.com/paramsql/paramsql/runtime/config"
)

// MethodDirichlet is the method of a sibling edge's posterior: the Beta
// marginal of its group's Dirichlet-Multinomial update.
const MethodDirichlet = "dirichlet"

// Sibling is a sibling edge's group, as --json prints it under "sibling".
type Sibling struct {
	// Group names the graph file's sibling group.
	Group string `json:"group"`
	// Members are the ids of the parameters updated together, in run
	// order.
	Members []string `json:"members"`
	// None is the Beta marginal of the residual share, the trials that
	// took none of the edges.
	None *PosteriorSummary `json:"none"`
}

// siblingShare is a sibling job's part of its group's joint update.
type siblingShare struct {
	info  *Sibling
	prior bayes.Prior     // the Dirichlet's marginal for this edge
	post  bayes.Posterior // the posterior marginal
	note  string          // why the prior is not the edge's own, if it is not
}

// withSiblings adds to a selection of parameters the other members of
// their sibling groups, which can only be updated with them.
func (r *Runner) withSiblings(params []*config.Param) []*config.Param {
	return withSiblings(r.Project, params, r.Params)
}

// withSiblings adds to chosen the parameters of all that share a sibling
// group with one of them, in all's order, after chosen.
func withSiblings(proj *config.Project, chosen, all []*config.Param) []*config.Param {
	if proj == nil || len(proj.Siblings) == 0 {
		return chosen
	}
	in := map[*config.Param]bool{}
	groups := map[*config.SiblingGroup]bool{}
	for _, p := range chosen {
		in[p] = true
		if g := proj.SiblingGroupOf(p); g != nil {
			groups[g] = true
		}
	}
	out := chosen
	for _, p := range all {
		if !in[p] && groups[proj.SiblingGroupOf(p)] {
			out = append(out, p)
		}
	}
	return out
}

// jointSiblings updates each sibling group among jobs together, once
// every member's observations are in: a Dirichlet-Multinomial over the
// members' edges and the residual share (bayes.UpdateSiblings), from a
// Dirichlet made of the members' priors (bayes.SiblingPriorFromBetas).
// Each member's successes are first replaced by the group's exclusive
// split (exclusiveCounts), so a trial is one member's at most. Each member
// then reports its edge's Beta marginal. A group whose members
// did not count the same trials, or one of which failed before its
// update, fails as a whole: no member is updated alone.
func (r *Runner) jointSiblings(ctx context.Context, jobs []*job) {
	byGroup := map[*config.SiblingGroup][]*job{}
	var order []*config.SiblingGroup
	for _, j := range jobs {
		if g := r.Project.SiblingGroupOf(j.param); g != nil {
			if byGroup[g] == nil {
				order = append(order, g)
			}
			byGroup[g] = append(byGroup[g], j)
		}
	}
	for _, g := range order {
		observe, err := jointReady(byGroup[g])
		if observe {
			if err = r.exclusiveCounts(ctx, g, byGroup[g]); err == nil {
				err = jointGroup(g, byGroup[g])
			}
		}
		if err != nil {
			for _, j := range byGroup[g] {
				if j.err == nil {
					j.err = fmt.Errorf("sibling group %s (%s): %w", g.Name, g.At, err)
				}
			}
		}
	}
}

// jointReady says whether a sibling group's members can be updated
// together: an error when one failed or they observe different windows,
// false when there is nothing new to observe (every member skips).
func jointReady(js []*job) (observe bool, err error) {
	first := js[0]
	for _, j := range js {
		if j.err != nil {
			return false, fmt.Errorf("%s failed, and its siblings are only updated with it", j.param.ID)
		}
		if !j.start.Equal(first.start) || !j.end.Equal(first.end) {
			return false, fmt.Errorf("the members observe different windows (%s): a posterior_history prior that ended elsewhere moves a window", trialsList(js))
		}
	}
	return first.start.Before(first.end), nil
}

// jointGroup updates a group jointReady let through, once exclusiveCounts
// has split its trials.
func jointGroup(g *config.SiblingGroup, js []*job) error {
	first := js[0]
	for _, j := range js {
		switch {
		case j.obs == nil:
			return fmt.Errorf("%s was not observed", j.param.ID)
		case j.obs.Trials != first.obs.Trials:
			return fmt.Errorf("the members counted different trials (%s), so they are not shares of one population", trialsList(js))
		}
	}
	priors := make([]bayes.Prior, len(js))
	counts := bayes.SiblingCounts{Trials: first.obs.Trials, Successes: make([]int64, len(js))}
	info := &Sibling{Group: g.Name}
	for i, j := range js {
		priors[i] = j.prior.Prior
		counts.Successes[i] = j.obs.Successes
		info.Members = append(info.Members, j.param.ID)
	}
	sp, err := bayes.SiblingPriorFromBetas(priors)
	if err != nil {
		return err
	}
	post, err := bayes.UpdateSiblings(sp, counts)
	if err != nil {
		return err
	}
	info.None = summarisePosterior(post.None)
	var total float64
	for _, a := range sp.Edges {
		total += a
	}
	total += sp.None
	for i, j := range js {
		share := &siblingShare{info: info, post: post.Edges[i],
			prior: bayes.Prior{Distribution: bayes.DistBeta, Alpha: sp.Edges[i], Beta: total - sp.Edges[i]}}
		share.post.Method = MethodDirichlet
		if sp.FromAlphas {
			share.note = "the group's prior means sum to 1 or more, which exclusive shares cannot: each edge's alpha is its Dirichlet concentration"
		}
		j.sibling = share
	}
	return nil
}

// trialsList spells each member's trials and window, for an error.
func trialsList(js []*job) string {
	parts := make([]string, len(js))
	for i, j := range js {
		var n int64
		if j.obs != nil {
			n = j.obs.Trials
		}
		parts[i] = fmt.Sprintf("%s: %d in [%s, %s)", j.param.ID, n, j.start.Format(time.RFC3339), j.end.Format(time.RFC3339))
	}
	return strings.Join(parts, "; ")
}
