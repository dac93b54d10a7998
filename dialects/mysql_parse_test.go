package dialects

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/pingcap/tidb/pkg/parser"
	_ "github.com/pingcap/tidb/pkg/parser/test_driver"
)

// TestMySQLGoldensParseWithTiDB checks every MySQL golden statement against
// a real MySQL grammar, so a construct MySQL lacks cannot slip in.
func TestMySQLGoldensParseWithTiDB(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(goldenDir, "*", "mysql.sql"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no mysql goldens found: %v", err)
	}
	p := parser.New()
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		stmts, _, err := p.Parse(string(src), "", "")
		if err != nil {
			t.Errorf("%s: tidb parser: %v", f, err)
			continue
		}
		if len(stmts) == 0 {
			t.Errorf("%s: no statement parsed", f)
		}
	}
}
