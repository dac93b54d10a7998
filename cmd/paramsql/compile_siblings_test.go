package main

import "testing"

// TestCompileSiblings: compile --siblings prints one split statement for
// a group's references, --explain says how a trial is assigned, and a
// group whose members count different trials is refused by name.
func TestCompileSiblings(t *testing.T) {
	tests := []cliCase{
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
	runCLICases(t, tests)
}
