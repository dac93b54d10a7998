// Package golden holds the -update flag shared by every test binary (see
// goldenflag), so that `go test ./... -update` is accepted by all packages
// and rewrites golden files wherever they are.
package golden

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/paramsql/paramsql/internal/goldenflag"
)

// Update is set by `go test ... -update`: golden files are rewritten from
// the current output instead of compared against it. The flag is defined
// in goldenflag, which the packages this one depends on can import.
var Update = goldenflag.Update

// Check compares got with the golden file at path, or rewrites the file
// when -update is set. A mismatch is reported as a diff.
func Check(t testing.TB, path string, got string) {
	t.Helper()
	if *Update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test with -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("%s differs (-golden +got; rerun with -update if the change is intended):\n%s", path, diff)
	}
}
