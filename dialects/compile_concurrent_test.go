package dialects

import (
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/paramsql/paramsql/compiler"
)

// TestCompileFromManyGoroutines checks that the pooled renderers and the
// plan storage Compile reuses are never shared between goroutines: each
// goroutine compiles the same references in every dialect and must get
// the statements one goroutine got alone. Run with -race, it also checks
// the pools for data races.
func TestCompileFromManyGoroutines(t *testing.T) {
	refs := []string{
		"e.signup.visited(homepage,pricing).context(channel='google',device='mobile')",
		"e.from(homepage).to(pricing).within(1h)",
		"e.checkout.exclude(blog).by(week)",
		"e.signup.visitedAny(demo,docs).context(country='gb')",
		`e.signup.visited('a''b','c\d').context(channel='--;é')`,
	}
	compileAll := func() (map[string]Statement, error) {
		out := map[string]Statement{}
		for _, name := range Names() {
			d, err := Get(name)
			if err != nil {
				return nil, err
			}
			for _, ref := range refs {
				q, err := compiler.ParseQuery(ref)
				if err != nil {
					return nil, err
				}
				st, err := Compile(q, d, compiler.Options{})
				if err != nil {
					return nil, err
				}
				out[name+" "+ref] = st
			}
		}
		return out, nil
	}
	want, err := compileAll()
	if err != nil {
		t.Fatal(err)
	}
	const goroutines = 8
	got := make([]map[string]Statement, goroutines)
	errs := make([]error, goroutines)
	var wg sync.WaitGroup
	for g := range goroutines {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 20 {
				if got[g], errs[g] = compileAll(); errs[g] != nil {
					return
				}
			}
		}()
	}
	wg.Wait()
	for g := range goroutines {
		if errs[g] != nil {
			t.Fatalf("goroutine %d: %v", g, errs[g])
		}
		if diff := cmp.Diff(want, got[g]); diff != "" {
			t.Errorf("goroutine %d compiled differently (-alone +concurrently):\n%s", g, diff)
		}
	}
}
