package dialects

import (
	"testing"

	"github.com/paramsql/paramsql/compiler"
)

var benchRefs = []string{
	"e.signup",
	"e.signup.visited(homepage,pricing).context(channel='google',device='mobile').p.mean",
	"e.checkout.visitedAny(product-page-1,product-page-2,product-page-3).exclude(blog)",
	"e.from(homepage).to(pricing).context(country='de').within(7d)",
	"e.signup.context(channel).by(week)",
}

// BenchmarkCompile measures a reference from text to SQL: parse,
// normalise, plan and render, as paramsql compile does.
func BenchmarkCompile(b *testing.B) {
	d, _ := Get("duckdb")
	opts := compiler.Options{Schema: compiler.DefaultSchema()}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		q, err := compiler.ParseQuery(benchRefs[i%len(benchRefs)])
		if err != nil {
			b.Fatal(err)
		}
		if _, err := Compile(q, d, opts); err != nil {
			b.Fatal(err)
		}
	}
}
