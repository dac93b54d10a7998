package compiler

import (
	"fmt"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestEqualsCacheAgreesWithBuilding fills a cache past its limit from
// several goroutines, twice over, and checks every predicate against the
// one built directly, hostile values included.
func TestEqualsCacheAgreesWithBuilding(t *testing.T) {
	var c equalsCache
	values := []string{"", "a", `it's`, `"x"`, `back\slash`, "--", ";", "é ☃"}
	for i := 0; i < equalsCacheLimit+100; i++ {
		values = append(values, fmt.Sprintf("v%d'", i))
	}
	var wg sync.WaitGroup
	errs := make([][]string, 4)
	for g := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for pass := 0; pass < 2; pass++ {
				for i, v := range values {
					col := []string{"event_type", "node_slug"}[i%2]
					if diff := cmp.Diff(Expr(Equals{Column{col}, Text{v}}), c.get(col, v)); diff != "" {
						errs[g] = append(errs[g], fmt.Sprintf("%s = %q (-want +got):\n%s", col, v, diff))
					}
				}
			}
		}()
	}
	wg.Wait()
	for g, e := range errs {
		if diff := cmp.Diff([]string(nil), e); diff != "" {
			t.Errorf("goroutine %d disagreed:\n%s", g, diff)
		}
	}
	if n := len(*c.snapshot.Load()); n != equalsCacheLimit {
		t.Errorf("snapshot holds %d predicates, want the limit, %d", n, equalsCacheLimit)
	}
}
