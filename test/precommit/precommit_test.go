// Package precommit holds the real pre-commit test: run.sh installs
// Debian's pre-commit package when missing, and drives milint as a hook in
// a temporary git repository.
package precommit

import (
	"os"
	"os/exec"
	"testing"
)

// TestPreCommit runs run.sh when MILINT_PRECOMMIT=1 (it may need apt and
// root, so it is opt-in; .ci/run calls the script directly).
func TestPreCommit(t *testing.T) {
	if os.Getenv("MILINT_PRECOMMIT") != "1" {
		t.Skip("set MILINT_PRECOMMIT=1 to run the real pre-commit test (installs Debian's pre-commit if missing)")
	}
	cmd := exec.Command("bash", "run.sh")
	out, err := cmd.CombinedOutput()
	t.Logf("%s", out)
	if err != nil {
		t.Fatalf("run.sh: %v", err)
	}
}
