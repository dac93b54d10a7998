package bayes

import "testing"

// TestEmpiricalPoolAtTheCapSaysSo: underdispersed shards put the moment
// start exactly on the concentration cap, where the optimiser may not
// move; the fit is still at the boundary and must say so.
func TestEmpiricalPoolAtTheCapSaysSo(t *testing.T) {
	got, err := PoolEmpirical([]Shard{{Key: "a", Trials: 10000, Successes: 3000}, {Key: "b", Trials: 10000, Successes: 3000}, {Key: "c", Trials: 10000, Successes: 3001}})
	if err != nil {
		t.Fatal(err)
	}
	if !got.AtBoundary {
		t.Errorf("AtBoundary false with α+β = %g for shards within binomial noise", got.Alpha+got.Beta)
	}
}
