package config

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/santhosh-tekuri/jsonschema/v6"
	"gopkg.in/yaml.v3"
)

// The JSON Schemas live in schema/ at the repository root.
const schemaDir = "../../schema"

// loadSchemaDoc reads a schema file as a generic JSON document.
func loadSchemaDoc(t *testing.T, name string) map[string]any {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(schemaDir, name))
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return doc
}

// compileSchema compiles a schema file with santhosh-tekuri/jsonschema.
func compileSchema(t *testing.T, name string) *jsonschema.Schema {
	t.Helper()
	f, err := os.Open(filepath.Join(schemaDir, name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	if err := c.AddResource(name, doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile(name)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return sch
}

// yamlAsJSON converts a YAML file to the JSON value an editor would check.
func yamlAsJSON(t *testing.T, path string) any {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var v any
	if err := yaml.Unmarshal(data, &v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	js, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	out, err := jsonschema.UnmarshalJSON(bytes.NewReader(js))
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func exampleFiles(t *testing.T) []string {
	files, err := filepath.Glob("testdata/examples/*.yaml")
	if err != nil || len(files) < 5 {
		t.Fatalf("expected the seed's examples in testdata/examples, found %v (%v)", files, err)
	}
	return files
}

// exampleProject is a project that has the connection the seed's examples
// name.
func exampleProject() *Project {
	return &Project{
		Connections: map[string]Connection{
			"analytics_datalake": {Name: "analytics_datalake", Driver: DriverPostgres, DSN: "postgres://analytics@lake/db"},
		},
		DefaultConnection: "analytics_datalake",
		PosteriorStore:    PosteriorStore{Connection: "analytics_datalake", Table: DefaultPosteriorTable},
	}
}

func TestExamplesMatchSchema(t *testing.T) {
	sch := compileSchema(t, "parameter.schema.json")
	for _, f := range exampleFiles(t) {
		t.Run(filepath.Base(f), func(t *testing.T) {
			if err := sch.Validate(yamlAsJSON(t, f)); err != nil {
				t.Errorf("JSON Schema: %v", err)
			}
			p, err := LoadParam(f)
			if err != nil {
				t.Fatalf("LoadParam: %v", err)
			}
			for _, err := range p.Validate(exampleProject()) {
				t.Errorf("Validate: %v", err)
			}
		})
	}
}

func TestProjectExampleMatchesSchema(t *testing.T) {
	sch := compileSchema(t, "project.schema.json")
	if err := sch.Validate(yamlAsJSON(t, "testdata/project/full/paramsql.yaml")); err != nil {
		t.Errorf("JSON Schema: %v", err)
	}
	gsch := compileSchema(t, "graph.schema.json")
	if err := gsch.Validate(yamlAsJSON(t, "testdata/project/full/graph.yaml")); err != nil {
		t.Errorf("JSON Schema: %v", err)
	}
}

// TestSchemaRejects checks that the schema refuses what the decoder
// refuses, on a few representative mistakes.
func TestSchemaRejects(t *testing.T) {
	sch := compileSchema(t, "parameter.schema.json")
	for _, src := range []string{
		"id: x\nnmae: y\n",
		"id: x\nobservation_source: {conection: pg}\n",
		"id: x\ntype: probabilty\n",
		"id: x\nobservation_source: {refresh_frequency: 1 hour}\n",
		"id: x\nobservation_source: {min_sample_size: 0}\n",
		"id: x\nvisited_filter: {operator: or, nodes: [a]}\n",
		"id: x\nprior_source: {type: sheets}\n",
		"name: no id\n",
	} {
		var v any
		if err := yaml.Unmarshal([]byte(src), &v); err != nil {
			t.Fatal(err)
		}
		js, _ := json.Marshal(v)
		doc, _ := jsonschema.UnmarshalJSON(bytes.NewReader(js))
		if err := sch.Validate(doc); err == nil {
			t.Errorf("schema accepts %q", src)
		}
	}
}

// schemaNode resolves local $refs of a JSON Schema document.
type schemaNode struct {
	root map[string]any
}

func (s schemaNode) resolve(n map[string]any) map[string]any {
	for {
		ref, ok := n["$ref"].(string)
		if !ok {
			return n
		}
		cur := any(s.root)
		for _, part := range strings.Split(strings.TrimPrefix(ref, "#/"), "/") {
			cur = cur.(map[string]any)[part]
		}
		n = cur.(map[string]any)
	}
}

// alternatives lists n and every schema it combines with oneOf, anyOf or
// allOf, with $refs resolved.
func (s schemaNode) alternatives(n map[string]any) []map[string]any {
	n = s.resolve(n)
	out := []map[string]any{n}
	for _, kw := range []string{"oneOf", "anyOf", "allOf"} {
		if list, ok := n[kw].([]any); ok {
			for _, alt := range list {
				out = append(out, s.alternatives(alt.(map[string]any))...)
			}
		}
	}
	return out
}

// properties collects the properties that n (or its alternatives) allow.
func (s schemaNode) properties(n map[string]any) map[string]map[string]any {
	props := map[string]map[string]any{}
	for _, alt := range s.alternatives(n) {
		if p, ok := alt["properties"].(map[string]any); ok {
			for k, v := range p {
				if _, seen := props[k]; !seen {
					props[k] = v.(map[string]any)
				}
			}
		}
	}
	return props
}

// children returns the schema of the items (for a list) or of the values
// (for a map) of n.
func (s schemaNode) children(n map[string]any, kw string) map[string]any {
	for _, alt := range s.alternatives(n) {
		if c, ok := alt[kw].(map[string]any); ok {
			return c
		}
	}
	return nil
}

// enumOf returns the enum of n or its alternatives.
func (s schemaNode) enumOf(n map[string]any) []string {
	for _, alt := range s.alternatives(n) {
		if e, ok := alt["enum"].([]any); ok {
			var out []string
			for _, v := range e {
				out = append(out, v.(string))
			}
			return out
		}
	}
	return nil
}

// compareWithSchema walks a Go type and its schema together, reporting
// each yaml-tagged field missing from the schema, each schema property
// without a field, and each enum that differs.
func compareWithSchema(t *testing.T, s schemaNode, typ reflect.Type, n map[string]any, path string) {
	t.Helper()
	if n == nil {
		t.Errorf("%s: no schema", path)
		return
	}
	if typ.Implements(enumType) {
		want := reflect.Zero(typ).Interface().(enum).values()
		if diff := cmp.Diff(want, s.enumOf(n)); diff != "" {
			t.Errorf("%s: enum differs between Go and schema (-go +schema):\n%s", path, diff)
		}
		return
	}
	switch typ.Kind() {
	case reflect.Pointer:
		compareWithSchema(t, s, typ.Elem(), n, path)
	case reflect.Slice:
		if items := s.children(n, "items"); items != nil {
			compareWithSchema(t, s, typ.Elem(), items, path+"[]")
		} else if typ.Elem().Kind() == reflect.Struct {
			t.Errorf("%s: schema has no items", path)
		}
	case reflect.Map:
		if typ.Elem().Kind() == reflect.Struct || typ.Elem().Kind() == reflect.Pointer {
			compareWithSchema(t, s, typ.Elem(), s.children(n, "additionalProperties"), path+".*")
		}
	case reflect.Struct:
		if typ == reflect.TypeFor[time.Time]() {
			return
		}
		props := s.properties(n)
		si := structFields(typ)
		fields := map[string]bool{}
		for _, f := range si.fields {
			fields[f.key] = true
			p, ok := props[f.key]
			if !ok {
				t.Errorf("%s: Go field %q (%s.%s) is not in the schema", path, f.key, typ.Name(), typ.Field(f.index).Name)
				continue
			}
			compareWithSchema(t, s, typ.Field(f.index).Type, p, join(path, f.key))
		}
		var extra []string
		for k := range props {
			if !fields[k] {
				extra = append(extra, k)
			}
		}
		sort.Strings(extra)
		for _, k := range extra {
			t.Errorf("%s: schema property %q has no Go field in %s", path, k, typ.Name())
		}
		closed := false
		for _, alt := range s.alternatives(n) {
			if ap, ok := alt["additionalProperties"].(bool); ok && !ap {
				closed = true
			}
		}
		if closed == (si.inline != nil) {
			t.Errorf("%s: schema additionalProperties is %v but %s has an inline map: %v", path, !closed, typ.Name(), si.inline != nil)
		}
	}
}

func TestSchemaMatchesGoTypes(t *testing.T) {
	for _, tc := range []struct {
		file string
		typ  reflect.Type
	}{
		{"parameter.schema.json", reflect.TypeFor[Param]()},
		{"project.schema.json", reflect.TypeFor[projectFile]()},
		{"graph.schema.json", reflect.TypeFor[graphFile]()},
	} {
		t.Run(tc.file, func(t *testing.T) {
			doc := loadSchemaDoc(t, tc.file)
			compareWithSchema(t, schemaNode{doc}, tc.typ, doc, "")
		})
	}
}

// TestSchemaDurationPattern checks that the schema's duration pattern is
// the one the decoder uses.
func TestSchemaDurationPattern(t *testing.T) {
	for _, f := range []string{"parameter.schema.json", "project.schema.json"} {
		doc := loadSchemaDoc(t, f)
		d := doc["$defs"].(map[string]any)["duration"].(map[string]any)
		if got := d["pattern"]; got != durationRE.String() {
			t.Errorf("%s: duration pattern %q, decoder uses %q", f, got, durationRE.String())
		}
	}
}
