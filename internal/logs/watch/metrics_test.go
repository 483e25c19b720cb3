package watch

import (
	"bytes"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/slsguard/slsguard/internal/logs/anomaly"
	"github.com/slsguard/slsguard/internal/logs/detect"
	"github.com/slsguard/slsguard/internal/logs/store"
)

// metricRecord is one Firehose record of a metric stream: the records
// of one function's hour, one JSON object a line.
func metricRecord(fn string, at time.Time, invocations, throttles float64) []byte {
	var b bytes.Buffer
	for m := 0; m < 60; m += 20 {
		ts := at.Add(time.Duration(m) * time.Minute).UnixMilli()
		for _, x := range []struct {
			metric string
			sum    float64
		}{{"Invocations", invocations / 3}, {"Throttles", throttles / 3}} {
			fmt.Fprintf(&b, `{"metric_stream_name":"s","account_id":"123456789012","region":"eu-west-1","namespace":"AWS/Lambda",`+
				`"metric_name":%q,"dimensions":{"FunctionName":%q},"timestamp":%d,"value":{"max":%g,"min":0,"sum":%g,"count":20},"unit":"Count"}`+"\n",
				x.metric, fn, ts, x.sum, x.sum)
		}
	}
	return b.Bytes()
}

// TestProcessorMetrics feeds five weeks of metric stream records, an hour
// at a time as Firehose delivers them, some gzip-compressed, and checks
// that the throttle flood and the first-ever throttling are raised once,
// as soon as their hour is complete, and that metrics add nothing to the
// state's hours (the logs count invocations there).
func TestProcessorMetrics(t *testing.T) {
	st, err := store.Open(filepath.Join(t.TempDir(), "state.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	p := NewProcessor(detect.Config{}, st)
	start := time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC)
	const flood, first = 4*anomaly.Week + 30, 3*anomaly.Week + 7
	var got []string
	for h := range 5 * anomaly.Week {
		at := start.Add(time.Duration(h) * time.Hour)
		thr := 0.0
		if h%24 == 12 {
			thr = 3
		}
		if h == flood {
			thr = 150
		}
		orders := metricRecord("orders-api", at, float64(30+h%24), thr)
		if h%2 == 0 {
			orders = gz(t, orders)
		}
		thr = 0
		if h == first {
			thr = 6
		}
		for _, rec := range [][]byte{orders, metricRecord("thumbnailer", at, 9, thr)} {
			as, err := p.FeedRecord(fmt.Sprintf("firehose:%d", h), rec)
			if err != nil {
				t.Fatal(err)
			}
			for _, a := range as {
				got = append(got, fmt.Sprintf("%s %s %s at hour %d", a.ID, a.Evidence[0].Principal, a.Evidence[0].Time, h))
			}
		}
	}
	want := []string{
		fmt.Sprintf("LOG109 thumbnailer %s at hour %d", start.Add(first*time.Hour).Format(time.RFC3339), first+1),
		fmt.Sprintf("LOG108 orders-api %s at hour %d", start.Add(flood*time.Hour).Format(time.RFC3339), flood+1),
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("alerts (-want +got):\n%s", diff)
	}
	hours, err := st.Series("orders-api", 0, start.Add(5*anomaly.Week*time.Hour).Unix()/3600)
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range hours {
		if h.Invocations != 0 {
			t.Fatalf("metrics reached the state: %+v", h)
		}
	}
}
