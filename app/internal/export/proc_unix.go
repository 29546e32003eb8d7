//go:build unix

package export

import (
	"os/exec"
	"syscall"
)

// killGroup makes cancelling cmd kill its whole process group: soffice is a
// wrapper that starts soffice.bin, which must not outlive a timeout.
func killGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error {
		if cmd.Process == nil {
			return nil
		}
		return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	}
}
