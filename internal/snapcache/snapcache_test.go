package snapcache

import (
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	_ "github.com/paramsql/paramsql/internal/goldenflag" // accepts -update: golden imports this package
)

func quote(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// TestCacheAgreesWithFunction fills caches past their limit from several
// goroutines, twice over, and checks every answer against the function
// itself, hostile values included, and that the cache stays bounded.
func TestCacheAgreesWithFunction(t *testing.T) {
	for _, limit := range []int{0, 1, 7, 100} {
		t.Run(fmt.Sprint("limit=", limit), func(t *testing.T) {
			c := Cache[string, string]{Limit: limit}
			values := []string{"", "a", `it's`, `"x"`, `back\slash`, "--", ";", "é ☃", "a''b"}
			bound := limit
			if bound == 0 {
				bound = DefaultLimit
			}
			for i := 0; i < bound+100; i++ {
				values = append(values, fmt.Sprintf("v%d'", i))
			}
			var wg sync.WaitGroup
			errs := make([][]string, 4)
			for g := range errs {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for pass := 0; pass < 2; pass++ {
						for _, v := range values {
							if got, want := c.Get(v, quote), quote(v); got != want {
								errs[g] = append(errs[g], fmt.Sprintf("%q: got %s, want %s", v, got, want))
							}
						}
					}
				}()
			}
			wg.Wait()
			for g, e := range errs {
				if diff := cmp.Diff([]string(nil), e); diff != "" {
					t.Errorf("goroutine %d disagreed (-want +got):\n%s", g, diff)
				}
			}
			if n := c.Len(); n != bound {
				t.Errorf("snapshot holds %d entries, want the limit, %d", n, bound)
			}
		})
	}
}

// TestCacheTakesInFewHotKeys fills a cache, then asks over and over for
// a few keys, too few to double its snapshot: each is computed once, and
// they reach the snapshot, where lookups take no lock.
func TestCacheTakesInFewHotKeys(t *testing.T) {
	var c Cache[string, string]
	computed := map[string]int{}
	count := func(s string) string {
		computed[s]++
		return quote(s)
	}
	var want []string
	for i := range 100 {
		k := fmt.Sprintf("filler%d", i)
		c.Get(k, count)
		want = append(want, k)
	}
	hot := []string{"it's", "pricing", "--"}
	for range 1000 {
		for _, k := range hot {
			if got := c.Get(k, count); got != quote(k) {
				t.Fatalf("%q: got %s, want %s", k, got, quote(k))
			}
		}
	}
	want = append(want, hot...)
	wantComputed := map[string]int{}
	for _, k := range want {
		wantComputed[k] = 1
	}
	if diff := cmp.Diff(wantComputed, computed); diff != "" {
		t.Errorf("computations per key (-want +got):\n%s", diff)
	}
	if n := c.Len(); n != len(want) {
		t.Errorf("snapshot holds %d entries, want every key asked for, %d", n, len(want))
	}
}
