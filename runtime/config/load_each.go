package config

import (
	"errors"
	"path/filepath"
	"sort"
	"strings"
)

// BrokenParam is a parameter file that cannot run: it failed to decode
// (a typo, a missing environment variable) or to validate against the
// project.
type BrokenParam struct {
	// File is the parameter file's path.
	File string
	// ID is the file's id when it could be read, else the file's name
	// without its extension, so `update ID` can still name it.
	ID string
	// Errors are the file's problems, each at its file:line:col.
	Errors ErrorList
}

// Error lists the file's problems on one line, for a run's summary.
func (b BrokenParam) Error() string {
	msgs := make([]string, len(b.Errors))
	for i, e := range b.Errors {
		msgs[i] = e.Error()
	}
	return strings.Join(msgs, "; ")
}

// LoadEach loads the project in dir and its parameter files as Load does,
// but keeps each file's problems to that file: the files that decode and
// validate are returned in params, the others in broken, in file order, so
// one bad file does not stop the update of the rest. The error is only
// for what every parameter needs: paramsql.yaml and the parameter
// directory.
func LoadEach(dir string) (proj *Project, params []*Param, broken []BrokenParam, err error) {
	proj, err = LoadProject(dir)
	if err != nil {
		return nil, nil, nil, err
	}
	files, err := paramFiles(proj.ParamsDir)
	if err != nil {
		return proj, nil, nil, proj.paramsDirError(err)
	}
	type loaded struct {
		p    *Param
		errs ErrorList
	}
	var all []loaded
	var parsed []*Param
	for _, f := range files {
		p, err := LoadParam(f)
		var list ErrorList
		switch {
		case errors.As(err, &list):
		case err != nil:
			list = ErrorList{{File: f, Msg: err.Error()}}
		}
		if p == nil {
			p = &Param{File: f}
		} else {
			parsed = append(parsed, p)
		}
		all = append(all, loaded{p, list})
	}
	dups := map[*Param]ErrorList{}
	for _, e := range duplicateIDs(parsed) {
		for _, p := range parsed {
			if p.File == e.File {
				dups[p] = append(dups[p], e)
			}
		}
	}
	for _, l := range all {
		errs := append(l.errs, dups[l.p]...)
		if len(errs) == 0 {
			for _, e := range l.p.Validate(proj) {
				errs = append(errs, e.(*Error))
			}
		}
		if len(errs) > 0 {
			errs.Sort()
			id := brokenID(l.p)
			if len(dups[l.p]) > 0 {
				// The id belongs to the earlier file, which may run.
				id = fileID(l.p.File)
			}
			broken = append(broken, BrokenParam{File: l.p.File, ID: id, Errors: errs})
			continue
		}
		params = append(params, l.p)
	}
	// A sibling group is checked across its files; a member that breaks
	// the group's rule cannot run either.
	if bad := proj.checkSiblings(params); len(bad) > 0 {
		ok := params[:0]
		for _, p := range params {
			if errs := bad[p]; len(errs) > 0 {
				errs.Sort()
				broken = append(broken, BrokenParam{File: p.File, ID: brokenID(p), Errors: errs})
				continue
			}
			ok = append(ok, p)
		}
		params = ok
		sort.SliceStable(broken, func(a, b int) bool { return broken[a].File < broken[b].File })
	}
	return proj, params, broken, nil
}

// brokenID is the id a broken file goes by: its own when it has one, else
// its file name.
func brokenID(p *Param) string {
	if p.ID != "" {
		return p.ID
	}
	return fileID(p.File)
}

func fileID(file string) string {
	return strings.TrimSuffix(filepath.Base(file), filepath.Ext(file))
}
