package config

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
)

// ParseParam decodes the parameter file data, naming it file in errors. It
// checks the shape of the file: unknown fields, types, allowed values,
// durations and ${ENV_VAR} references. The semantic checks are Validate's.
// On error the result is an ErrorList with every problem found (up to a
// limit), and the returned Param holds what could be read.
func ParseParam(file string, data []byte) (*Param, error) {
	d := newDecoder(file, "parameter file", reflect.TypeFor[Param]())
	p := &Param{File: file}
	root := d.parseDocument(data)
	if root == nil && len(d.errs) == 0 {
		d.errs = append(d.errs, &Error{File: file, Msg: "the parameter file is empty", Hint: "a parameter needs at least id and an observation"})
	}
	if root != nil {
		d.decode(root, reflect.ValueOf(p).Elem(), "", false)
	}
	p.pos = d.pos
	p.undecoded = len(d.errs) > 0
	return p, d.errs.limit().Err()
}

// LoadParam reads and decodes one parameter file; see ParseParam.
func LoadParam(path string) (*Param, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return ParseParam(path, data)
}

// LoadParams reads every *.yaml and *.yml file under dir (subdirectories
// included, in lexical order) as a parameter file, and checks that ids are
// unique across them. The error, if any, is an ErrorList covering every
// file; the parameters that could be read are returned with it.
func LoadParams(dir string) ([]*Param, error) {
	files, err := paramFiles(dir)
	if err != nil {
		return nil, err
	}
	var params []*Param
	var errs ErrorList
	for _, f := range files {
		p, err := LoadParam(f)
		var list ErrorList
		switch {
		case errors.As(err, &list):
			errs = append(errs, list...)
		case err != nil:
			errs = append(errs, &Error{File: f, Msg: err.Error()})
			continue
		}
		params = append(params, p)
	}
	errs = append(errs, duplicateIDs(params)...)
	errs.Sort()
	return params, errs.Err()
}

// paramFiles lists the parameter files under dir: every *.yaml and *.yml,
// subdirectories included, hidden ones left out, in lexical order.
func paramFiles(dir string) ([]string, error) {
	var files []string
	err := filepath.WalkDir(dir, func(path string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if e.IsDir() {
			if path != dir && strings.HasPrefix(e.Name(), ".") {
				return filepath.SkipDir
			}
			return nil
		}
		if ext := filepath.Ext(path); (ext == ".yaml" || ext == ".yml") && !strings.HasPrefix(e.Name(), ".") {
			files = append(files, path)
		}
		return nil
	})
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, &NoParamsDirError{Dir: dir}
		}
		return nil, err
	}
	sort.Strings(files)
	return files, nil
}

// duplicateIDs reports every parameter whose id an earlier one already
// uses, naming both files.
func duplicateIDs(params []*Param) ErrorList {
	var errs ErrorList
	first := map[string]*Param{}
	for _, p := range params {
		if p.ID == "" {
			continue
		}
		if q, ok := first[p.ID]; ok {
			at := q.at("id")
			e := p.errorf("id", "", "duplicate id %q: %s:%d:%d already defines it", p.ID, q.File, at.line, at.col)
			errs = append(errs, e)
			continue
		}
		first[p.ID] = p
	}
	return errs
}

// at returns the position of the value at path, or of the nearest enclosing
// value that was written, or 1:1 when nothing was.
func (p *Param) at(path string) position {
	return p.pos.at(path)
}

func (ps positions) at(path string) position {
	for {
		if pos, ok := ps[path]; ok {
			return pos
		}
		if path == "" {
			return position{1, 1}
		}
		i := strings.LastIndexAny(path, ".[")
		if i < 0 {
			path = ""
		} else {
			path = path[:i]
		}
	}
}

// has reports whether a value was written at path.
func (p *Param) has(path string) bool {
	_, ok := p.pos[path]
	return ok
}

// errorf makes an Error at the value at path.
func (p *Param) errorf(path, hint, format string, args ...any) *Error {
	pos := p.at(path)
	return &Error{File: p.File, Line: pos.line, Col: pos.col, Msg: fmt.Sprintf(format, args...), Hint: hint}
}

// ErrorAt makes an Error located at the value of field in the parameter's
// file, for problems found after loading (by the compiler or the runtime).
// field is a dotted path such as "edge_reference",
// "observation_source.connection" or "posterior_destination.destinations[1].table";
// when that field was not written, the nearest enclosing one is used.
func (p *Param) ErrorAt(field, msg, hint string) *Error {
	pos := p.at(field)
	return &Error{File: p.File, Line: pos.line, Col: pos.col, Msg: msg, Hint: hint}
}

// Load loads the project in dir and every parameter in its parameter
// directory, and validates each parameter against the project. The error
// is an ErrorList of every problem in every file, in file order.
func Load(dir string) (*Project, []*Param, error) {
	proj, err := LoadProject(dir)
	if err != nil {
		return nil, nil, err
	}
	params, err := LoadParams(proj.ParamsDir)
	var errs ErrorList
	var list ErrorList
	switch {
	case errors.As(err, &list):
		errs = append(errs, list...)
	case err != nil:
		return proj, nil, proj.paramsDirError(err)
	}
	for _, p := range params {
		// A file that did not decode is not validated too, as in
		// LoadEach: a YAML syntax error leaves every field unset, and
		// "id is required" would only hide the one real problem.
		if p.undecoded {
			continue
		}
		for _, e := range p.Validate(proj) {
			errs = append(errs, e.(*Error))
		}
	}
	for _, list := range proj.checkSiblings(params) {
		errs = append(errs, list...)
	}
	errs.Sort()
	return proj, params, errs.Err()
}

// NoParamsDirError is the error for a parameter directory that does not
// exist.
type NoParamsDirError struct{ Dir string }

func (e *NoParamsDirError) Error() string {
	return fmt.Sprintf("parameter directory %s does not exist", e.Dir)
}

// paramsDirError places a missing parameter directory at the project
// file's params: value when the file names one, so the typo is found at
// its file:line:col; other errors pass unchanged.
func (proj *Project) paramsDirError(err error) error {
	var missing *NoParamsDirError
	if !errors.As(err, &missing) || proj.File == "" || !proj.has("params") {
		return err
	}
	return proj.ErrorAt("params", missing.Error(), "params is relative to the project directory")
}
