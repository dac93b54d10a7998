package config

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestLoadEachIsolatesBadFiles checks that a parameter file with a typo,
// a missing environment variable, a validation error or a taken id is
// set aside with its own file:line:col errors, and the others load.
func TestLoadEachIsolatesBadFiles(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"paramsql.yaml": "connections:\n  warehouse: { driver: duckdb, dsn: events.duckdb }\n",
		"params/a.yaml": "id: a\nedge_reference: e.signup\nbayesian_update: { prior: { alpha: 1, beta: 1 } }\n",
		"params/b.yaml": "id: b\nedge_refrence: e.signup\n",
		"params/c.yaml": "id: c\nedge_reference: e.signup\nmodel_fit:\n  alerts:\n    - { type: slack, webhook: \"${PARAMSQL_TEST_UNSET_HOOK}\" }\n",
		"params/d.yaml": "id: d\nedge_reference: e.signup.visted(a)\n",
		"params/e.yaml": "id: a\nedge_reference: e.checkout\n",
		"params/f.yaml": "id: f\nedge_reference: e.checkout\n",
	}
	for name, body := range files {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	os.Unsetenv("PARAMSQL_TEST_UNSET_HOOK")
	_, params, broken, err := LoadEach(dir)
	if err != nil {
		t.Fatalf("LoadEach: %v", err)
	}
	var ids []string
	for _, p := range params {
		ids = append(ids, p.ID)
	}
	if diff := cmp.Diff([]string{"a", "f"}, ids); diff != "" {
		t.Errorf("loaded ids (-want +got):\n%s", diff)
	}
	type brokenFile struct{ ID, Where string }
	var got []brokenFile
	for _, b := range broken {
		e := b.Errors[0]
		got = append(got, brokenFile{b.ID, (&Error{File: filepath.Base(e.File), Line: e.Line, Col: e.Col}).Error()})
	}
	want := []brokenFile{
		{"b", "b.yaml:2:1: "},
		{"c", "c.yaml:5:31: "},
		{"d", "d.yaml:2:26: "},
		{"e", "e.yaml:1:5: "},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("broken files (-want +got):\n%s", diff)
		for _, b := range broken {
			t.Log(b.Error())
		}
	}

	// Load, which validate uses, still fails on every bad file.
	if _, _, err := Load(dir); err == nil {
		t.Error("Load accepted a project with bad parameter files")
	}
}

func TestLoadEachProjectErrors(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "paramsql.yaml"), []byte("conections: {}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, _, err := LoadEach(dir); err == nil {
		t.Error("LoadEach accepted a bad paramsql.yaml")
	}
}
