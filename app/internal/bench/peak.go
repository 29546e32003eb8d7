package bench

import (
	"bufio"
	"os"
	"strings"
)

// EnvPeakRSS names a file into which the process writes its own peak
// resident set size (Linux VmHWM, e.g. "65432 kB") when a command ends.
// `fgdesk bench` uses it: a child's rusage on Linux also counts pages of
// the parent it was started from, so the child must say it itself.
const EnvPeakRSS = "FGDESK_PEAK_RSS_FILE"

// ReportPeakRSS writes VmHWM to $FGDESK_PEAK_RSS_FILE, if set.
func ReportPeakRSS() {
	path := os.Getenv(EnvPeakRSS)
	if path == "" {
		return
	}
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			os.WriteFile(path, []byte(strings.TrimSpace(v)), 0o644)
			return
		}
	}
}
