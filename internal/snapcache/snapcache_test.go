package snapcache

import (
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
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
