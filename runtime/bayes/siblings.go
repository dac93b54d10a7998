package bayes

import (
	"fmt"
	"math"
)

// SiblingPrior is a Dirichlet prior on the shares of the sibling edges that
// leave one node (homepage → pricing, homepage → blog, ...) together with
// the residual share of trials that take none of them.
type SiblingPrior struct {
	// Edges are the Dirichlet concentrations of the sibling edges.
	Edges []float64
	// None is the concentration of the residual share.
	None float64
	// FromAlphas is set by SiblingPriorFromBetas when the edges' prior
	// means could not all be kept (they summed to 1 or more).
	FromAlphas bool
}

// SiblingCounts is one batch of evidence for a sibling group.
type SiblingCounts struct {
	// Trials is the number of trials at the shared node.
	Trials int64
	// Successes are each sibling edge's successes, in the order of
	// SiblingPrior.Edges; a trial counts for at most one of them.
	Successes []int64
}

// SiblingPosterior is the joint posterior of a sibling group.
type SiblingPosterior struct {
	// Edges are each edge's Beta marginal, in input order, so that sinks
	// and priors written for independent edges keep working.
	Edges []Posterior
	// None is the Beta marginal of the residual share.
	None Posterior
	// Concentration holds the posterior Dirichlet parameters: the edges'
	// then the residual's.
	Concentration []float64
}

// UpdateSiblings performs the conjugate Dirichlet-Multinomial update of a
// sibling group:
//
//	(p_1..p_J, p_none) ~ Dirichlet(a_1..a_J, a_none)
//	(k_1..k_J, n − Σk)  ~ Multinomial(n; p_1..p_J, p_none)
//	posterior           = Dirichlet(a_1+k_1, .., a_J+k_J, a_none+n−Σk)
//
// and reports each share's marginal, Beta(A_j, A − A_j) with A the sum of
// the posterior concentrations. Because the shares are one Dirichlet draw
// they sum to 1, so the edges' probabilities never exceed 1 together, as
// independent Beta updates of the same counts can.
func UpdateSiblings(prior SiblingPrior, counts SiblingCounts) (SiblingPosterior, error) {
	if len(prior.Edges) == 0 {
		return SiblingPosterior{}, invalidf("a sibling group needs at least one edge")
	}
	if len(counts.Successes) != len(prior.Edges) {
		return SiblingPosterior{}, invalidf("sibling group has %d edges in its prior but %d success counts", len(prior.Edges), len(counts.Successes))
	}
	conc := make([]float64, len(prior.Edges)+1)
	for j, a := range prior.Edges {
		if err := positive(fmt.Sprintf("sibling edge %d concentration", j), a); err != nil {
			return SiblingPosterior{}, err
		}
		conc[j] = a
	}
	if err := positive("sibling residual concentration", prior.None); err != nil {
		return SiblingPosterior{}, err
	}
	conc[len(prior.Edges)] = prior.None

	if counts.Trials < 0 {
		return SiblingPosterior{}, invalidf("sibling group trials %d must be >= 0", counts.Trials)
	}
	var sum int64
	for j, k := range counts.Successes {
		if k < 0 {
			return SiblingPosterior{}, invalidf("sibling edge %d successes %d must be >= 0", j, k)
		}
		sum += k
		conc[j] += float64(k)
	}
	if sum > counts.Trials {
		return SiblingPosterior{}, invalidf("sibling edges total %d successes in %d trials: a trial may take at most one sibling edge (are these edges really exclusive?)", sum, counts.Trials)
	}
	conc[len(prior.Edges)] += float64(counts.Trials - sum)

	var total float64
	for _, a := range conc {
		total += a
	}
	out := SiblingPosterior{Edges: make([]Posterior, len(prior.Edges)), Concentration: conc}
	for j := range prior.Edges {
		out.Edges[j] = betaPosterior(conc[j], total-conc[j], MethodConjugate)
	}
	out.None = betaPosterior(conc[len(prior.Edges)], total-conc[len(prior.Edges)], MethodConjugate)
	return out, nil
}

// SiblingPriorFromBetas builds a Dirichlet prior from the edges' own Beta
// priors. A Dirichlet's marginals are Beta(a_j, A − a_j), all with the same
// total A, so in general no Dirichlet matches every edge's Beta exactly:
// this one keeps each edge's prior mean and takes the smallest total
// α_j + β_j among the edges, the least informative choice. The residual
// gets the share left over.
//
// Exclusive shares cannot have means that sum to 1 or more, yet flat
// Beta(1, 1) priors on two or more edges do. Then no mean can be kept,
// and each edge's α_j, its prior successes, becomes its concentration,
// with the residual given their average (FromAlphas): Beta(1, 1) on every
// edge gives the uniform Dirichlet(1, …, 1).
func SiblingPriorFromBetas(priors []Prior) (SiblingPrior, error) {
	if len(priors) == 0 {
		return SiblingPrior{}, invalidf("a sibling group needs at least one edge")
	}
	alphas := make([]float64, len(priors))
	means := make([]float64, len(priors))
	total := math.Inf(1)
	var sumMean, sumAlpha float64
	for j, p := range priors {
		if p.Distribution != DistBeta {
			return SiblingPrior{}, invalidf("sibling edge %d has a %q prior; a sibling group needs beta priors", j, p.Distribution)
		}
		a, b, err := p.betaParams()
		if err != nil {
			return SiblingPrior{}, fmt.Errorf("sibling edge %d: %w", j, err)
		}
		alphas[j], means[j] = a, a/(a+b)
		sumMean += means[j]
		sumAlpha += a
		total = math.Min(total, a+b)
	}
	if sumMean >= 1 {
		return SiblingPrior{Edges: alphas, None: sumAlpha / float64(len(priors)), FromAlphas: true}, nil
	}
	out := SiblingPrior{Edges: make([]float64, len(priors)), None: (1 - sumMean) * total}
	for j, m := range means {
		out.Edges[j] = m * total
	}
	return out, nil
}
