package main

import (
	"fmt"
	"io"
	"time"

	"github.com/paramsql/paramsql/runtime/pipeline"
)

// lagNote is what the summary says of a fitted time to convert: its
// median and t95, and under maturity: model the trials the update counted.
func lagNote(l *pipeline.LagResult) string {
	if l == nil {
		return ""
	}
	s := fmt.Sprintf("lag median %s, t95 %s", seconds(l.MedianSeconds), seconds(l.T95Seconds))
	if l.EffectiveTrials > 0 {
		s += fmt.Sprintf(", %.1f effective trials (maturity: model)", l.EffectiveTrials)
	}
	return s
}

// printCohorts writes one indented row per immature cohort under its
// parameter's row: its age, trials and successes so far, and its
// completeness as the note.
func printCohorts(tw io.Writer, l *pipeline.LagResult) {
	if l == nil {
		return
	}
	for _, c := range l.Cohorts {
		fmt.Fprintf(tw, "  immature, %s to %s old\t\t\t%d\t%d\t\t\t\tcompleteness %.2f\n",
			seconds(float64(c.AgeFromSeconds)), seconds(float64(c.AgeUpToSeconds)), c.Trials, c.Successes, c.Completeness)
	}
}

// lagColumn is the history table's LAG cell: median/t95, or "-".
func lagColumn(entry pipeline.HistoryEntry) string {
	if entry.Lag == nil {
		return "-"
	}
	return seconds(entry.Lag.MedianSeconds) + "/" + seconds(entry.Lag.T95Seconds)
}

// seconds writes a duration in seconds rounded to what a reader needs.
func seconds(s float64) string {
	d := time.Duration(s * float64(time.Second))
	switch {
	case d >= time.Hour:
		d = d.Round(time.Minute)
	case d >= time.Minute:
		d = d.Round(time.Second)
	}
	return d.String()
}
