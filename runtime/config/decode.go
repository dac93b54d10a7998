package config

import (
	"fmt"
	"math"
	"os"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/paramsql/paramsql/internal/editdistance"
)

// This file holds the strict decoder. It walks a yaml.Node tree against a Go
// type by reflection, so that every problem can name the file, line and
// column, and an unknown field can be answered with the field that was
// probably meant. The Go struct tags are the single description of the
// file format: the JSON Schemas in schema/ are checked against them by a
// test.
//
// Struct tags understood:
//
//	yaml:"name"        the field's key
//	yaml:"-"           not read from the file
//	yaml:",inline"     on a map[string]any: receives the keys that no other
//	                   field claims (only Metadata has one)
//	paramsql:"env"     ${ENV_VAR} references in the string (or the values of
//	                   a map of strings) are replaced from the environment

// position is a 1-based line and column inside a file.
type position struct {
	line, col int
}

// positions maps the dotted path of every value read from a file, such as
// "observation_source.connection" or "posterior_destination.destinations[1].type",
// to where the value is written. The root mapping has the path "".
type positions map[string]position

// nodeDecoder is implemented by types whose YAML form is not a plain
// struct, list or scalar, such as a visited filter that may be a list or a
// mapping.
type nodeDecoder interface {
	decodeNode(d *decoder, n *yaml.Node, path string)
}

// enum is implemented by the string types whose values are a fixed set.
type enum interface {
	values() []string
}

var (
	nodeDecoderType = reflect.TypeFor[nodeDecoder]()
	enumType        = reflect.TypeFor[enum]()
	durationType    = reflect.TypeFor[time.Duration]()
)

// decoder holds the state of decoding one file.
type decoder struct {
	file      string
	what      string // "parameter file", "project file": names the root in messages
	root      reflect.Type
	errs      ErrorList
	pos       positions
	lookupEnv func(string) (string, bool)
}

func newDecoder(file, what string, root reflect.Type) *decoder {
	return &decoder{file: file, what: what, root: root, pos: positions{}, lookupEnv: os.LookupEnv}
}

// errAt records a problem at a node.
func (d *decoder) errAt(n *yaml.Node, hint, format string, args ...any) {
	d.errs = append(d.errs, &Error{File: d.file, Line: n.Line, Col: n.Column, Msg: fmt.Sprintf(format, args...), Hint: hint})
}

// fail records a problem with the value at path, and marks the path as
// invalid so that later checks do not report it again.
func (d *decoder) fail(n *yaml.Node, path, hint, format string, args ...any) {
	d.pos[path+"#invalid"] = position{n.Line, n.Column}
	d.errAt(n, hint, format, args...)
}

// parseDocument parses data as a single YAML document. It returns nil and
// records an error when the data is not YAML; it returns a nil node without
// an error when the file is empty.
func (d *decoder) parseDocument(data []byte) *yaml.Node {
	dec := yaml.NewDecoder(strings.NewReader(string(data)))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if err.Error() == "EOF" {
			return nil
		}
		d.errs = append(d.errs, yamlError(d.file, data, err))
		return nil
	}
	var second yaml.Node
	if err := dec.Decode(&second); err == nil {
		n := &second
		if len(second.Content) > 0 {
			n = second.Content[0]
		}
		hint := ""
		if d.what == "parameter file" {
			hint = "put each parameter in its own file"
		}
		d.errAt(n, hint, "a %s holds one YAML document, found a second one", d.what)
	}
	if doc.Kind == yaml.DocumentNode {
		if len(doc.Content) == 0 {
			return nil
		}
		return doc.Content[0]
	}
	return &doc
}

var yamlLineRE = regexp.MustCompile(`^yaml: (?:line (\d+): )?(.*)$`)

// yamlError turns a syntax error of the YAML parser into an Error. The
// parser's "did not find expected ..." errors count lines from 0 and leave
// out line 0, where its scanner's errors count from 1; both are mapped to
// 1-based lines here.
func yamlError(file string, data []byte, err error) *Error {
	m := yamlLineRE.FindStringSubmatch(err.Error())
	if m == nil {
		return &Error{File: file, Msg: "invalid YAML: " + err.Error()}
	}
	line, _ := strconv.Atoi(m[1])
	if strings.HasPrefix(m[2], "did not find expected") {
		line++
	}
	e := &Error{File: file, Line: line, Msg: "invalid YAML: " + m[2]}
	if m[2] == "mapping values are not allowed in this context" {
		// The parser gives no column. The usual cause is a value with
		// ": " in it, such as context(channel: google) unquoted: point
		// at that second ": " of the line.
		if col := secondMappingColon(lineOf(data, line)); col > 0 {
			e.Col = col
			e.Hint = `": " inside a plain value starts a mapping; put the value in quotes`
		}
	}
	return e
}

// lineOf is line n (1-based) of data, "" past its end.
func lineOf(data []byte, n int) string {
	lines := strings.Split(string(data), "\n")
	if n < 1 || n > len(lines) {
		return ""
	}
	return strings.TrimSuffix(lines[n-1], "\r")
}

// secondMappingColon is the 1-based column of the second ":" of line that
// ends a key (followed by a space or the line's end) outside quotes and
// before a comment; 0 if there is none. The first is the line's own key.
func secondMappingColon(line string) int {
	seen := 0
	var quote rune
	col := 0
	runes := []rune(line)
	for i, r := range runes {
		col++
		switch {
		case quote != 0:
			if r == quote {
				quote = 0
			}
		case r == '\'' || r == '"':
			quote = r
		case r == '#' && (i == 0 || runes[i-1] == ' '):
			return 0
		case r == ':' && (i+1 == len(runes) || runes[i+1] == ' ' || runes[i+1] == '\t'):
			if seen++; seen == 2 {
				return col
			}
		}
	}
	return 0
}

// decode reads node n into v, whose dotted path is path.
func (d *decoder) decode(n *yaml.Node, v reflect.Value, path string, env bool) {
	for n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	d.pos[path] = position{n.Line, n.Column}
	if v.CanAddr() && v.Addr().Type().Implements(nodeDecoderType) {
		v.Addr().Interface().(nodeDecoder).decodeNode(d, n, path)
		return
	}
	if isNull(n) {
		v.SetZero()
		return
	}
	t := v.Type()
	switch {
	case t == durationType:
		d.decodeDuration(n, v, path)
		return
	case t.Implements(enumType):
		d.decodeEnum(n, v, path)
		return
	}
	switch t.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			v.Set(reflect.New(t.Elem()))
		}
		d.decode(n, v.Elem(), path, env)
	case reflect.Struct:
		d.decodeStruct(n, v, path)
	case reflect.Map:
		d.decodeMap(n, v, path, env)
	case reflect.Slice:
		if n.Kind != yaml.SequenceNode {
			d.fail(n, path, "", "%s: expected a list, found %s", name(path), describe(n))
			return
		}
		s := reflect.MakeSlice(t, len(n.Content), len(n.Content))
		for i, item := range n.Content {
			d.decode(item, s.Index(i), fmt.Sprintf("%s[%d]", path, i), env)
		}
		v.Set(s)
	case reflect.String:
		if n.Kind != yaml.ScalarNode {
			d.fail(n, path, "", "%s: expected a string, found %s", name(path), describe(n))
			return
		}
		s := n.Value
		switch n.Style {
		case yaml.DoubleQuotedStyle, yaml.SingleQuotedStyle:
			d.pos[path+"#quoted"] = position{n.Line, n.Column}
			if n.Style == yaml.SingleQuotedStyle {
				d.pos[path+"#single"] = position{n.Line, n.Column}
			}
		case yaml.LiteralStyle, yaml.FoldedStyle:
			d.pos[path+"#block"] = position{n.Line, n.Column}
			if n.Style == yaml.LiteralStyle {
				d.pos[path+"#literal"] = position{n.Line, n.Column}
			}
		}
		if env {
			s = d.expandEnv(n, path, s)
		}
		v.SetString(s)
	case reflect.Int, reflect.Int64, reflect.Int32:
		i, ok := d.scalarInt(n)
		if !ok {
			d.fail(n, path, quotedNumberHint(n), "%s: expected an integer, found %s", name(path), describe(n))
			return
		}
		if v.OverflowInt(i) {
			d.fail(n, path, "", "%s: %d is too large", name(path), i)
			return
		}
		v.SetInt(i)
	case reflect.Float64:
		f, ok := scalarFloat(n)
		if !ok {
			d.fail(n, path, quotedNumberHint(n), "%s: expected a number, found %s", name(path), describe(n))
			return
		}
		v.SetFloat(f)
	case reflect.Bool:
		if n.Kind != yaml.ScalarNode || n.ShortTag() != "!!bool" {
			d.fail(n, path, "", "%s: expected true or false, found %s", name(path), describe(n))
			return
		}
		var b bool
		_ = n.Decode(&b)
		v.SetBool(b)
	case reflect.Interface:
		var x any
		if err := n.Decode(&x); err != nil {
			d.fail(n, path, "", "%s: %v", name(path), err)
			return
		}
		if x != nil {
			v.Set(reflect.ValueOf(x))
		}
	default:
		panic(fmt.Sprintf("config: cannot decode into %s", t))
	}
}

// name is how a path is named in a message: the path itself, or the root's
// description for the root.
func name(path string) string {
	if path == "" {
		return "the file"
	}
	return path
}

func isNull(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null"
}

// describe says what a node is, for "found ..." in messages.
func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		switch n.ShortTag() {
		case "!!null":
			return "nothing"
		case "!!str":
			return strconv.Quote(n.Value)
		}
		return n.Value
	}
	return "an unexpected node"
}

// quotedNumberHint suggests removing quotes around a number.
func quotedNumberHint(n *yaml.Node) string {
	if n.Kind == yaml.ScalarNode && n.ShortTag() == "!!str" && n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0 {
		if _, err := strconv.ParseFloat(n.Value, 64); err == nil {
			return "remove the quotes"
		}
	}
	return ""
}

func (d *decoder) scalarInt(n *yaml.Node) (int64, bool) {
	if n.Kind != yaml.ScalarNode {
		return 0, false
	}
	switch n.ShortTag() {
	case "!!int":
		var i int64
		if err := n.Decode(&i); err != nil {
			return 0, false
		}
		return i, true
	case "!!float":
		var f float64
		if err := n.Decode(&f); err != nil || f != math.Trunc(f) || math.Abs(f) > 1<<53 {
			return 0, false
		}
		return int64(f), true
	}
	return 0, false
}

func scalarFloat(n *yaml.Node) (float64, bool) {
	if n.Kind != yaml.ScalarNode {
		return 0, false
	}
	switch n.ShortTag() {
	case "!!int", "!!float":
		var f float64
		if err := n.Decode(&f); err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			return 0, false
		}
		return f, true
	}
	return 0, false
}

// durationRE is the spelling of every duration in the files: a whole
// number and a unit of seconds, minutes, hours or days. The JSON Schemas
// use the same pattern.
var durationRE = regexp.MustCompile(`^\d+[smhd]$`)

// parseDuration parses a duration such as 30s, 10m, 1h or 1d.
func parseDuration(s string) (time.Duration, bool) {
	if !durationRE.MatchString(s) {
		return 0, false
	}
	n, err := strconv.ParseInt(s[:len(s)-1], 10, 64)
	if err != nil {
		return 0, false
	}
	unit := offsetUnits[s[len(s)-1:]]
	if n > int64(math.MaxInt64/unit) {
		return 0, false
	}
	return time.Duration(n) * unit, true
}

func (d *decoder) decodeDuration(n *yaml.Node, v reflect.Value, path string) {
	const hint = `a whole number and one of s, m, h, d, such as "30s", "10m", "1h" or "1d"`
	if n.Kind != yaml.ScalarNode {
		d.fail(n, path, hint, "%s: expected a duration, found %s", name(path), describe(n))
		return
	}
	dur, ok := parseDuration(n.Value)
	if !ok {
		h := hint
		if n.ShortTag() == "!!int" {
			h = fmt.Sprintf("add a unit: %q for seconds, %q for minutes, %q for hours or %q for days", n.Value+"s", n.Value+"m", n.Value+"h", n.Value+"d")
		}
		d.fail(n, path, h, "%s: invalid duration %s", name(path), describe(n))
		return
	}
	v.SetInt(int64(dur))
}

func (d *decoder) decodeEnum(n *yaml.Node, v reflect.Value, path string) {
	allowed := v.Interface().(enum).values()
	if n.Kind != yaml.ScalarNode {
		d.fail(n, path, "", "%s: expected one of %s, found %s", name(path), strings.Join(allowed, ", "), describe(n))
		return
	}
	for _, a := range allowed {
		if n.Value == a {
			v.SetString(a)
			return
		}
	}
	d.fail(n, path, suggest(n.Value, allowed), "%s must be one of %s, found %s", name(path), strings.Join(allowed, ", "), describe(n))
}

// fieldInfo describes one yaml-tagged field of a struct.
type fieldInfo struct {
	key    string
	index  int
	env    bool
	inline bool
}

// structInfo is the decoded tag table of a struct type.
type structInfo struct {
	fields []fieldInfo // in declaration order, inline field last
	byKey  map[string]fieldInfo
	inline *fieldInfo
}

var structCache sync.Map // reflect.Type -> *structInfo

// structFields returns the tag table of a struct type.
func structFields(t reflect.Type) *structInfo {
	if si, ok := structCache.Load(t); ok {
		return si.(*structInfo)
	}
	si := &structInfo{byKey: map[string]fieldInfo{}}
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		tag, ok := f.Tag.Lookup("yaml")
		if !ok || tag == "-" {
			continue
		}
		key, opts, _ := strings.Cut(tag, ",")
		fi := fieldInfo{key: key, index: i, env: f.Tag.Get("paramsql") == "env"}
		if opts == "inline" {
			fi.inline = true
			si.inline = &fi
			continue
		}
		si.fields = append(si.fields, fi)
		si.byKey[key] = fi
	}
	structCache.Store(t, si)
	return si
}

// keyValue is one entry of a mapping, after merge keys are expanded.
type keyValue struct {
	key, value *yaml.Node
	merged     bool // came from a << merge key; explicit keys override it
}

// pairs lists the entries of a mapping node, expanding << merge keys.
func (d *decoder) pairs(n *yaml.Node) []keyValue {
	var merged, own []keyValue
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, val := n.Content[i], n.Content[i+1]
		if k.ShortTag() == "!!merge" {
			for val.Kind == yaml.AliasNode {
				val = val.Alias
			}
			var sources []*yaml.Node
			if val.Kind == yaml.SequenceNode {
				sources = val.Content
			} else {
				sources = []*yaml.Node{val}
			}
			for _, s := range sources {
				for s.Kind == yaml.AliasNode {
					s = s.Alias
				}
				if s.Kind != yaml.MappingNode {
					d.errAt(s, "", "a << merge key needs a mapping, found %s", describe(s))
					continue
				}
				for _, kv := range d.pairs(s) {
					kv.merged = true
					merged = append(merged, kv)
				}
			}
			continue
		}
		own = append(own, keyValue{key: k, value: val})
	}
	// Drop merged entries that an explicit key (or a later merge) overrides.
	seen := map[string]bool{}
	for _, kv := range own {
		seen[kv.key.Value] = true
	}
	var out []keyValue
	for i := len(merged) - 1; i >= 0; i-- {
		kv := merged[i]
		if !seen[kv.key.Value] {
			seen[kv.key.Value] = true
			out = append(out, kv)
		}
	}
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return append(out, own...)
}

// checkKeys reports keys that are not plain strings and keys given twice,
// and returns the entries that can be used.
func (d *decoder) checkKeys(n *yaml.Node, path string) []keyValue {
	var out []keyValue
	first := map[string]*yaml.Node{}
	for _, kv := range d.pairs(n) {
		k := kv.key
		if k.Kind != yaml.ScalarNode || isNull(k) {
			d.errAt(k, "", "in %s: a key must be a plain name, found %s", name(path), describe(k))
			continue
		}
		if prev, ok := first[k.Value]; ok && !kv.merged {
			d.errAt(k, "", "%q is given twice in %s (first at line %d)", k.Value, name(path), prev.Line)
			continue
		}
		first[k.Value] = k
		out = append(out, kv)
	}
	return out
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func (d *decoder) decodeStruct(n *yaml.Node, v reflect.Value, path string) {
	if n.Kind != yaml.MappingNode {
		d.fail(n, path, "", "%s: expected a mapping, found %s", name(path), describe(n))
		return
	}
	si := structFields(v.Type())
	for _, kv := range d.checkKeys(n, path) {
		key := kv.key.Value
		fi, ok := si.byKey[key]
		if !ok {
			if si.inline != nil {
				m := v.Field(si.inline.index)
				if m.IsNil() {
					m.Set(reflect.MakeMap(m.Type()))
				}
				elem := reflect.New(m.Type().Elem()).Elem()
				d.decode(kv.value, elem, join(path, key), false)
				m.SetMapIndex(reflect.ValueOf(key), elem)
				continue
			}
			where := "in " + path
			if path == "" {
				where = "in " + d.what
			}
			d.errAt(kv.key, d.unknownHint(key, path, si), "unknown field %q %s", key, where)
			continue
		}
		d.decode(kv.value, v.Field(fi.index), join(path, key), fi.env)
	}
}

func (d *decoder) decodeMap(n *yaml.Node, v reflect.Value, path string, env bool) {
	if n.Kind != yaml.MappingNode {
		d.fail(n, path, "", "%s: expected a mapping, found %s", name(path), describe(n))
		return
	}
	t := v.Type()
	m := reflect.MakeMap(t)
	for _, kv := range d.checkKeys(n, path) {
		key := kv.key.Value
		elem := reflect.New(t.Elem()).Elem()
		p := join(path, key)
		if t.Elem().Kind() == reflect.String && isNull(kv.value) {
			d.pos[p] = position{kv.value.Line, kv.value.Column}
			d.errAt(kv.key, "", "%s has no value", p)
			continue
		}
		d.decode(kv.value, elem, p, env)
		m.SetMapIndex(reflect.ValueOf(key), elem)
	}
	v.Set(m)
}

// unknownHint suggests what an unknown key in the struct at path probably
// meant: a field of the same struct spelled alike, a field of that name
// elsewhere in the file, or else the list of fields allowed here.
func (d *decoder) unknownHint(key, path string, si *structInfo) string {
	var keys []string
	for _, f := range si.fields {
		keys = append(keys, f.key)
	}
	if h := suggest(key, keys); h != "" {
		return h
	}
	idx := fieldIndex(d.root)
	if h := belongs(key, path, idx[key]); h != "" {
		return h
	}
	// A misspelt field of another section.
	all := make([]string, 0, len(idx))
	for k := range idx {
		all = append(all, k)
	}
	sort.Strings(all)
	if h := suggest(key, all); h != "" {
		near := h[len(`did you mean "`) : len(h)-len(`"?`)]
		if b := belongs(near, path, idx[near]); b != "" {
			return h + " " + b
		}
	}
	return "allowed: " + strings.Join(keys, ", ")
}

// belongs says where else a key is allowed than in the mapping at path, or
// returns "" when it is allowed nowhere else.
func belongs(key, path string, paths []string) string {
	var elsewhere []string
	for _, p := range paths {
		if p != stripIndexes(path) {
			if p == "" {
				p = "the top level"
			}
			elsewhere = append(elsewhere, p)
		}
	}
	if len(elsewhere) == 0 {
		return ""
	}
	return fmt.Sprintf("%s belongs in %s", key, joinOr(elsewhere))
}

// joinOr joins words as "a, b or c".
func joinOr(words []string) string {
	if len(words) == 1 {
		return words[0]
	}
	return strings.Join(words[:len(words)-1], ", ") + " or " + words[len(words)-1]
}

var indexRE = regexp.MustCompile(`\[\d+\]`)

func stripIndexes(path string) string { return indexRE.ReplaceAllString(path, "[]") }

var fieldIndexCache sync.Map // reflect.Type -> map[string][]string

// fieldIndex maps every key that a file of root type may hold to the
// paths (with [] for list items) of the mappings that accept it.
func fieldIndex(root reflect.Type) map[string][]string {
	if root == nil {
		return nil
	}
	if idx, ok := fieldIndexCache.Load(root); ok {
		return idx.(map[string][]string)
	}
	idx := map[string][]string{}
	var walk func(t reflect.Type, path string)
	walk = func(t reflect.Type, path string) {
		switch t.Kind() {
		case reflect.Pointer:
			walk(t.Elem(), path)
		case reflect.Slice:
			walk(t.Elem(), path+"[]")
		case reflect.Map:
			if t.Elem().Kind() == reflect.Struct || t.Elem().Kind() == reflect.Pointer {
				walk(t.Elem(), path+".*")
			}
		case reflect.Struct:
			if t == durationType {
				return
			}
			for _, f := range structFields(t).fields {
				idx[f.key] = append(idx[f.key], path)
				walk(t.Field(f.index).Type, join(path, f.key))
			}
		}
	}
	walk(root, "")
	for _, paths := range idx {
		sort.Strings(paths)
	}
	fieldIndexCache.Store(root, idx)
	return idx
}

// suggest returns `did you mean "x"?` for the candidate closest to s, when
// one is close enough to be a likely typo.
func suggest(s string, candidates []string) string {
	limit := 1
	switch n := len([]rune(s)); {
	case n > 8:
		limit = 3
	case n > 4:
		limit = 2
	}
	best := editdistance.Closest(s, candidates, limit)
	if best == "" {
		return ""
	}
	return fmt.Sprintf("did you mean %q?", best)
}

var envRefRE = regexp.MustCompile(`\$\$\{|\$\{([^}]*)\}?`)
var envNameRE = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// expandEnv replaces ${NAME} with the value of the environment variable
// NAME. $${ stands for a literal ${. A variable that is not set is an error
// naming it.
func (d *decoder) expandEnv(n *yaml.Node, path, s string) string {
	out, errs := expandEnv(s, d.lookupEnv)
	if len(errs) > 0 {
		d.pos[path+"#envfail"] = position{n.Line, n.Column}
	}
	for _, e := range errs {
		d.fail(n, path, e.hint, "%s: %s", path, e.msg)
	}
	return out
}

type envError struct{ msg, hint string }

// expandEnv is the text replacement behind decoder.expandEnv.
func expandEnv(s string, lookup func(string) (string, bool)) (string, []envError) {
	var errs []envError
	out := envRefRE.ReplaceAllStringFunc(s, func(ref string) string {
		if ref == "$${" {
			return "${"
		}
		if !strings.HasSuffix(ref, "}") {
			errs = append(errs, envError{msg: fmt.Sprintf("unterminated %q", ref), hint: "write ${NAME}"})
			return ref
		}
		nm := ref[2 : len(ref)-1]
		if !envNameRE.MatchString(nm) {
			errs = append(errs, envError{msg: fmt.Sprintf("invalid environment variable reference %q", ref), hint: "a name is letters, digits and _, not starting with a digit"})
			return ref
		}
		val, ok := lookup(nm)
		if !ok {
			errs = append(errs, envError{msg: fmt.Sprintf("environment variable %s is not set", nm), hint: "set it in the environment paramsql runs in"})
			return ref
		}
		return val
	})
	return out, errs
}
