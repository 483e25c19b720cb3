package anomaly

import (
	"math"
	"math/rand/v2"
	"testing"
)

// series generates weeks of hourly values: a daily curve (quiet nights,
// busy afternoons), quieter weekends, and noise.
func series(rng *rand.Rand, weeks int, level float64, counts bool) []float64 {
	out := make([]float64, weeks*Week)
	for i := range out {
		h, d := i%Day, (i/Day)%7
		daily := 0.25 + 0.75*math.Max(0, math.Sin(math.Pi*float64(h-6)/16))
		weekly := 1.0
		if d >= 5 {
			weekly = 0.4
		}
		mean := level * daily * weekly
		noise := rng.NormFloat64() * 0.05 * mean
		if counts {
			noise = rng.NormFloat64() * math.Sqrt(mean)
		}
		out[i] = math.Max(0, math.Round(mean+noise))
	}
	return out
}

// inject puts spikes and drops at random hours of the weeks after the
// learning period, where the value is large enough for a drop to be
// told from noise, and returns where.
func inject(rng *rand.Rand, xs []float64, n int, minValue float64) map[int]bool {
	at := map[int]bool{}
	for len(at) < n {
		i := 3*Week + rng.IntN(len(xs)-3*Week)
		if at[i] || at[i-1] || at[i+1] || xs[i] < minValue {
			continue
		}
		at[i] = true
		if len(at)%2 == 0 {
			xs[i] *= 4 // spike
		} else {
			xs[i] *= 0.1 // drop
		}
	}
	return at
}

func score(t *testing.T, name string, got []Anomaly, want map[int]bool, from int) {
	t.Helper()
	tp, fp := 0, 0
	for _, a := range got {
		if a.Index < from {
			continue
		}
		if want[a.Index] {
			tp++
		} else {
			fp++
		}
	}
	precision := float64(tp) / math.Max(1, float64(tp+fp))
	recall := float64(tp) / float64(len(want))
	t.Logf("%s: %d injected, %d true and %d false detections: precision %.2f recall %.2f", name, len(want), tp, fp, precision, recall)
	if precision < 0.9 || recall < 0.9 {
		t.Errorf("%s: precision %.2f recall %.2f, want both >= 0.9", name, precision, recall)
	}
}

func TestInvocationSpikesAndDrops(t *testing.T) {
	for seed := range uint64(5) {
		rng := rand.New(rand.NewPCG(seed, 7))
		xs := series(rng, 8, 400, true)
		want := inject(rng, xs, 20, 100)
		score(t, "invocations", Detect(xs, Options{Counts: true}), want, 3*Week)
	}
}

func TestDurationSpikes(t *testing.T) {
	rng := rand.New(rand.NewPCG(42, 1))
	xs := series(rng, 8, 800, false) // milliseconds, 5% noise
	want := inject(rng, xs, 20, 300)
	score(t, "duration", Detect(xs, Options{MinDelta: 50}), want, 3*Week)
}

// TestQuietSeries checks that a function with a handful of calls an hour
// does not alert on ordinary noise, and does on a burst of errors.
func TestQuietSeries(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 3))
	xs := series(rng, 6, 3, true)
	if got := Detect(xs, Options{Counts: true}); len(got) != 0 {
		t.Errorf("noise on a quiet series raised %d anomalies, first %+v", len(got), got[0])
	}
	burst := 4*Week + 14
	xs[burst] += 60
	got := Detect(xs, Options{Counts: true})
	if len(got) != 1 || got[0].Index != burst || got[0].Score <= 0 {
		t.Errorf("burst of errors: got %+v, want one spike at %d", got, burst)
	}
}

func TestShortSeries(t *testing.T) {
	for _, xs := range [][]float64{nil, {1}, make([]float64, Day)} {
		if got := Detect(xs, Options{}); len(got) != 0 {
			t.Errorf("Detect(%d points) = %v, want none without a baseline", len(xs), got)
		}
	}
}
