package golden

import (
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestEveryTestBinaryTakesUpdate: `go test ./... -update` must be accepted
// by every package, or it stops with "flag provided but not defined" in
// the first package whose test binary lacks the flag. Each package with
// tests imports this one, or goldenflag where this one would be an import
// cycle, from a test file.
func TestEveryTestBinaryTakesUpdate(t *testing.T) {
	const self = "github.com/paramsql/paramsql/internal/golden"
	const flagOnly = "github.com/paramsql/paramsql/internal/goldenflag"
	root := filepath.Join("..", "..")
	here, err := filepath.Abs(".")
	if err != nil {
		t.Fatal(err)
	}
	withTests := map[string]bool{}
	importing := map[string]bool{}
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if name := d.Name(); path != root && (strings.HasPrefix(name, ".") || name == "testdata" || name == "node_modules") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, "_test.go") {
			return nil
		}
		dir := filepath.Dir(path)
		if abs, err := filepath.Abs(dir); err != nil || abs == here {
			return err // this package holds the flag
		}
		withTests[dir] = true
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		for _, imp := range f.Imports {
			if p, _ := strconv.Unquote(imp.Path.Value); p == self || p == flagOnly {
				importing[dir] = true
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(withTests) < 10 {
		t.Fatalf("found tests in only %d packages under %s: the walk is wrong", len(withTests), root)
	}
	for dir := range withTests {
		if !importing[dir] {
			t.Errorf("%s: no test file imports %s, so go test ./... -update fails there", dir, self)
		}
	}
}
