//go:build !unix

package export

import "os/exec"

// killGroup is a no-op where process groups are not available; cancelling
// kills soffice itself.
func killGroup(cmd *exec.Cmd) {}
