package compiler

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestCompileWithPlansAsCompile checks that the plans CompileWith lends
// from reused storage are the plans Compile returns, for references in
// a row, whatever the storage held before.
func TestCompileWithPlansAsCompile(t *testing.T) {
	srcs := []string{
		"e.signup.visited(homepage,pricing).exclude(blog).context(channel='google',device)",
		"e.from(a).to(b).visitedAny(w,x,y,z).visitedBefore(c).within(7d).by(week)",
		"e.checkout.excludeBetween(d).attempt(any).within(1h).contextAny(channel='a',channel='b')",
		"e.signup",
	}
	opts := Options{Schema: DefaultSchema()}
	for range 2 {
		for _, src := range srcs {
			q, err := ParseQuery(src)
			if err != nil {
				t.Fatal(err)
			}
			want, err := Compile(q, opts)
			if err != nil {
				t.Fatal(err)
			}
			err = CompileWith(q, opts, func(got *Plan) error {
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("%s: CompileWith's plan (-Compile +CompileWith):\n%s", src, diff)
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
		}
	}
}
