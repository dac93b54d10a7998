package compiler

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
)

// fuzzSeeds is the seed corpus: valid references of every shape, the
// hostile texts the quoting must survive, and near-misses of each error.
var fuzzSeeds = []string{
	"e.signup",
	"e.from(a).to(b)",
	"e.from",
	"e.from.visited(a)",
	"e.p.p.mean",
	"e.signup.visited(pricing,homepage).context(device:mobile,channel:'google').p.mean",
	"e.s.by(day).within(48h).contextAny(d=m,d=n).context(c=g,sh).exclude(z).visitedAny(y,x).visitedAny(q).visited(v).p.n",
	"e.x.within(168h)",
	"e.from(x).to(x).visitedBefore(b,a).excludeBetween(c).attempt(first).within(1h).by(week)",
	"e.x.attempt(any).within(2h).visitedBefore(a).exclude(b)",
	"e.x.excludeBetween(a).attempt(any)",
	"e.x.attempt(anny)",
	"e.x.visitedBefore(a).exclude(a)",
	"e.x.within(0s)",
	"e.x.within(9223372036854775807s)",
	"e.x.within(106751991167300d)",
	"e.x.within(106751991167301d)",
	"e.x.within(1.5h)",
	"e.x.context(name='o''brien',p='a\\',q='--;',r='🚀',s='a\nb')",
	"e.'sign up'.visited('café','a,b','a.b','''')",
	"e.x.context(k='')",
	" e . x . visited ( a , b ) . p . k ",
	"e.signup\n\t.visited(a)\r\n\t.p.beta",
	"e.signup.visted(a)",
	"e.signup.visitedany(a)",
	"e.'über'.visted(a)",
	"signup",
	"",
	"e.",
	"e.''",
	"e.x.visited()",
	"e.x.visited(a",
	"e.x.visited(a))",
	"e.x.visited('a)",
	"e.x.visited(a).exclude(a)",
	"e.x.context(c=a).context(c=b)",
	"e.x.context(c).context(c=b)",
	"e.x.contextAny(c)",
	"e.x.within(7d).within(1d)",
	"e.x.by(weak)",
	"e.x.p.men",
	"e.x.p.mean.p.k",
	"e.café",
	"e.x.visited(a)\x00",
	"e.x\xff",
	"e.from(a).to",
	"e.visited(a)",
}

func FuzzParse(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		ref, perr := Parse(src)
		checkError(t, src, perr)
		q, err := ParseQuery(src)
		checkError(t, src, err)
		if perr != nil {
			if err == nil {
				t.Fatalf("Parse(%q) failed with %v but ParseQuery succeeded", src, perr)
			}
			return
		}
		if ref.Source != src {
			t.Fatalf("Ref.Source = %q, want %q", ref.Source, src)
		}
		if err != nil {
			return
		}
		s := q.String()
		q2, err := ParseQuery(s)
		if err != nil {
			t.Fatalf("ParseQuery(%q) ok, but its canonical form %q fails: %v", src, s, err)
		}
		if diff := cmp.Diff(q, q2); diff != "" {
			t.Fatalf("%q -> canonical %q parses differently (-first +second):\n%s", src, s, diff)
		}
		if s2 := q2.String(); s2 != s {
			t.Fatalf("%q: canonical form is not a fixed point:\n first: %s\nsecond: %s", src, s, s2)
		}
	})
}

// checkError checks the promises every error makes: it is an *Error, it
// carries the source, its position lies inside the source and agrees with
// its offset, and Detail renders without panicking.
func checkError(t *testing.T, src string, err error) {
	t.Helper()
	if err == nil {
		return
	}
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("error %v is %T, want *Error", err, err)
	}
	if e.Source != src {
		t.Fatalf("error Source = %q, want %q", e.Source, src)
	}
	p := e.Pos
	if p.Offset < 0 || p.Offset > len(src) {
		t.Fatalf("%q: error offset %d outside source", src, p.Offset)
	}
	// Recount line and column from the offset; the lexer only reports
	// errors at offsets it has validated, so the prefix is valid UTF-8.
	prefix := src[:p.Offset]
	if !utf8.ValidString(prefix) {
		t.Fatalf("%q: error at %d:%d has invalid UTF-8 before it", src, p.Line, p.Col)
	}
	line := strings.Count(prefix, "\n") + 1
	col := utf8.RuneCountInString(prefix[strings.LastIndexByte(prefix, '\n')+1:]) + 1
	if p.Line != line || p.Col != col {
		t.Fatalf("%q: error at %d:%d but its offset %d is %d:%d", src, p.Line, p.Col, p.Offset, line, col)
	}
	if e.Msg == "" {
		t.Fatalf("%q: error without a message", src)
	}
	d := e.Detail()
	if !strings.HasPrefix(d, e.Error()+"\n") || !strings.HasSuffix(d, "^") {
		t.Fatalf("%q: malformed Detail:\n%s", src, d)
	}
}
