package main

import "testing"

// TestHistoryOfAnUnknownID: history of a typo lists the project's ids;
// of a parameter that never ran, says so.
func TestHistoryOfAnUnknownID(t *testing.T) {
	dir := testProject(t, map[string]string{"a.yaml": simpleParam("signup", "e.signup", ""), "b.yaml": simpleParam("checkout", "e.checkout", ""),
		"c.yaml": simpleParam("broken", "e.checkout.visted(a)", "")})
	if _, errOut, code := runCLI("update", "--project", dir, "--as-of", "2025-03-01", "signup"); code != 0 {
		t.Fatalf("update: %s", errOut)
	}
	runCLICases(t, []cliCase{
		{name: "typo", args: []string{"history", "--project", dir, "sigup"}, wantCode: 1,
			wantErr: `no parameter "sigup" in the project and no stored posteriors for it (known: broken, checkout, signup)`},
		{name: "never updated", args: []string{"history", "--project", dir, "checkout"}, wantCode: 1,
			wantErr: `it has not been updated yet (run paramsql update checkout)`},
		{name: "broken file", args: []string{"history", "--project", dir, "broken"}, wantCode: 1,
			wantErr: `no stored posteriors for "broken" in parameter_posteriors, and its parameter file does not load: `},
	})
}

// TestMissingArgumentsSayWhatIsNeeded: a command given too few or too
// many arguments names the argument and shows an example, where cobra
// said "accepts 1 arg(s), received 0".
func TestMissingArgumentsSayWhatIsNeeded(t *testing.T) {
	runCLICases(t, []cliCase{
		{name: "history without an id", args: []string{"history"}, wantCode: 1,
			wantErr: "paramsql: history needs a parameter id, as in: paramsql history signup-google-mobile"},
		{name: "render with two ids", args: []string{"render", "a", "b"}, wantCode: 1,
			wantErr: `paramsql: render takes one argument, a parameter id; found 2: ["a" "b"]`},
		{name: "fmt without a reference", args: []string{"fmt"}, wantCode: 1,
			wantErr: "paramsql: fmt needs an edge reference, or - to read them from standard input"},
		{name: "compile without a reference", args: []string{"compile"}, wantCode: 1,
			wantErr: "paramsql: compile needs an edge reference, as in"},
	})
}
