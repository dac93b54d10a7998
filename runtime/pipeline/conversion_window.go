package pipeline

import (
	"time"

	"github.com/paramsql/paramsql/compiler"
	"github.com/paramsql/paramsql/runtime/config"
)

// applyConversionWindow gives q, an edge reference without within(), the
// parameter's observation_source.conversion_window, else the project's
// window.conversion_window, so that its entries are counted with that
// much time to convert (and the rest reported immature) instead of
// needing the to-event inside the window. A reference with within()
// keeps its own; with neither setting, q is left as written.
func applyConversionWindow(q *compiler.Query, p *config.Param, proj *config.Project) {
	if q.Within != nil {
		return
	}
	w := proj.Window.ConversionWindow
	if o := p.ObservationSource; o != nil && o.ConversionWindow > 0 {
		w = o.ConversionWindow
	}
	if w <= 0 {
		return
	}
	d := withinDuration(w)
	q.Within = &d
}

// withinDuration spells w in the largest of the language's units (d, h,
// m, s) that divides it, so the reference prints as one would write it.
func withinDuration(w time.Duration) compiler.Duration {
	secs := int64(w / time.Second)
	for _, u := range []struct {
		unit byte
		secs int64
	}{{'d', 86400}, {'h', 3600}, {'m', 60}} {
		if secs%u.secs == 0 {
			return compiler.Duration{Amount: secs / u.secs, Unit: u.unit}
		}
	}
	return compiler.Duration{Amount: secs, Unit: 's'}
}
