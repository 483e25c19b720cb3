package logs

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestAnomalyFromLogs writes five weeks of platform.report lines for one
// function, steady per hour of the week, with one hour of ten times the
// usual invocations and another of slow invocations, and checks that
// exactly those are raised.
func TestAnomalyFromLogs(t *testing.T) {
	path := filepath.Join(t.TempDir(), "orders.log")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	start := time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC) // a Monday
	const spike, slow = 4*168 + 30, 4*168 + 100
	for h := range 5 * 168 {
		n := 10 + (h%24)*2 // a daily shape
		if (h/24)%7 >= 5 {
			n /= 2 // quiet weekends
		}
		dur := 120.0
		if h == spike {
			n *= 10
		}
		if h == slow {
			dur = 900
		}
		for k := range n {
			ts := start.Add(time.Duration(h)*time.Hour + time.Duration(k)*time.Second)
			fmt.Fprintf(w, `{"time":%q,"type":"platform.report","record":{"requestId":"r%d-%d","metrics":{"durationMs":%.1f,"billedDurationMs":121,"memorySizeMB":128,"maxMemoryUsedMB":60},"status":"success"}}`+"\n",
				ts.Format(time.RFC3339Nano), h, k, dur+float64(k%7))
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	res, err := Analyze([]string{path}, nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, a := range res.Alerts {
		got = append(got, a.ID+" "+a.Evidence[0].Time)
	}
	want := []string{
		"LOG104 " + start.Add(spike*time.Hour).Format(time.RFC3339),
		"LOG106 " + start.Add(slow*time.Hour).Format(time.RFC3339),
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("alerts %v, want %v", got, want)
	}
}
