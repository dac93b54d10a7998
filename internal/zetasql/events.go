package zetasql

import "github.com/paramsql/paramsql/internal/events"

// EventsTable is an events table as the other engines' tests create it
// (testdb.EventColumns): four STRING columns, created_at as a TIMESTAMP,
// then one nullable STRING per events.ContextKeys.
func EventsTable(name string, evs []events.Event) Table {
	t := Table{Name: name, Columns: []Column{
		{Name: "user_id", Kind: String}, {Name: "session_id", Kind: String},
		{Name: "event_type", Kind: String}, {Name: "node_slug", Kind: String},
		{Name: "created_at", Kind: Timestamp},
	}}
	for _, k := range events.ContextKeys {
		t.Columns = append(t.Columns, Column{Name: k, Kind: String})
	}
	t.Rows = make([][]any, len(evs))
	for i, ev := range evs {
		row := []any{ev.UserID, ev.SessionID, ev.EventType, ev.NodeSlug, ev.CreatedAt.UTC()}
		for _, k := range events.ContextKeys {
			if v := ev.Context[k]; v != nil {
				row = append(row, *v)
			} else {
				row = append(row, nil)
			}
		}
		t.Rows[i] = row
	}
	return t
}
