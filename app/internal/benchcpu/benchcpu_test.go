package benchcpu

import "testing"

// BenchmarkMetric burns a little CPU per op; its cpu-ns/op must come out
// positive (a metric that cannot move would be no measure).
func BenchmarkMetric(b *testing.B) {
	defer Metric(b)()
	x := 0
	for b.Loop() {
		for i := range 10000 {
			x += i * i
		}
	}
	sink = x
}

var sink int

func TestMetricReportsCPU(t *testing.T) {
	r := testing.Benchmark(BenchmarkMetric)
	if v, ok := r.Extra["cpu-ns/op"]; !ok || v <= 0 {
		t.Fatalf("cpu-ns/op = %v (present %v), want > 0", v, ok)
	}
}
