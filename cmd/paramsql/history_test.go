package main

import "testing"

// TestHistoryOfAnUnknownID: history of a typo lists the project's ids;
// of a parameter that never ran, says so.
func TestHistoryOfAnUnknownID(t *testing.T) {
	dir := testProject(t, map[string]string{"a.yaml": simpleParam("signup", "e.signup", ""), "b.yaml": simpleParam("checkout", "e.checkout", "")})
	if _, errOut, code := runCLI("update", "--project", dir, "--as-of", "2025-03-01", "signup"); code != 0 {
		t.Fatalf("update: %s", errOut)
	}
	runCLICases(t, []cliCase{
		{name: "typo", args: []string{"history", "--project", dir, "sigup"}, wantCode: 1,
			wantErr: `no parameter "sigup" in the project and no stored posteriors for it (known: checkout, signup)`},
		{name: "never updated", args: []string{"history", "--project", dir, "checkout"}, wantCode: 1,
			wantErr: `it has not been updated yet (run paramsql update checkout)`},
	})
}
