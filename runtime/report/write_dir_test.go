package report

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestWriteIntoAFile: --out under a path that is a file says which part
// is a file, where it said "mkdir afile: not a directory".
func TestWriteIntoAFile(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "afile")
	if err := os.WriteFile(file, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	err := Write(&Report{}, filepath.Join(file, "sub"))
	if err == nil || !strings.Contains(err.Error(), file+" is a file, not a directory") {
		t.Errorf("Write = %v, want it to name %s as a file", err, file)
	}
}
