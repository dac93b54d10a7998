package main

import (
	"strings"
	"testing"
)

// TestCompileSiblings: compile --siblings prints one split statement for
// a group's references, --explain says how a trial is assigned, and a
// group whose members count different trials is refused by name.
func TestCompileSiblings(t *testing.T) {
	tests := []struct {
		name     string
		args     []string
		wantCode int
		wantOut  []string
		wantErr  string
	}{
		{
			name: "a group in one statement, explained",
			args: []string{"compile", "--siblings", "--explain", "--dialect", "clickhouse", "e.from(homepage).to(pricing).within(1h)", "e.from(homepage).to('o''brien').within(1h)"},
			wantOut: []string{"-- 1 scan: 2 sibling(s)", "a tie by the one declared first",
				"-- 2: e.from(homepage).to('o''brien').within(1h)", `AS "taken_2"`, `"node_slug" = 'o\'brien'`},
		},
		{
			name:     "different trials",
			args:     []string{"compile", "--siblings", "e.from(a).to(b).within(1h)", "e.from(a).to(c)"},
			wantCode: 1,
			wantErr:  "siblings must count the same trials",
		},
		{
			name:     "with --lag",
			args:     []string{"compile", "--siblings", "--lag", "e.from(a).to(b).within(1h)"},
			wantCode: 1,
			wantErr:  "drop --batch and --lag",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, errOut, code := runCLI(tt.args...)
			if code != tt.wantCode {
				t.Fatalf("exit %d, want %d; stderr: %s", code, tt.wantCode, errOut)
			}
			for _, w := range tt.wantOut {
				if !strings.Contains(out, w) {
					t.Errorf("stdout lacks %q:\n%s", w, out)
				}
			}
			if !strings.Contains(errOut, tt.wantErr) {
				t.Errorf("stderr %q lacks %q", errOut, tt.wantErr)
			}
		})
	}
}
