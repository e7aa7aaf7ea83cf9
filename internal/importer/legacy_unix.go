//go:build unix

package importer

import (
	"os/exec"
	"syscall"
)

// ownGroup runs the converter in its own process group and kills the
// whole group on timeout: soffice is a launcher whose worker would
// otherwise outlive it.
func ownGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
}
