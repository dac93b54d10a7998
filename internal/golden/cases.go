package golden

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/paramsql/paramsql/compiler"
)

// Case is one golden case: the references of its input.txt and the
// options they compile with.
type Case struct {
	Name  string
	Refs  []string
	Opts  compiler.Options
	Graph *compiler.Graph
}

// LoadCases reads every case folder under dir: input.txt holds the
// references (one per line) and options, and each <dialect>.sql the
// expected output. Options are lines of the form
// `unit: user`, `start: 2025-01-01`, `end: …`, `node: name event_type=x
// node_slug=y` and `edge: name from to`; `#` starts a comment, and a line
// in double quotes is a Go string, for references that hold newlines.
func LoadCases(t testing.TB, dir string) []Case {
	t.Helper()
	dirs, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var cases []Case
	for _, d := range dirs {
		if !d.IsDir() {
			continue
		}
		raw, err := os.ReadFile(filepath.Join(dir, d.Name(), "input.txt"))
		if os.IsNotExist(err) {
			continue // a folder of other goldens, such as the batch's
		}
		if err != nil {
			t.Fatal(err)
		}
		c := Case{Name: d.Name(), Opts: compiler.Options{Schema: compiler.DefaultSchema()}}
		var start, end time.Time
		for _, line := range strings.Split(string(raw), "\n") {
			line = strings.TrimSpace(line)
			key, val, _ := strings.Cut(line, ":")
			val = strings.TrimSpace(val)
			switch {
			case line == "" || strings.HasPrefix(line, "#"):
			case key == "unit":
				c.Opts.Unit = compiler.Unit(val)
			case key == "start":
				start = parseGoldenTime(t, val)
			case key == "end":
				end = parseGoldenTime(t, val)
			case key == "node":
				if c.Graph == nil {
					c.Graph = &compiler.Graph{Nodes: map[string]compiler.GraphNode{}, Edges: map[string]compiler.GraphEdge{}}
				}
				f := strings.Fields(val)
				var n compiler.GraphNode
				for _, kv := range f[1:] {
					k, v, _ := strings.Cut(kv, "=")
					if k == "event_type" {
						n.EventType = v
					} else {
						n.NodeSlug = v
					}
				}
				c.Graph.Nodes[f[0]] = n
			case key == "edge":
				if c.Graph == nil {
					c.Graph = &compiler.Graph{Nodes: map[string]compiler.GraphNode{}, Edges: map[string]compiler.GraphEdge{}}
				}
				f := strings.Fields(val)
				c.Graph.Edges[f[0]] = compiler.GraphEdge{From: f[1], To: f[2]}
			case strings.HasPrefix(line, `"`):
				ref, err := strconv.Unquote(line)
				if err != nil {
					t.Fatalf("%s: %v", d.Name(), err)
				}
				c.Refs = append(c.Refs, ref)
			default:
				c.Refs = append(c.Refs, line)
			}
		}
		if !start.IsZero() {
			c.Opts.Window = compiler.LiteralWindow(start, end)
		}
		c.Opts.Graph = c.Graph
		cases = append(cases, c)
	}
	return cases
}

func parseGoldenTime(t testing.TB, s string) time.Time {
	for _, layout := range []string{time.RFC3339, "2006-01-02"} {
		if v, err := time.Parse(layout, s); err == nil {
			return v.UTC()
		}
	}
	t.Fatalf("bad golden time %q", s)
	return time.Time{}
}

// ParseRefs parses each reference, failing the test on the first that
// does not parse.
func ParseRefs(t testing.TB, refs []string) []*compiler.Query {
	t.Helper()
	var qs []*compiler.Query
	for _, src := range refs {
		q, err := compiler.ParseQuery(src)
		if err != nil {
			t.Fatal(err)
		}
		qs = append(qs, q)
	}
	return qs
}
