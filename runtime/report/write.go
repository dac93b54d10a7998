package report

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

//go:embed templates
var templates embed.FS

// Page names inside the output directory.
const (
	IndexFile = "index.html"
	ParamsDir = "params"
)

// ParamFile is the path of a parameter's page, relative to the output
// directory. Parameter ids are letters, digits, '-', '_' and '.' (the
// config refuses others), so they name files as they are.
func ParamFile(id string) string { return filepath.Join(ParamsDir, id+".html") }

var funcs = template.FuncMap{
	"rate": func(v any) string {
		switch x := v.(type) {
		case float64:
			return fmt.Sprintf("%.4f", x)
		case *float64:
			if x != nil {
				return fmt.Sprintf("%.4f", *x)
			}
		}
		return "–"
	},
	"z": func(v *float64) string {
		if v == nil {
			return "–"
		}
		return fmt.Sprintf("%+.2f", *v)
	},
	"int": func(v *int64) string {
		if v == nil {
			return "–"
		}
		return fmt.Sprint(*v)
	},
	"date":  func(t time.Time) string { return t.UTC().Format(time.DateOnly) },
	"stamp": func(t time.Time) string { return t.UTC().Format("2006-01-02 15:04 UTC") },
	"statusClass": func(s string) string {
		return strings.Fields(s + " x")[0] // "not recorded" -> not
	},
	"paramHref": func(id string) string { return id + ".html" },
}

var (
	indexTmpl = template.Must(template.New("index.html").Funcs(funcs).ParseFS(templates, "templates/index.html"))
	paramTmpl = template.Must(template.New("param.html").Funcs(funcs).ParseFS(templates, "templates/param.html"))
)

// style is the stylesheet every page inlines.
func style() (template.CSS, error) {
	b, err := templates.ReadFile("templates/style.css")
	// The stylesheet is ours, embedded in the binary: trusted.
	return template.CSS(b), err
}

type indexRow struct {
	P     *Param
	Href  string
	Spark template.HTML
}

type forestView struct {
	F     *Forest
	Chart template.HTML
}

type paramPage struct {
	P                         *Param
	CSS                       template.CSS
	GeneratedAt               time.Time
	Density, History, Periods template.HTML
	Forests                   []forestView
}

// Write renders the report into dir: index.html and params/ID.html for
// each parameter. Files are written whole through a temporary name, so a
// reader never sees half a page.
func Write(rep *Report, dir string) error {
	css, err := style()
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Join(dir, ParamsDir), 0o755); err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) && errors.Is(err, syscall.ENOTDIR) {
			return fmt.Errorf("the report directory %s cannot be made: %s is a file, not a directory", dir, pe.Path)
		}
		return fmt.Errorf("the report directory %s cannot be made: %w", dir, err)
	}
	idx := struct {
		Report *Report
		CSS    template.CSS
		Rows   []indexRow
		Alerts int
	}{Report: rep, CSS: css}
	for _, p := range rep.Params {
		spark, err := sparkline(p.History)
		if err != nil {
			return fmt.Errorf("%s: sparkline: %w", p.ID, err)
		}
		idx.Rows = append(idx.Rows, indexRow{P: p, Href: filepath.ToSlash(ParamFile(p.ID)), Spark: spark})
		if p.Alert() {
			idx.Alerts++
		}
		page, err := pageOf(p, css, rep.GeneratedAt)
		if err != nil {
			return fmt.Errorf("%s: %w", p.ID, err)
		}
		if err := render(paramTmpl, page, filepath.Join(dir, ParamFile(p.ID))); err != nil {
			return err
		}
	}
	return render(indexTmpl, idx, filepath.Join(dir, IndexFile))
}

// pageOf draws a parameter's charts.
func pageOf(p *Param, css template.CSS, at time.Time) (*paramPage, error) {
	page := &paramPage{P: p, CSS: css, GeneratedAt: at}
	var err error
	if p.Densities != nil {
		if page.Density, err = densityChart(p.Densities); err != nil {
			return nil, fmt.Errorf("density chart: %w", err)
		}
	}
	if page.History, err = historyChart(p.History); err != nil {
		return nil, fmt.Errorf("history chart: %w", err)
	}
	if len(p.Periods) > 0 {
		var prior *Beta
		if p.Densities != nil {
			prior = p.Densities.Prior
		}
		if page.Periods, err = periodsChart(p.Periods, prior); err != nil {
			return nil, fmt.Errorf("periods chart: %w", err)
		}
	}
	for _, f := range p.Forests {
		chart, err := forestChart(f)
		if err != nil {
			return nil, fmt.Errorf("forest chart: %w", err)
		}
		page.Forests = append(page.Forests, forestView{F: f, Chart: chart})
	}
	return page, nil
}

func render(t *template.Template, data any, path string) error {
	var buf bytes.Buffer
	if err := t.Execute(&buf, data); err != nil {
		return fmt.Errorf("render %s: %w", path, err)
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, buf.Bytes(), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}
