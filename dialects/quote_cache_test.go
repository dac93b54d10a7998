package dialects

import (
	"fmt"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestQuoteCacheAgreesWithQuoting fills a cache past its limit from
// several goroutines, twice over, and checks every answer against the
// quoting function itself, hostile values included.
func TestQuoteCacheAgreesWithQuoting(t *testing.T) {
	var c quoteCache
	values := []string{"", "a", `it's`, `"x"`, `back\slash`, "--", ";", "é ☃", "a''b"}
	for i := 0; i < quoteCacheLimit+100; i++ {
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
					if got, want := c.get(v, quoteANSIString), quoteANSIString(v); got != want {
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
	if n := len(*c.snapshot.Load()); n != quoteCacheLimit {
		t.Errorf("snapshot holds %d entries, want the limit, %d", n, quoteCacheLimit)
	}
}
