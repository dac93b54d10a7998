package pipeline

import (
	"context"
	"fmt"
	"time"

	"github.com/paramsql/paramsql/dialects"
)

// emptyWindowNote says, for a parameter that counted no trials, whether
// its window held no events at all and where the events end, which is
// the likely reason (a demo or an export that stopped). It returns ""
// when the window has events (the trials are then truly zero) or when
// the events table cannot be asked.
func (r *Runner) emptyWindowNote(ctx context.Context, j *job) string {
	db, err := r.conn(ctx, j.param.ConnectionName(r.Project))
	if err != nil {
		return ""
	}
	q, err := dialects.EventsInWindow(db.Dialect(), r.Project.Schema)
	if err != nil {
		return ""
	}
	res, err := db.Query(ctx, q, j.start, j.end)
	if err != nil || len(res.Rows) != 1 {
		return ""
	}
	if n, ok := res.Rows[0][0].(int64); !ok || n != 0 {
		return ""
	}
	window := j.start.UTC().Format(time.RFC3339) + " to " + j.end.UTC().Format(time.RFC3339)
	latest, ok := res.Rows[0][1].(time.Time)
	if !ok {
		return fmt.Sprintf("the window %s holds no events: the events table %s is empty", window, r.Project.Schema.Table)
	}
	return fmt.Sprintf("the window %s holds no events: the latest event is at %s", window, latest.UTC().Format(time.RFC3339))
}
