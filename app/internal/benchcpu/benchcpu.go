// Package benchcpu reports a benchmark's CPU time (user and system, of the
// whole process) per operation as cpu-ns/op, which other work on a shared
// machine disturbs far less than wall time. Benchmarks of several
// packages use it; it imports only testing and the standard library.
package benchcpu

import (
	"syscall"
	"testing"
	"time"
)

// Metric starts measuring; call it after the setup, as
// defer benchcpu.Metric(b)(). The returned function stops the timer and
// reports cpu-ns/op.
func Metric(b *testing.B) func() {
	b.ResetTimer()
	start := processCPU()
	return func() {
		b.StopTimer()
		if b.N > 0 {
			b.ReportMetric(float64(processCPU()-start)/float64(b.N), "cpu-ns/op")
		}
	}
}

func processCPU() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
